/**
 * The internal form of a decision (CRM accounts by index) and the ranking used to pick the one CRM
 * account to propose when several carry the same evidence.
 */
import type { AutomapDecisionKind, AutomapReasonCode } from './types';
import { domainConflict, PreparedAccount, sameDomain, sameName, tenantConflict } from './prepare';
import { trigramsOf } from './similarity';

export interface Verdict {
  decision: AutomapDecisionKind;
  crmIndex?: number;
  /** In [0,1], rounded to three decimals. */
  score: number;
  reason: string;
  reasonCode: AutomapReasonCode;
  /**
   * For similar-name suggestions: the ranked suggestions (this one first), so that when another provider
   * account takes the first automatically the next one can be proposed instead.
   */
  alternatives?: Verdict[];
}

/**
 * Scores of suggestions that rest on exact evidence. Similar-name suggestions score their similarity,
 * at most 0.95 (see similarity.ts), so a person sorting by score sees exact evidence near the top.
 */
export const SCORE = Object.freeze({
  auto: 1,
  /** Exact tenant, domain or name evidence shared by several accounts, or contested. */
  exactButAmbiguous: 0.9,
  /** Exact evidence whose automatic use is stopped by evidence on an account already mapped. */
  exactButBlocked: 0.85,
  /** The name is only a legal form: the same "name" proves little. */
  genericName: 0.6,
  /** Same name, but different company domains. */
  sameNameOtherDomain: 0.6,
  /** Same name, but Microsoft says it is another tenant. */
  sameNameOtherTenant: 0.5,
  /** Factor on a similar name whose company domain plainly differs. */
  otherDomainFactor: 0.85,
});

export function roundScore(score: number): number {
  return Math.round(Math.min(Math.max(score, 0), 1) * 1000) / 1000;
}

export function verdict(
  decision: AutomapDecisionKind,
  crmIndex: number | undefined,
  score: number,
  reasonCode: AutomapReasonCode,
  reason: string,
): Verdict {
  const v: Verdict = { decision, score: roundScore(score), reason, reasonCode };
  if (crmIndex !== undefined) v.crmIndex = crmIndex;
  return v;
}

/** Code-unit order: the same everywhere, unlike localeCompare, which depends on the ICU build. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders CRM accounts that share evidence with `provider`, best first: no conflicting evidence, more
 * kinds of exact evidence, the same name with its legal form ("Contoso Ltd" over "Contoso Inc" for
 * "CONTOSO LTD"), a closer full name, then name and index (the fixed order of order.ts), so that ties
 * always break the same way, whatever the order the accounts came in.
 */
export function rankCandidates(
  provider: PreparedAccount,
  crm: readonly PreparedAccount[],
  indexes: readonly number[],
): number[] {
  const fullGrams = new Set(trigramsOf(provider.norm.words.join('')));
  const keyed = indexes.map((index) => {
    const c = crm[index];
    const conflicts = Number(tenantConflict(provider, c)) + Number(domainConflict(provider, c));
    const evidence =
      Number(provider.tenantId !== undefined && provider.tenantId === c.tenantId) +
      Number(sameDomain(provider, c)) +
      Number(sameName(provider, c));
    const cGrams = trigramsOf(c.norm.words.join(''));
    const shared = cGrams.filter((g) => fullGrams.has(g)).length;
    const fullCloseness = cGrams.length + fullGrams.size === 0 ? 0 : (2 * shared) / (cGrams.length + fullGrams.size);
    return { index, conflicts, evidence, fullCloseness, name: c.name };
  });
  keyed.sort(
    (a, b) =>
      a.conflicts - b.conflicts ||
      b.evidence - a.evidence ||
      b.fullCloseness - a.fullCloseness ||
      compareText(a.name, b.name) ||
      a.index - b.index,
  );
  return keyed.map((k) => k.index);
}
