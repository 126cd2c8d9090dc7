/**
 * Automap: proposes, for each unmapped provider account, the CRM account it is. Pure (no I/O) and
 * deterministic: the same input gives the same output, whatever the order of the accounts.
 *
 * Rules (issue 5):
 * - the same Microsoft tenant id, or the same company domain, on exactly one CRM account maps
 *   automatically; otherwise a unique exact match of normalised names does (case, accents,
 *   punctuation, spaces, '&'/'and' and legal forms such as Ltd, Pty Ltd, GmbH, AB ignored);
 * - weaker similarity becomes a suggestion with a score in [0,1] and a reason a person understands;
 * - ambiguity (several CRM accounts equally good), conflicting strong evidence (same name but another
 *   tenant), names that are only a legal form and mailbox domains (gmail.com) never map automatically;
 * - a CRM account already mapped within this provider is never proposed; it still counts as evidence;
 * - one CRM account is never mapped automatically to two provider accounts.
 * See decide.ts for the order of evidence and resolve.ts for the one-to-one rule.
 */
import { ExactIndex } from './exact-index';
import { FuzzyIndex } from './fuzzy-index';
import { decideForProvider, DecideContext } from './decide';
import { automapError } from './errors';
import { PreparedAccount, prepareAccount } from './prepare';
import { stableOrder } from './order';
import { resolveOneToOne } from './resolve';
import {
  AutomapCrmAccount,
  AutomapDecision,
  AutomapInput,
  AutomapOptions,
  AutomapProviderAccount,
  DEFAULT_SUGGEST_THRESHOLD,
} from './types';
import type { Verdict } from './verdict';

export * from './types';
export { domainOf, isGenericMailboxDomain } from './domain';
export { normaliseName, normaliseTenantId } from './normalise';
export { AutomapErrorCodes } from './errors';

/**
 * One decision per provider account, in the order given.
 * @throws W365Error AUTOMAP_EMPTY_ID, AUTOMAP_DUPLICATE_ID (on either side), AUTOMAP_BAD_THRESHOLD
 */
export function automap(input: AutomapInput, options: AutomapOptions = {}): AutomapDecision[] {
  const suggestThreshold = options.suggestThreshold ?? DEFAULT_SUGGEST_THRESHOLD;
  if (typeof suggestThreshold !== 'number' || !(suggestThreshold >= 0 && suggestThreshold <= 1)) {
    throw automapError(
      'AUTOMAP_BAD_THRESHOLD',
      `suggestThreshold must be a number from 0 to 1, got ${String(suggestThreshold)}`,
    );
  }
  checkIds(input.providerAccounts, 'provider');
  const crm = inFixedOrder(input.crmAccounts).map(prepareAccount);
  const mappedIds = input.mappedCrmAccountIds;
  const mapped = new Uint8Array(crm.length);
  if (mappedIds && mappedIds.size > 0) crm.forEach((c, i) => (mapped[i] = mappedIds.has(c.id) ? 1 : 0));

  const providers = input.providerAccounts.map(prepareAccount);
  const ctx: DecideContext = {
    crm,
    mapped,
    exact: new ExactIndex(crm, providers),
    fuzzy: new FuzzyIndex(crm, (i) => !mapped[i] && !crm[i].norm.generic),
    suggestThreshold,
  };
  const verdicts = providers.map((p) => decideForProvider(p, ctx));
  return resolveOneToOne(verdicts, providers, crm).map((v, position) => toDecision(providers[position].id, v, crm));
}

/**
 * The CRM accounts in an order that does not depend on how they were given (see order.ts), checking
 * their ids on the way: equal ids end up next to each other.
 */
function inFixedOrder(accounts: readonly AutomapCrmAccount[]): AutomapCrmAccount[] {
  accounts.forEach((account, position) => checkId(account, position, 'CRM'));
  const order = stableOrder(accounts.map((a) => a.id));
  const ordered = Array.from(order, (position) => accounts[position]);
  for (let k = 1; k < ordered.length; k++) {
    if (ordered[k].id === ordered[k - 1].id) {
      throw automapError('AUTOMAP_DUPLICATE_ID', `Two CRM accounts have the id '${ordered[k].id}'`, {
        side: 'CRM',
        id: ordered[k].id,
      });
    }
  }
  return ordered;
}

function toDecision(providerAccountId: string, v: Verdict, crm: readonly PreparedAccount[]): AutomapDecision {
  const decision: AutomapDecision = {
    providerAccountId,
    decision: v.decision,
    score: v.score,
    reason: v.reason,
    reasonCode: v.reasonCode,
  };
  if (v.crmIndex !== undefined) decision.crmAccountId = crm[v.crmIndex].id;
  return decision;
}

function checkIds(accounts: readonly AutomapProviderAccount[], side: 'provider'): void {
  const seen = new Set<string>();
  accounts.forEach((account, position) => {
    checkId(account, position, side);
    if (seen.has(account.id)) {
      throw automapError('AUTOMAP_DUPLICATE_ID', `Two ${side} accounts have the id '${account.id}'`, {
        side,
        id: account.id,
        position,
      });
    }
    seen.add(account.id);
  });
}

function checkId(
  account: AutomapProviderAccount | AutomapCrmAccount,
  position: number,
  side: 'provider' | 'CRM',
): void {
  if (typeof account.id !== 'string' || account.id.trim() === '') {
    throw automapError(
      'AUTOMAP_EMPTY_ID',
      `The ${side} account at position ${position} ('${account.name}') has an empty id`,
      { side, position },
    );
  }
}
