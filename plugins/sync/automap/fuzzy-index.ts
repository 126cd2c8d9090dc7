/**
 * The inverted index that finds similar names without comparing all pairs: a posting list of CRM
 * accounts per character trigram (compressed sparse rows in typed arrays: 100,000 names make about
 * 1.5 million postings, and Maps of arrays would cost several times the memory).
 *
 * A query reads the posting lists of its rarest trigrams first (IDF order) and stops at the prefix
 * bound of "prefix filtering": a name with trigram Dice >= t against the query shares at least
 * ceil(t*n/(2-t)) of the query's n trigrams, so it must appear in the lists of the n - that + 1 rarest
 * ones. A budget on postings read caps the cost of names made only of common trigrams, and the
 * candidates sharing the most trigrams (at most `maxCandidates`) are scored exactly.
 */
import type { PreparedAccount } from './prepare';
import { combineSimilarity, PLAIN_TRIGRAM_SPACE, trigramDice, trigramIds, weightedWordOverlap } from './similarity';

export interface FuzzyIndexLimits {
  /** Candidates scored exactly per query. */
  maxCandidates: number;
  /** Postings read per query at most: caps the cost of names made only of common trigrams. */
  postingBudget: number;
  /** Trigrams read per query at least (when the budget allows), beyond the prefix bound. */
  minGramsScanned: number;
}

export const DEFAULT_FUZZY_LIMITS: Readonly<FuzzyIndexLimits> = Object.freeze({
  maxCandidates: 32,
  postingBudget: 30_000,
  minGramsScanned: 4,
});

/** A provider name ready to be compared: its trigram ids (sorted) and words. */
export interface QueryProfile {
  key: string;
  words: readonly string[];
  gramIds: Int32Array;
  /** Trigrams no CRM name has: they count in the query's size but can never be shared. */
  unknownGramCount: number;
}

export class FuzzyIndex {
  /** Ids of trigrams with characters outside [a-z0-9] (other scripts); see `trigramIds`. */
  private readonly otherGramIds = new Map<string, number>();
  private readonly wordDocumentCount = new Map<string, number>();
  private readonly crm: readonly PreparedAccount[];
  /** Trigram ids of CRM account i: crmGrams[crmGramStart[i] .. crmGramStart[i+1]), sorted. */
  private readonly crmGramStart: Int32Array;
  private readonly crmGrams: Int32Array;
  /** CRM accounts having trigram g: postings[postingStart[g] .. postingStart[g+1]), ascending. */
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly sharedCount: Uint16Array;
  private readonly touched: Int32Array;

  /**
   * @param crm all CRM accounts in a fixed order (their indexes are the ids used everywhere)
   * @param proposable whether a CRM account may be a candidate (not mapped, name not generic)
   */
  constructor(
    crm: readonly PreparedAccount[],
    proposable: (crmIndex: number) => boolean,
    private readonly limits: Readonly<FuzzyIndexLimits> = DEFAULT_FUZZY_LIMITS,
  ) {
    this.crm = crm;
    const gramLists: number[][] = new Array(crm.length);
    let totalGrams = 0;
    for (let i = 0; i < crm.length; i++) {
      const words = crm[i].norm.coreTokens;
      for (let w = 0; w < words.length; w++) {
        if (words.indexOf(words[w]) === w) this.wordDocumentCount.set(words[w], (this.wordDocumentCount.get(words[w]) ?? 0) + 1);
      }
      gramLists[i] = trigramIds(crm[i].norm.key, this.otherGramIds, true).ids;
      totalGrams += gramLists[i].length;
    }
    this.crmGramStart = new Int32Array(crm.length + 1);
    this.crmGrams = new Int32Array(totalGrams);
    for (let i = 0, at = 0; i < crm.length; i++) {
      this.crmGrams.set(gramLists[i], at);
      at += gramLists[i].length;
      this.crmGramStart[i + 1] = at;
    }
    // Compressed sparse rows: count per trigram, prefix sums, then fill (indexes ascend in each list).
    const gramSpace = PLAIN_TRIGRAM_SPACE + this.otherGramIds.size;
    this.postingStart = new Int32Array(gramSpace + 1);
    for (let i = 0; i < crm.length; i++) {
      if (!proposable(i)) continue;
      for (const id of gramLists[i]) this.postingStart[id + 1]++;
    }
    for (let g = 0; g < gramSpace; g++) this.postingStart[g + 1] += this.postingStart[g];
    this.postings = new Int32Array(this.postingStart[gramSpace]);
    const fill = this.postingStart.slice(0, gramSpace);
    for (let i = 0; i < crm.length; i++) {
      if (!proposable(i)) continue;
      for (const id of gramLists[i]) this.postings[fill[id]++] = i;
    }
    this.sharedCount = new Uint16Array(crm.length);
    this.touched = new Int32Array(crm.length);
  }

