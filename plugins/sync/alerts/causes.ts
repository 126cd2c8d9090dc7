/**
 * The alert deciders, one per cause (README.md has the rules): pure functions from facts to causes,
 * each with a key derived from the cause alone (never from when it was seen), so the same cause seen by
 * every later run is the same alert and fires once.
 */
import { Tables } from '../../../solution/schema';
import { AlertMessages, AlertTitles } from './strings';
import type {
  AccountAlertFacts,
  AlertCause,
  CostChangeFacts,
  CredentialFacts,
  JobAlertFacts,
  SkuAlertFacts,
  SubscriptionAlertFacts,
} from './types';

const HOUR_IN_MS = 3_600_000;
const DAY_IN_MS = 24 * HOUR_IN_MS;
/** NCE: seats added can be reduced with a refund for 7 days (168 hours) after the change [C]. */
const NCE_WINDOW_IN_MS = 7 * DAY_IN_MS;
const MAX_KEY_LENGTH = 300;

const keyOf = (...parts: (string | number)[]) => parts.join('|').slice(0, MAX_KEY_LENGTH);
const S = Tables.subscription.logicalName;
const sub = (s: SubscriptionAlertFacts) => ({ type: S, id: s.id, name: s.name });

/** A seat increase whose cancellation window closes within the next 24 hours. */
export function cancellationWindowClosing(
  providerId: string,
  subs: readonly SubscriptionAlertFacts[],
  now: Date,
): AlertCause[] {
  const out: AlertCause[] = [];
  for (const s of subs) {
    const until = s.cancellationAllowedUntil ? Date.parse(s.cancellationAllowedUntil) : NaN;
    const increased = s.lastIncreaseOn ? Date.parse(s.lastIncreaseOn) : NaN;
    if (!s.active || !Number.isFinite(until) || !Number.isFinite(increased)) continue;
    const closesSoon = until > now.getTime() && until - now.getTime() <= DAY_IN_MS;
    // The increase is the one this window is for: made within the window's length before it closes.
    if (!closesSoon || increased < until - NCE_WINDOW_IN_MS || increased > now.getTime()) continue;
    out.push({
      kind: 'CancellationWindowClosing',
      key: keyOf('cancel-window', s.id, new Date(until).toISOString()),
      providerId,
      title: AlertTitles.CancellationWindowClosing(s.name),
      message: AlertMessages.cancellationWindowClosing(s.name, s.lastIncreaseBy ?? 0, new Date(until).toISOString()),
      record: sub(s),
    });
  }
  return out;
}

/** A live subscription that will not auto-renew, renewing within `days`. */
export function renewalWithoutAutoRenew(
  providerId: string,
  subs: readonly SubscriptionAlertFacts[],
  now: Date,
  days: number,
): AlertCause[] {
  const today = Date.parse(now.toISOString().slice(0, 10));
  const out: AlertCause[] = [];
  for (const s of subs) {
    const renewal = s.renewalDate ?? s.termEndDate;
    if (!s.active || s.autoRenew !== false || !renewal) continue;
    const inDays = Math.round((Date.parse(renewal) - today) / DAY_IN_MS);
    if (!(inDays >= 0 && inDays <= days)) continue;
    out.push({
      kind: 'RenewalWithoutAutoRenew',
      key: keyOf('renewal', s.id, renewal),
      providerId,
      title: AlertTitles.RenewalWithoutAutoRenew(s.name),
      message: AlertMessages.renewalWithoutAutoRenew(s.name, renewal, inDays),
      record: sub(s),
    });
  }
  return out;
}

/** A customer the distributor lists that is not mapped to a CRM account (once per provider account). */
export function unmappedAccounts(providerId: string, accounts: readonly AccountAlertFacts[]): AlertCause[] {
  return accounts
    .filter((a) => !a.mapped && !a.removedAtProvider)
    .map((a) => ({
      kind: 'UnmappedAccount' as const,
      key: keyOf('unmapped-account', a.id),
      providerId,
      title: AlertTitles.UnmappedAccount(a.name),
      message: AlertMessages.unmappedAccount(a.name, a.providerSpecificId),
      record: { type: Tables.providerAccount.logicalName, id: a.id, name: a.name },
    }));
}

/** A SKU with no CRM product (once per provider and SKU). */
export function unmappedSkus(providerId: string, skus: readonly SkuAlertFacts[]): AlertCause[] {
  return skus
    .filter((s) => !s.mapped)
    .map((s) => ({
      kind: 'UnmappedSku' as const,
      key: keyOf('unmapped-sku', providerId, s.sku.toLowerCase()),
      providerId,
      title: AlertTitles.UnmappedSku(s.sku),
      message: AlertMessages.unmappedSku(s.sku),
    }));
}

/** A distributor cost that differs from the CRM's: once per SKU and new cost, however many subscriptions. */
export function distributorCostChanges(providerId: string, changes: readonly CostChangeFacts[]): AlertCause[] {
  const bySkuAndCost = new Map<string, AlertCause>();
  for (const c of changes) {
    const key = keyOf('cost', providerId, c.sku.toLowerCase(), c.currencyCode, c.distributorCost.toFixed(4));
    if (bySkuAndCost.has(key)) continue;
    bySkuAndCost.set(key, {
      kind: 'DistributorCostChange',
      key,
      providerId,
      title: AlertTitles.DistributorCostChange(c.sku),
      message: AlertMessages.distributorCostChange(
        c.sku,
        c.crmCost,
        c.distributorCost,
        c.currencyCode,
        c.invoiceNumber,
        c.subscriptionName,
      ),
      ...(c.subscriptionId ? { record: { type: S, id: c.subscriptionId, name: c.subscriptionName ?? c.sku } } : {}),
    });
  }
  return [...bySkuAndCost.values()];
}

/**
 * The newest jobs of one operation failed twice or more in a row: one alert per run of failures (keyed
 * by its first failed job), however long it lasts. `jobs` are the provider's, newest first.
 */
export function jobFailedTwice(providerId: string, jobs: readonly JobAlertFacts[]): AlertCause[] {
  const out: AlertCause[] = [];
  const operations = [...new Set(jobs.map((j) => j.operation))];
  for (const operation of operations) {
    const ofOperation = jobs.filter((j) => j.operation === operation);
    let streak = 0;
    while (streak < ofOperation.length && ofOperation[streak].failed) streak++;
    if (streak < 2) continue;
    const first = ofOperation[streak - 1];
    const latest = ofOperation[0];
    out.push({
      kind: 'JobFailedTwice',
      key: keyOf('job-failed', providerId, operation, first.id),
      providerId,
      title: AlertTitles.JobFailedTwice(latest.name),
      message: AlertMessages.jobFailedTwice(latest.name, latest.errorCode),
      record: { type: Tables.syncJob.logicalName, id: latest.id, name: latest.name },
    });
  }
  return out;
}

/** Credentials that end within `days` (or have ended): once per credential and end. */
export function credentialsExpiring(
  providerId: string,
  credentials: readonly CredentialFacts[],
  now: Date,
  days: number,
): AlertCause[] {
  return credentials
    .filter(
      (c) => Number.isFinite(Date.parse(c.expiresOn)) && Date.parse(c.expiresOn) - now.getTime() <= days * DAY_IN_MS,
    )
    .map((c) => ({
      kind: 'CredentialsExpiring' as const,
      key: keyOf('credentials', providerId, c.name, new Date(c.expiresOn).toISOString()),
      providerId,
      title: AlertTitles.CredentialsExpiring(c.name),
      message: AlertMessages.credentialsExpiring(c.name, new Date(c.expiresOn).toISOString()),
    }));
}
