/**
 * Name similarity in [0,1] for suggestions: the better of
 * - character trigram Dice on the normalised key, which forgives typos and joined words
 *   ("Contosso" vs "Contoso", "ContosoPharma" vs "Contoso Pharma"), and
 * - IDF-weighted word overlap (weighted Jaccard), which forgives an extra common word
 *   ("Contoso Pty" vs "Contoso Group Ltd": "group" is common, "contoso" is rare, so they stay close).
 *
 * Hand-written: the npm string-similarity packages (string-similarity, fastest-levenshtein) score
 * one pair of strings at a time; we need trigram ids shared with the inverted index so that
 * 10,000 x 100,000 names are compared through candidates, not pairs.
 */

/** Different names never score higher than this, so that 1 stays reserved for the same name. */
export const MAX_SIMILARITY_OF_DIFFERENT_NAMES = 0.95;

/** A name's features for similarity: trigram ids (sorted, unique) plus how many trigrams had no id. */
export interface NameProfile {
  key: string;
  tokens: readonly string[];
  gramIds: Int32Array;
  unknownGramCount: number;
}

/** Names longer than this are compared on their start only: no company name needs more, and it bounds the work. */
export const MAX_COMPARED_NAME_LENGTH = 200;

/** Character trigrams of a key, padded so that the start and end count ("^co", "so$"). Unique, in order. */
export function trigramsOf(key: string): string[] {
  if (key === '') return [];
  const text = key.length > MAX_COMPARED_NAME_LENGTH ? [...key].slice(0, MAX_COMPARED_NAME_LENGTH).join('') : key;
  const chars = [...`^${text}$`];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars[i] + chars[i + 1] + chars[i + 2]);
  return [...grams];
}

/** Dice coefficient of two trigram profiles: 2|A∩B| / (|A|+|B|), by merging the sorted id lists. */
export function trigramDice(a: NameProfile, b: NameProfile): number {
  const sizeA = a.gramIds.length + a.unknownGramCount;
  const sizeB = b.gramIds.length + b.unknownGramCount;
  if (sizeA === 0 || sizeB === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  const x = a.gramIds;
  const y = b.gramIds;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      shared++;
      i++;
      j++;
    } else if (x[i] < y[j]) i++;
    else j++;
  }
  return (2 * shared) / (sizeA + sizeB);
}

/** Weighted Jaccard of the two word sets: sum of weights of shared words / sum over all words. */
export function weightedWordOverlap(a: readonly string[], b: readonly string[], weightOf: (word: string) => number): number {
  if (a.length === 0 || b.length === 0) return 0;
  const setB = new Set(b);
  let shared = 0;
  let total = 0;
  const seenA = new Set<string>();
  for (const word of a) {
    if (seenA.has(word)) continue;
    seenA.add(word);
    const w = weightOf(word);
    total += w;
    if (setB.has(word)) shared += w;
  }
  for (const word of setB) if (!seenA.has(word)) total += weightOf(word);
  return total === 0 ? 0 : shared / total;
}

/** Similarity of two names in [0,1]: 1 only for the same key; see the file comment. */
export function nameSimilarity(a: NameProfile, b: NameProfile, weightOf: (word: string) => number): number {
  if (a.key === '' || b.key === '') return 0;
  if (a.key === b.key) return 1;
  const best = Math.max(trigramDice(a, b), weightedWordOverlap(a.tokens, b.tokens, weightOf));
  return Math.min(best, MAX_SIMILARITY_OF_DIFFERENT_NAMES);
}
