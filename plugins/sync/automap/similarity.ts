/**
 * Name similarity in [0,1] for suggestions: the better of
 * - character trigram Dice on the normalised key, which forgives typos and joined words
 *   ("Contosso" vs "Contoso", "ContosoPharma" vs "Contoso Pharma"), and
 * - IDF-weighted word overlap (weighted Jaccard), which forgives an extra common word
 *   ("Contoso Pty" vs "Contoso Group Ltd": "group" is common, "contoso" is rare, so they stay close).
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
 * The sorted, unique trigram ids of a key, padded so that the start and end count ("^co", "so$").
 * Keys of [a-z0-9] (nearly all) get arithmetic ids below PLAIN_TRIGRAM_SPACE; trigrams with any other
 * character go through `otherIds` (assigning new ids when `assign` is set, else counted as unknown).
 */
export function trigramIds(
  key: string,
  otherIds: Map<string, number>,
  assign: boolean,
): { ids: number[]; unknownCount: number } {
  const ids: number[] = [];
  let unknownCount = 0;
  if (key === '') return { ids, unknownCount };
  let plain = key.length <= MAX_COMPARED_NAME_LENGTH;
  for (let i = 0; i < key.length && plain; i++) plain = plainCode(key.charCodeAt(i)) >= 0;
  if (plain) {
    // ^ = 0, $ = 1
    let a = 0;
    let b = plainCode(key.charCodeAt(0));
    for (let i = 1; i <= key.length; i++) {
      const c = i < key.length ? plainCode(key.charCodeAt(i)) : 1;
      ids.push((a * ALPHABET_SIZE + b) * ALPHABET_SIZE + c);
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
      else ids.push(id);
    }
  }
  ids.sort((x, y) => x - y);
  let unique = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) ids[unique++] = ids[i];
  ids.length = unique;
  return { ids, unknownCount };
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
 * Weighted Jaccard of two word lists taken as sets: weight of shared words / weight of all words.
 * Loops instead of Sets: names have a handful of words, and this runs for every candidate.
 */
export function weightedWordOverlap(a: readonly string[], b: readonly string[], weightOf: (word: string) => number): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.indexOf(a[i]) !== i) continue;
    const w = weightOf(a[i]);
    total += w;
    if (b.includes(a[i])) shared += w;
  }
  for (let j = 0; j < b.length; j++) {
    if (b.indexOf(b[j]) !== j || a.includes(b[j])) continue;
    total += weightOf(b[j]);
  }
  return total === 0 ? 0 : shared / total;
}

/** Combines the two measures (see the file comment): 1 only for the same key. */
export function combineSimilarity(sameKey: boolean, dice: number, wordOverlap: number): number {
  if (sameKey) return 1;
  return Math.min(Math.max(dice, wordOverlap), MAX_SIMILARITY_OF_DIFFERENT_NAMES);
}
