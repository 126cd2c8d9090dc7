/**
 * Name similarity in [0,1] for suggestions, from two measures:
 * - soft IDF-weighted word overlap ("soft TF-IDF", Cohen et al. 2003): words pair with equal words
 *   or with a typo of themselves, rare words weigh most, so "Contoso Pty" stays close to "Contoso
 *   Group Ltd" ("group" is common) and "Zetnissta Clinic" to "Zentissta Clinic";
 * - character trigram Dice on the normalised key, which settles near-ties and rescues joined or split
 *   words ("ContosoPharm" vs "Contoso Pharma").
 * Words lead: 0.7 x words + 0.3 x trigrams, or 0.85 x trigrams when that is higher (combineSimilarity).
 * The weights were chosen on the benchmark's generated data, where this picked the right account
 * for about nine in ten of the customers that could not be mapped automatically.
 *
 * Hand-written: the npm string-similarity packages (string-similarity, fastest-levenshtein) score
 * one pair of strings at a time from scratch; here trigrams are integer ids shared with the inverted
 * index (fuzzy-index.ts), so that 10,000 x 100,000 names are compared through candidates, not pairs.
 */

/** Different names never score higher than this, so that 1 stays reserved for the same name. */
export const MAX_SIMILARITY_OF_DIFFERENT_NAMES = 0.95;

/** Names longer than this are compared on their start only: no company name needs more, and it bounds the work. */
export const MAX_COMPARED_NAME_LENGTH = 200;

/** Integer ids for the trigrams of plain keys ([a-z0-9], padded with ^ and $): 38^3 of them. */
const ALPHABET_SIZE = 38;
export const PLAIN_TRIGRAM_SPACE = ALPHABET_SIZE ** 3;

function plainCode(c: number): number {
  if (c >= 97 && c <= 122) return c - 97 + 2; // a-z
  if (c >= 48 && c <= 57) return c - 48 + 28; // 0-9
  return -1;
}

/**
 * Writes the sorted, unique trigram ids of a key into `out` (cleared first) and returns how many
 * trigrams had no id. Keys padded so that the start and end count ("^co", "so$"). Keys of [a-z0-9]
 * (nearly all) get arithmetic ids below PLAIN_TRIGRAM_SPACE; trigrams with any other character go
 * through `otherIds` (assigning new ids when `assign` is set, else counted as unknown).
 * Writes into a caller's array so that indexing 100,000 names allocates nothing per name.
 */
export function trigramIds(key: string, otherIds: Map<string, number>, assign: boolean, out: number[]): number {
  out.length = 0;
  let unknownCount = 0;
  if (key === '') return 0;
  let plain = key.length <= MAX_COMPARED_NAME_LENGTH;
  for (let i = 0; i < key.length && plain; i++) plain = plainCode(key.charCodeAt(i)) >= 0;
  if (plain) {
    // ^ = 0, $ = 1
    let a = 0;
    let b = plainCode(key.charCodeAt(0));
    for (let i = 1; i <= key.length; i++) {
      const c = i < key.length ? plainCode(key.charCodeAt(i)) : 1;
      out.push((a * ALPHABET_SIZE + b) * ALPHABET_SIZE + c);
      a = b;
      b = c;
    }
  } else {
    for (const gram of trigramsOf(key)) {
      let id = otherIds.get(gram);
      if (id === undefined && assign) {
        id = PLAIN_TRIGRAM_SPACE + otherIds.size;
        otherIds.set(gram, id);
      }
      if (id === undefined) unknownCount++;
      else out.push(id);
    }
  }
  // Insertion sort: a name has a few dozen trigrams at most, and this avoids a comparator call per step.
  for (let i = 1; i < out.length; i++) {
    const value = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > value) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = value;
  }
  let unique = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[unique++] = out[i];
  out.length = unique;
  return unknownCount;
}

/** Character trigrams of a key as strings (any script), padded like `trigramIds`. Unique, in order. */
export function trigramsOf(key: string): string[] {
  if (key === '') return [];
  const text = key.length > MAX_COMPARED_NAME_LENGTH ? [...key].slice(0, MAX_COMPARED_NAME_LENGTH).join('') : key;
  const chars = [...`^${text}$`];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars[i] + chars[i + 1] + chars[i + 2]);
  return [...grams];
}

/** Dice coefficient 2|A∩B| / (|A|+|B|) of two sorted id runs, plus trigrams that have no id (never shared). */
export function trigramDice(
  a: ArrayLike<number>,
  aStart: number,
  aEnd: number,
  aUnknown: number,
  b: ArrayLike<number>,
  bStart: number,
  bEnd: number,
): number {
  const size = aEnd - aStart + aUnknown + (bEnd - bStart);
  if (size === 0) return 0;
  let i = aStart;
  let j = bStart;
  let shared = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / size;
}

