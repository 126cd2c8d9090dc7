/**
 * The inverted index that finds similar names without comparing all pairs: a posting list of CRM
 * accounts per character trigram (compressed sparse rows in typed arrays: 100,000 names make about
 * 1.5 million postings, and Maps of arrays would cost several times the memory).
 *
 * A query reads the posting lists of its trigrams rarest first (IDF order) until a budget of
 * postings is spent, so a name made only of common trigrams costs no more than a distinctive one.
 * Each CRM account reached scores the IDF weights of the trigrams it shares ("dyb" in "Dybel
 * Solutions" weighs far more than "ons"); the best few dozen by that score are re-ranked by a
 * weighted Dice (shared weight over both names' weight, so long names holding every common trigram
 * do not crowd out the match), and the best `maxCandidates` are scored exactly with the name
 * similarity. The limits were chosen on the benchmark's data: a larger budget or more candidates
 * found a few more right suggestions at a cost in time that did not pay (see the report in README.md).
 */
import { coreWords } from './normalise';
import type { PreparedAccount } from './prepare';
import { combineSimilarity, PLAIN_TRIGRAM_SPACE, trigramDice, trigramIds, softWordOverlap } from './similarity';

export interface FuzzyIndexLimits {
  /** Candidates scored exactly per query. */
  maxCandidates: number;
  /** Postings read per query at most: caps the cost of names made only of common trigrams. */
  postingBudget: number;
}

export const DEFAULT_FUZZY_LIMITS: Readonly<FuzzyIndexLimits> = Object.freeze({
  maxCandidates: 24,
  postingBudget: 4_000,
});

/** Shared-trigram scores are sums of integer IDF weights: at most 200 trigrams x 4*ln(10^6), within Uint16. */
const WEIGHT_SCALE = 4;
/** The first stage keeps this many times `maxCandidates` for the weighted Dice of the second. */
const SHORTLIST_FACTOR = 4;

