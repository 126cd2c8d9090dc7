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
import { NameProfile, nameSimilarity, trigramsOf } from './similarity';

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

export class FuzzyIndex {
  private readonly gramIds = new Map<string, number>();
  private readonly wordDocumentCount = new Map<string, number>();
  private readonly crmProfiles: NameProfile[];
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly sharedCount: Uint16Array;
  private readonly touched: Int32Array;
  private readonly crmCount: number;

  /**
   * @param crm all CRM accounts in a fixed order (their indexes are the ids used everywhere)
   * @param proposable whether a CRM account may be a candidate (not mapped, name not generic)
   */
  constructor(
    crm: readonly PreparedAccount[],
    proposable: (crmIndex: number) => boolean,
    private readonly limits: Readonly<FuzzyIndexLimits> = DEFAULT_FUZZY_LIMITS,
  ) {
    this.crmCount = crm.length;
    this.crmProfiles = crm.map((account) => {
      for (const word of new Set(account.norm.coreTokens)) {
        this.wordDocumentCount.set(word, (this.wordDocumentCount.get(word) ?? 0) + 1);
      }
      return this.profile(account.norm.key, account.norm.coreTokens, true);
    });
    // Compressed sparse rows: count per trigram, prefix sums, then fill (indexes ascend in each list).
    const gramCount = this.gramIds.size;
    this.postingStart = new Int32Array(gramCount + 1);
    for (let i = 0; i < crm.length; i++) {
      if (!proposable(i)) continue;
      for (const id of this.crmProfiles[i].gramIds) this.postingStart[id + 1]++;
    }
    for (let g = 0; g < gramCount; g++) this.postingStart[g + 1] += this.postingStart[g];
    this.postings = new Int32Array(this.postingStart[gramCount]);
    const fill = this.postingStart.slice(0, gramCount);
    for (let i = 0; i < crm.length; i++) {
      if (!proposable(i)) continue;
      for (const id of this.crmProfiles[i].gramIds) this.postings[fill[id]++] = i;
    }
    this.sharedCount = new Uint16Array(crm.length);
    this.touched = new Int32Array(crm.length);
  }

  /** The similarity profile of a name: provider names reuse the CRM trigram ids, unseen trigrams are counted. */
  profileOf(account: PreparedAccount): NameProfile {
    return this.profile(account.norm.key, account.norm.coreTokens, false);
  }

  crmProfile(crmIndex: number): NameProfile {
    return this.crmProfiles[crmIndex];
  }

  /** Inverse document frequency of a word among CRM names: rare words weigh more. */
  readonly wordWeight = (word: string): number =>
    Math.log(1 + this.crmCount / (1 + (this.wordDocumentCount.get(word) ?? 0)));

  similarity(query: NameProfile, crmIndex: number): number {
    return nameSimilarity(query, this.crmProfiles[crmIndex], this.wordWeight);
  }

  /**
   * Proposable CRM accounts most likely to reach `minSimilarity` (see the file comment), as indexes in
   * a deterministic order: most shared trigrams first, then first reached through the rarest trigram.
   */
  candidates(query: NameProfile, minSimilarity: number): number[] {
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

  private profile(key: string, tokens: readonly string[], addUnseen: boolean): NameProfile {
    const ids: number[] = [];
    let unknownGramCount = 0;
    for (const gram of trigramsOf(key)) {
      let id = this.gramIds.get(gram);
      if (id === undefined && addUnseen) {
        id = this.gramIds.size;
        this.gramIds.set(gram, id);
      }
      if (id === undefined) unknownGramCount++;
      else ids.push(id);
    }
    return { key, tokens, gramIds: Int32Array.from(ids).sort(), unknownGramCount };
  }
}