  /** The profile of a provider name: CRM trigram ids reused, unseen trigrams counted. */
  profileOf(account: PreparedAccount): QueryProfile {
    const { ids, unknownCount } = trigramIds(account.norm.key, this.otherGramIds, false);
    return { key: account.norm.key, words: account.norm.coreTokens, gramIds: Int32Array.from(ids), unknownGramCount: unknownCount };
  }

  /** Inverse document frequency of a word among CRM names: rare words weigh more. */
  readonly wordWeight = (word: string): number =>
    Math.log(1 + this.crm.length / (1 + (this.wordDocumentCount.get(word) ?? 0)));

  /** Name similarity in [0,1] of the query and CRM account `crmIndex` (see similarity.ts). */
  similarity(query: QueryProfile, crmIndex: number): number {
    const c = this.crm[crmIndex].norm;
    if (query.key === '' || c.key === '') return 0;
    const dice = trigramDice(
      query.gramIds,
      0,
      query.gramIds.length,
      query.unknownGramCount,
      this.crmGrams,
      this.crmGramStart[crmIndex],
      this.crmGramStart[crmIndex + 1],
    );
    return combineSimilarity(query.key === c.key, dice, weightedWordOverlap(query.words, c.coreTokens, this.wordWeight));
  }

  /**
   * Proposable CRM accounts most likely to reach `minSimilarity` (see the file comment), as indexes in
   * a deterministic order: most shared trigrams first, then first reached through the rarest trigram.
   */
  candidates(query: QueryProfile, minSimilarity: number): number[] {
    const known = Array.from(query.gramIds).sort((a, b) => this.frequency(a) - this.frequency(b) || a - b);
    const total = known.length + query.unknownGramCount;
    if (known.length === 0) return [];
    const t = Math.min(Math.max(minSimilarity, 0), 1);
    const minShared = Math.max(1, Math.ceil((t * total) / (2 - t)));
    // Unknown trigrams are the rarest of all (no CRM name has them) and use up the prefix first.
    const prefixGrams = total - minShared + 1 - query.unknownGramCount;
    const gramsToScan = Math.min(known.length, Math.max(prefixGrams, this.limits.minGramsScanned));
    let touchedCount = 0;
    let postingsRead = 0;
    let maxShared = 0;
    for (let k = 0; k < gramsToScan; k++) {
      const id = known[k];
      const start = this.postingStart[id];
      const end = this.postingStart[id + 1];
      if (postingsRead + (end - start) > this.limits.postingBudget) break; // later lists are longer still
      postingsRead += end - start;
      for (let p = start; p < end; p++) {
        const crmIndex = this.postings[p];
        const shared = ++this.sharedCount[crmIndex];
        if (shared === 1) this.touched[touchedCount++] = crmIndex;
        if (shared > maxShared) maxShared = shared;
      }
    }
    const selected = this.selectMostShared(touchedCount, maxShared);
    for (let i = 0; i < touchedCount; i++) this.sharedCount[this.touched[i]] = 0;
    return selected;
  }

  /**
   * The touched accounts with the highest shared counts, at most `maxCandidates`, in the order they were
   * touched. A histogram finds the cut-off count, so there is no sort over thousands of touched accounts.
   */
  private selectMostShared(touchedCount: number, maxShared: number): number[] {
    const limit = this.limits.maxCandidates;
    const histogram = new Int32Array(maxShared + 1);
    for (let i = 0; i < touchedCount; i++) histogram[this.sharedCount[this.touched[i]]]++;
    // Everything sharing >= cutoff fits; the rest of the room goes to the next count down, first touched first.
    let cutoff = maxShared + 1;
    let kept = 0;
    while (cutoff > 1 && kept + histogram[cutoff - 1] <= limit) kept += histogram[--cutoff];
    const boundary = cutoff - 1;
    let room = limit - kept;
    const selected: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const crmIndex = this.touched[i];
      const shared = this.sharedCount[crmIndex];
      if (shared >= cutoff) selected.push(crmIndex);
      else if (shared === boundary && room > 0) {
        selected.push(crmIndex);
        room--;
      }
    }
    return selected;
  }

  private frequency(gramId: number): number {
    return this.postingStart[gramId + 1] - this.postingStart[gramId];
  }
}
