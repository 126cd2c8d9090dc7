/**
 * Where secrets may hide in a text, for the Redactor: every form a secret is commonly echoed in (as it
 * is, URL-encoded with either case of hex, form-encoded, JSON-escaped, base64 and base64url), and any
 * run of RUN_LENGTH or more of one form's characters, so a distributor that echoes "Zx9%2BQw%2FEr7…" or
 * half of a secret is caught too.
 *
 * Hand-written because no package does this: redaction libraries (pino's redact, fast-redact) mask
 * fields by path, not values inside free text. The runs are found with an index of every RUN_LENGTH-
 * character slice of every form (counted, so a secret can be removed again), which makes a scan one
 * lookup per character of the text however many secrets there are. The scan rolls a hash over the
 * text and looks a slice up only when its hash is known, so a log line costs no string allocations.
 */

/** The shortest run of a secret's characters that is redacted wherever it appears. */
export const RUN_LENGTH = 8;

/** The forms of `secret` that are worth looking for, without duplicates. */
export function formsOf(secret: string): string[] {
  const uriEncoded = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    ...new Set([
      secret,
      uriEncoded,
      uriEncoded.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      new URLSearchParams({ s: secret }).toString().slice(2),
      json,
      json.replace(/\//g, '\\/'),
      base64,
      base64.replace(/=+$/, ''),
      base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    ]),
  ];
}

const HASH_BASE = 0x01000193;
/** HASH_BASE^(RUN_LENGTH - 1), modulo 2^32: what the character leaving the window weighs. */
const HASH_LEAVING = Array.from({ length: RUN_LENGTH - 1 }).reduce<number>((p) => Math.imul(p, HASH_BASE), 1);

/** The hash of text[start, start + RUN_LENGTH) (32-bit, as rollHash keeps it). */
function hashAt(text: string, start: number): number {
  let h = 0;
  for (let k = 0; k < RUN_LENGTH; k++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(start + k)) | 0;
  return h;
}

/** The hash of the window one character on: `leaving` drops out at the front, `entering` joins at the end. */
function rollHash(h: number, leaving: number, entering: number): number {
  return (Math.imul((h - Math.imul(leaving, HASH_LEAVING)) | 0, HASH_BASE) + entering) | 0;
}

/** A covered stretch of a text: [start, end). */
interface Range {
  start: number;
  end: number;
}

export class SecretIndex {
  /** Every RUN_LENGTH-character slice of every form of every secret, with how many secrets have it. */
  private readonly slices = new Map<string, number>();
  /** The hashes of those slices (a slice is looked up only when its hash is here), counted the same way. */
  private readonly hashes = new Map<number, number>();
  /** Forms shorter than RUN_LENGTH (secrets of 6 or 7 characters): matched whole. */
  private readonly shortForms = new Map<string, number>();

  /** How many slices the index holds (what memory it costs is about 80 bytes each). */
  get size(): number {
    return this.slices.size + this.shortForms.size;
  }

  add(secret: string): void {
    this.change(secret, 1);
  }

  remove(secret: string): void {
    this.change(secret, -1);
  }

  private change(secret: string, delta: 1 | -1): void {
    for (const form of formsOf(secret)) {
      if (form.length < RUN_LENGTH) {
        bump(this.shortForms, form, delta);
        continue;
      }
      const seen = new Set<string>();
      for (let i = 0; i + RUN_LENGTH <= form.length; i++) seen.add(form.slice(i, i + RUN_LENGTH));
      for (const slice of seen) {
        bump(this.slices, slice, delta);
        bump(this.hashes, hashAt(slice, 0), delta);
      }
    }
  }

  /** `text` with every stretch made of secret runs (or a whole short secret) replaced by `mask`. */
  mask(text: string, mask: string): string {
    if (this.size === 0 || text.length < 6) return text;
    const ranges: Range[] = [];
    if (this.slices.size > 0 && text.length >= RUN_LENGTH) {
      let h = hashAt(text, 0);
      for (let i = 0; i + RUN_LENGTH <= text.length; i++) {
        if (i > 0) h = rollHash(h, text.charCodeAt(i - 1), text.charCodeAt(i + RUN_LENGTH - 1));
        if (!this.hashes.has(h) || !this.slices.has(text.slice(i, i + RUN_LENGTH))) continue;
        const last = ranges[ranges.length - 1];
        if (last && i <= last.end) last.end = i + RUN_LENGTH;
        else ranges.push({ start: i, end: i + RUN_LENGTH });
      }
    }
    for (const form of this.shortForms.keys()) {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
        ranges.push({ start: at, end: at + form.length });
    }
    return ranges.length === 0 ? text : replaceRanges(text, merge(ranges), mask);
  }
}

function bump<K>(map: Map<K, number>, key: K, delta: number): void {
  const count = (map.get(key) ?? 0) + delta;
  if (count > 0) map.set(key, count);
  else map.delete(key);
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function replaceRanges(text: string, ranges: Range[], mask: string): string {
  const parts: string[] = [];
  let from = 0;
  for (const r of ranges) {
    parts.push(text.slice(from, r.start), mask);
    from = r.end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