/**
 * How alike two words are, in [0,1]: 1 when equal; for words that differ by at most one edit per 5
 * letters of the longer word (a typo: "Logistcs", "Zetnissta"), 1 - edits / length; otherwise 0.
 * Four-letter words must be equal: "Vide" and "Fide" are different names, not a typo.
 */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = a.length > b.length ? a.length : b.length;
  const shorter = a.length > b.length ? b.length : a.length;
  const maxEdits = Math.floor(longer / 5);
  if (maxEdits === 0 || longer - shorter > maxEdits || longer > MAX_TYPO_WORD_LENGTH) return 0;
  // One edit leaves the first or the last letter in place: most pairs stop here, before the table.
  if (
    maxEdits === 1 &&
    a.charCodeAt(0) !== b.charCodeAt(0) &&
    a.charCodeAt(a.length - 1) !== b.charCodeAt(b.length - 1)
  )
    return 0;
  const edits = editDistance(a, b, maxEdits);
  return edits > maxEdits ? 0 : 1 - edits / longer;
}

/** Words longer than this are compared for equality only (they are not typed by hand). */
const MAX_TYPO_WORD_LENGTH = 40;
const rowBeforeLast = new Int32Array(MAX_TYPO_WORD_LENGTH + 1);
const rowLast = new Int32Array(MAX_TYPO_WORD_LENGTH + 1);
const rowNow = new Int32Array(MAX_TYPO_WORD_LENGTH + 1);

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition, the commonest typo)
 * between words of at most MAX_TYPO_WORD_LENGTH characters, stopping as soon as every alignment
 * exceeds `maxEdits`. Hand-written: a few lines on reused rows, called for thousands of word pairs;
 * the early stop matters more than anything a general package offers.
 */
export function editDistance(a: string, b: string, maxEdits: number): number {
  const n = b.length;
  let before = rowBeforeLast;
  let previous = rowLast;
  let current = rowNow;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = previous[j - 1] + (ai === bj ? 0 : 1);
      if (previous[j] + 1 < d) d = previous[j] + 1;
      if (current[j - 1] + 1 < d) d = current[j - 1] + 1;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && before[j - 2] + 1 < d)
        d = before[j - 2] + 1;
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > maxEdits) return maxEdits + 1;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[n];
}

/**
 * Soft IDF-weighted word overlap of two names in [0,1] ("soft TF-IDF"): each word of `a` is paired
 * with its most similar unpaired word of `b`; a pair counts its similarity times the pair's weights,
 * over the weight of all words (a Dice coefficient on weights). Rare words decide: "Rigil Holdings"
 * is far closer to "Rigil Holdings Australia" than to "Rigilni Holdings".
 * Only the first `aCount` / `bCount` words count (the core name); weights come precomputed (word IDF
 * among CRM names) from `aStart` / `bStart` on, with their totals.
 */
export function softWordOverlap(
  a: readonly string[],
  aCount: number,
  aWeights: ArrayLike<number>,
  aStart: number,
  aTotal: number,
  b: readonly string[],
  bCount: number,
  bWeights: ArrayLike<number>,
  bStart: number,
  bTotal: number,
): number {
  const total = aTotal + bTotal;
  if (aCount === 0 || bCount === 0 || total === 0) return 0;
  let shared = 0;
  let pairedInB = 0; // bit set: names have few words; longer ones are compared on their first 31
  for (let i = 0; i < aCount; i++) {
    let best = 0;
    let bestJ = -1;
    for (let j = 0; j < bCount && j < 31; j++) {
      if (pairedInB & (1 << j)) continue;
      const similarity = wordSimilarity(a[i], b[j]);
      if (similarity > best) {
        best = similarity;
        bestJ = j;
        if (similarity === 1) break;
      }
    }
    if (bestJ >= 0) {
      pairedInB |= 1 << bestJ;
      shared += best * (aWeights[aStart + i] + bWeights[bStart + bestJ]);
    }
  }
  return shared / total;
}

/**
 * Combines the two measures, 1 only for the same key. Words lead (a rare word shared or mistyped
 * decides), trigrams settle ties and rescue joined or split words ("ContosoPharm" vs "Contoso Pharma").
 */
export function combineSimilarity(sameKey: boolean, dice: number, wordOverlap: number): number {
  if (sameKey) return 1;
  const blended = 0.7 * wordOverlap + 0.3 * dice;
  return Math.min(Math.max(blended, 0.85 * dice), MAX_SIMILARITY_OF_DIFFERENT_NAMES);
}