/** A provider name ready to be compared: its trigram ids (sorted), words and their weights. */
export interface QueryProfile {
  key: string;
  words: readonly string[];
  wordWeights: Float64Array;
  wordWeightTotal: number;
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
  /** IDF weight of CRM account i's words: wordWeights[wordStart[i] + k] for coreTokens[k], and their sum. */
  private readonly wordStart: Int32Array;
  private readonly wordWeights: Float64Array;
  private readonly wordWeightTotal: Float64Array;
  /** Integer IDF weight of each trigram among proposable accounts (see WEIGHT_SCALE); and of one no CRM name has. */
  private readonly gramWeight: Uint8Array;
  private readonly gramWeightOfUnseen: number;
  /** Sum of the trigram weights of each CRM name: shared weight over both totals is a weighted Dice. */
  private readonly gramWeightTotal: Uint32Array;
  /** Per-query scratch, cleared after each query: shared-trigram score per CRM account, who was reached. */
  private readonly sharedScore: Uint16Array;
  private readonly touched: Int32Array;
  private readonly histogram = new Int32Array(65_536);
  private readonly shortlist: Int32Array;
  private readonly bestIndex: Int32Array;
  private readonly bestDice: Float64Array;

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
    // Pass 1: every CRM name's trigram ids into one growing buffer, and word document counts.
    const scratch: number[] = [];
    this.crmGramStart = new Int32Array(crm.length + 1);
    let grams = new Int32Array(crm.length * 16);
    let used = 0;
    for (let i = 0; i < crm.length; i++) {
      const { words, coreCount } = crm[i].norm;
      for (let w = 0; w < coreCount; w++) {
        if (words.indexOf(words[w]) === w)
          this.wordDocumentCount.set(words[w], (this.wordDocumentCount.get(words[w]) ?? 0) + 1);
      }
      trigramIds(crm[i].norm.key, this.otherGramIds, true, scratch);
      if (used + scratch.length > grams.length) {
        const bigger = new Int32Array(Math.max(grams.length * 2, used + scratch.length));
        bigger.set(grams.subarray(0, used));
        grams = bigger;
      }
      for (let k = 0; k < scratch.length; k++) grams[used++] = scratch[k];
      this.crmGramStart[i + 1] = used;
    }
    this.crmGrams = grams.subarray(0, used);
    // Word weights once the document counts are complete (as compressed rows, like the trigrams).
    this.wordStart = new Int32Array(crm.length + 1);
    for (let i = 0; i < crm.length; i++) this.wordStart[i + 1] = this.wordStart[i] + crm[i].norm.coreCount;
    this.wordWeights = new Float64Array(this.wordStart[crm.length]);
    this.wordWeightTotal = new Float64Array(crm.length);
    for (let i = 0; i < crm.length; i++) {
      const { words, coreCount } = crm[i].norm;
      let sum = 0;
      for (let k = 0; k < coreCount; k++) sum += this.wordWeights[this.wordStart[i] + k] = this.wordWeight(words[k]);
      this.wordWeightTotal[i] = sum;
    }
    // Pass 2, compressed sparse rows: count per trigram, prefix sums, then fill (indexes ascend in each list).
    const gramSpace = PLAIN_TRIGRAM_SPACE + this.otherGramIds.size;
    this.postingStart = new Int32Array(gramSpace + 1);
    let proposableCount = 0;
    const isProposable = new Uint8Array(crm.length);
    for (let i = 0; i < crm.length; i++) {
      if (!proposable(i)) continue;
      isProposable[i] = 1;
      proposableCount++;
      for (let k = this.crmGramStart[i]; k < this.crmGramStart[i + 1]; k++) this.postingStart[this.crmGrams[k] + 1]++;
    }
    for (let g = 0; g < gramSpace; g++) this.postingStart[g + 1] += this.postingStart[g];
    this.postings = new Int32Array(this.postingStart[gramSpace]);
    const fill = this.postingStart.slice(0, gramSpace);
    for (let i = 0; i < crm.length; i++) {
      if (!isProposable[i]) continue;
      for (let k = this.crmGramStart[i]; k < this.crmGramStart[i + 1]; k++) this.postings[fill[this.crmGrams[k]]++] = i;
    }
    this.gramWeight = new Uint8Array(gramSpace);
    this.gramWeightOfUnseen = 1 + Math.round(WEIGHT_SCALE * Math.log(Math.max(1, proposableCount)));
    for (let g = 0; g < gramSpace; g++) {
      const df = this.postingStart[g + 1] - this.postingStart[g];
      if (df > 0) this.gramWeight[g] = 1 + Math.round(WEIGHT_SCALE * Math.log(proposableCount / df));
    }
    this.gramWeightTotal = new Uint32Array(crm.length);
    for (let i = 0; i < crm.length; i++) {
      let total = 0;
      for (let k = this.crmGramStart[i]; k < this.crmGramStart[i + 1]; k++) total += this.gramWeight[this.crmGrams[k]];
      this.gramWeightTotal[i] = total;
    }
    this.shortlist = new Int32Array(SHORTLIST_FACTOR * limits.maxCandidates);
    this.bestIndex = new Int32Array(limits.maxCandidates);
    this.bestDice = new Float64Array(limits.maxCandidates);
    this.sharedScore = new Uint16Array(crm.length);
    this.touched = new Int32Array(crm.length);
  }

  /** The profile of a provider name: CRM trigram ids reused, unseen trigrams counted. */
  profileOf(account: PreparedAccount): QueryProfile {
    const ids: number[] = [];
    const unknownGramCount = trigramIds(account.norm.key, this.otherGramIds, false, ids);
    const words = coreWords(account.norm);
    const wordWeights = Float64Array.from(words, (word) => this.wordWeight(word));
    let wordWeightTotal = 0;
    for (const w of wordWeights) wordWeightTotal += w;
    return {
      key: account.norm.key,
      words,
      wordWeights,
      wordWeightTotal,
      gramIds: Int32Array.from(ids),
      unknownGramCount,
    };
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
    const words = softWordOverlap(
      query.words,
      query.words.length,
      query.wordWeights,
      0,
      query.wordWeightTotal,
      c.words,
      c.coreCount,
      this.wordWeights,
      this.wordStart[crmIndex],
      this.wordWeightTotal[crmIndex],
    );
    return combineSimilarity(query.key === c.key, dice, words);
  }

  /**
   * Proposable CRM accounts most likely to be similar to the query (see the file comment), at most
   * `maxCandidates`, in a deterministic order.
   */
  candidates(query: QueryProfile): number[] {
    if (query.gramIds.length === 0) return [];
    const postingStart = this.postingStart;
    const rarestFirst = Array.from(query.gramIds).sort(
      (a, b) => postingStart[a + 1] - postingStart[a] - (postingStart[b + 1] - postingStart[b]) || a - b,
    );
    // Locals, not fields, in the loop that runs millions of times.
    const postings = this.postings;
    const sharedScore = this.sharedScore;
    const touched = this.touched;
    const budget = this.limits.postingBudget;
    let touchedCount = 0;
    let postingsRead = 0;
    let maxScore = 0;
    for (const id of rarestFirst) {
      const start = postingStart[id];
      const end = postingStart[id + 1];
      if (postingsRead + (end - start) > budget) break; // later lists are longer still
      postingsRead += end - start;
      const weight = this.gramWeight[id];
      for (let p = start; p < end; p++) {
        const crmIndex = postings[p];
        const score = sharedScore[crmIndex] + weight;
        if (score === weight) touched[touchedCount++] = crmIndex;
        sharedScore[crmIndex] = score;
        if (score > maxScore) maxScore = score;
      }
    }
    // Two stages: the most shared weight (cheap, by histogram), then among those a weighted Dice, which
    // stops long names that contain every common trigram ("... Plumbing Services") crowding out the match.
    const shortlistLength = this.selectBest(touchedCount, maxScore);
    let queryWeight = query.unknownGramCount * this.gramWeightOfUnseen;
    for (const id of query.gramIds) queryWeight += this.gramWeight[id];
    // Keep the best `maxCandidates` by insertion into sorted typed arrays: no objects, no comparator calls.
    const limit = this.limits.maxCandidates;
    const bestIndex = this.bestIndex;
    const bestDice = this.bestDice;
    let kept = 0;
    for (let k = 0; k < shortlistLength; k++) {
      const crmIndex = this.shortlist[k];
      const dice = sharedScore[crmIndex] / (queryWeight + this.gramWeightTotal[crmIndex]);
      if (
        kept === limit &&
        (dice < bestDice[kept - 1] || (dice === bestDice[kept - 1] && crmIndex > bestIndex[kept - 1]))
      )
        continue;
      let at = kept < limit ? kept++ : kept - 1;
      while (at > 0 && (bestDice[at - 1] < dice || (bestDice[at - 1] === dice && bestIndex[at - 1] > crmIndex))) {
        bestDice[at] = bestDice[at - 1];
        bestIndex[at] = bestIndex[at - 1];
        at--;
      }
      bestDice[at] = dice;
      bestIndex[at] = crmIndex;
    }
    for (let i = 0; i < touchedCount; i++) sharedScore[touched[i]] = 0;
    return Array.from(bestIndex.subarray(0, kept));
  }

  /**
   * Fills `shortlist` with the touched accounts of highest score, at most SHORTLIST_FACTOR x
   * maxCandidates, in the order they were touched, and returns how many. A histogram finds the
   * cut-off score, so there is no sort over thousands of touched accounts.
   */
  private selectBest(touchedCount: number, maxScore: number): number {
    const limit = this.shortlist.length;
    const histogram = this.histogram;
    for (let i = 0; i < touchedCount; i++) histogram[this.sharedScore[this.touched[i]]]++;
    // Everything scoring >= cutoff fits; the rest of the room goes to the next score down, first touched first.
    let cutoff = maxScore + 1;
    let kept = 0;
    let boundary = 0;
    for (let score = maxScore; score >= 1; score--) {
      if (histogram[score] === 0) continue;
      if (kept + histogram[score] > limit) {
        boundary = score;
        break;
      }
      kept += histogram[score];
      cutoff = score;
    }
    histogram.fill(0, 0, maxScore + 1);
    let room = limit - kept;
    let length = 0;
    for (let i = 0; i < touchedCount; i++) {
      const crmIndex = this.touched[i];
      const score = this.sharedScore[crmIndex];
      if (score >= cutoff) this.shortlist[length++] = crmIndex;
      else if (score === boundary && room > 0) {
        this.shortlist[length++] = crmIndex;
        room--;
      }
    }
    return length;
  }
}
