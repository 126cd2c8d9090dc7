/**
 * A fixed order of accounts that does not depend on the order they were given in: every tie-break in
 * automap goes by this order, so a CRM read back in another order (Dataverse without $orderby) gives
 * the same decisions. The order is by a 53-bit hash of the id, then by the id itself.
 *
 * Why not sort by id: comparing 100,000 strings through a comparator takes about 150 ms here, a tenth
 * of the time budget; a typed-array sort of numbers takes a few. Hand-written hash (cyrb53, public
 * domain): a few lines, and no package is needed for them.
 */

/** 53-bit string hash (cyrb53 by bryc): well mixed, and exact as a JavaScript number. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The positions of `ids` in the fixed order. Each sort key packs the top bits of the hash above the
 * position, so one Float64Array sort does it; ids whose kept hash bits collide are put in id order.
 */
export function stableOrder(ids: readonly string[]): Int32Array {
  const count = ids.length;
  const positionBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  const positionSpan = 2 ** positionBits;
  const keys = new Float64Array(count);
  // The hash's top (53 - positionBits) bits, then the position: exact integers below 2^53.
  for (let i = 0; i < count; i++) keys[i] = Math.floor(hash53(ids[i]) / positionSpan) * positionSpan + i;
  keys.sort();
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = keys[k] % positionSpan;
  // Runs with the same kept hash bits (rare) go by id, so that the order never depends on positions.
  for (let start = 0; start < count;) {
    let end = start + 1;
    const bucket = Math.floor(keys[start] / positionSpan);
    while (end < count && Math.floor(keys[end] / positionSpan) === bucket) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end)).sort((a, b) =>
        ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : a - b,
      );
      order.set(run, start);
    }
    start = end;
  }
  return order;
}
