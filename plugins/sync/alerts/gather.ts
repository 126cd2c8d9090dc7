/**
 * The facts the provider-wide alert deciders need, read from Dataverse after a Sync Subscriptions: its
 * live subscriptions (renewal, auto-renew, the NCE cancellation window) with their latest seat increase,
 * its provider accounts and product mappings (unmapped ones), its recent jobs, the Ion refresh token's
 * age, and who to notify (the provider's Additional Property "Alert Recipients": user names or
 * emails, separated by ";" or ",").
 */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import { eq, inList } from '../../dataverse/odata';
import { ION_INTERNAL_NAME } from '../../providers/ion/connector';
import { decodeState } from '../../providers/ion/token-state';
import type { ProviderConfig } from '../../providers/types';
import type { AccountAlertFacts, CredentialFacts, JobAlertFacts, SkuAlertFacts, SubscriptionAlertFacts } from './types';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const DAY_IN_MS = 86_400_000;
/** [C] Ion: a refresh token is valid 32 days (and single-use; every refresh issues a new one). */
export const ION_REFRESH_TOKEN_LIFETIME_IN_DAYS = 32;
export const RECIPIENTS_PROPERTY = 'Alert Recipients';
/** Jobs of the provider looked at for repeated failures. */
const RECENT_JOBS = 20;

const text = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));

async function latestIncreases(dv: DataverseApi, now: Date, signal?: AbortSignal) {
  // Only increases recent enough for their window (7 days) to be still open matter.
  const since = new Date(now.getTime() - 8 * DAY_IN_MS).toISOString();
  const filter = `${eq(L.col.changeType, Choices.changeType.Increase)} and ${L.col.effectiveDate} ge ${since}`;
  const out = new Map<string, { on: string; by: number }>();
  for await (const r of dv.rows(
    L,
    { select: [L.val.subscription, L.col.effectiveDate, L.col.quantityDelta], filter },
    { signal },
  )) {
    const id = String(r[L.val.subscription] ?? '').toLowerCase();
    const on = String(r[L.col.effectiveDate] ?? '');
    if (!id || (out.get(id)?.on ?? '') >= on) continue;
    out.set(id, { on, by: Number(r[L.col.quantityDelta] ?? 0) });
  }
  return out;
}

/**
 * Only the subscriptions an alert could be about, chosen by Dataverse: a cancellation window closing
 * within a day, or no auto-renew and a renewal (or, without one, a term end) within the notice. A wide
 * margin (a day each side) keeps it a superset; the deciders (`causes.ts`) have the last word. Reading
 * every live subscription instead cost a large provider 44,000 rows and 9 requests after every sync.
 */
function alertCandidatesFilter(providerId: string, now: Date, renewalNoticeInDays: number): string {
  const at = (days: number) => new Date(now.getTime() + days * DAY_IN_MS);
  const day = (days: number) => at(days).toISOString().slice(0, 10);
  const instant = (days: number) => at(days).toISOString();
  const until = S.col.cancellationAllowedUntil;
  const closing = `(${until} gt ${instant(-1)} and ${until} le ${instant(2)})`;
  const within = (column: string, from: string, to: string) => `${column} ge ${from} and ${column} le ${to}`;
  const renewal = `(${within(S.col.renewalDate, day(-1), day(renewalNoticeInDays + 1))})`;
  const termEnd = `(${S.col.renewalDate} eq null and ${within(S.col.termEndDate, instant(-2), instant(renewalNoticeInDays + 2))})`;
  const noAutoRenew = `(${eq(S.col.autoRenew, false)} and (${renewal} or ${termEnd}))`;
  return `${eq(S.val.provider, { guid: providerId })} and ${eq(S.col.stateCode, 0)} and (${closing} or ${noAutoRenew})`;
}

export async function subscriptionFacts(
  dv: DataverseApi,
  providerId: string,
  now: Date,
  renewalNoticeInDays: number,
  signal?: AbortSignal,
): Promise<SubscriptionAlertFacts[]> {
  const increases = await latestIncreases(dv, now, signal);
  const select = [S.col.id, S.col.name, S.col.subscriptionStatus, S.col.quantity, S.col.autoRenew, S.col.renewalDate];
  select.push(S.col.termEndDate, S.col.cancellationAllowedUntil);
  const filter = alertCandidatesFilter(providerId, now, renewalNoticeInDays);
  const out: SubscriptionAlertFacts[] = [];
  for await (const r of dv.rows(S, { select, filter }, { signal })) {
    const id = String(r[S.col.id]);
    const increase = increases.get(id.toLowerCase());
    const autoRenew = r[S.col.autoRenew];
    out.push({
      id,
      name: String(r[S.col.name] ?? id),
      active: r[S.col.subscriptionStatus] === Choices.subscriptionStatus.Active,
      quantity: Number(r[S.col.quantity] ?? 0),
      ...(typeof autoRenew === 'boolean' ? { autoRenew } : {}),
      ...(text(r[S.col.renewalDate]) ? { renewalDate: text(r[S.col.renewalDate])!.slice(0, 10) } : {}),
      ...(text(r[S.col.termEndDate]) ? { termEndDate: text(r[S.col.termEndDate])!.slice(0, 10) } : {}),
      ...(text(r[S.col.cancellationAllowedUntil])
        ? { cancellationAllowedUntil: text(r[S.col.cancellationAllowedUntil]) }
        : {}),
      ...(increase ? { lastIncreaseOn: increase.on, lastIncreaseBy: increase.by } : {}),
    });
  }
  return out;
}

export async function accountFacts(dv: DataverseApi, providerId: string, signal?: AbortSignal) {
  const PA = Tables.providerAccount;
  const select = [PA.col.id, PA.col.name, PA.col.providerSpecificId, PA.val.account, PA.col.removedAtProvider];
  const rows = await dv.all(PA, { select, filter: eq(PA.val.provider, { guid: providerId }) }, { signal });
  return rows.map((r): AccountAlertFacts => ({
    id: String(r[PA.col.id]),
    name: String(r[PA.col.name] ?? r[PA.col.providerSpecificId] ?? ''),
    providerSpecificId: String(r[PA.col.providerSpecificId] ?? ''),
    mapped: Boolean(r[PA.val.account]),
    removedAtProvider: r[PA.col.removedAtProvider] === true,
  }));
}

export async function skuFacts(dv: DataverseApi, providerId: string, signal?: AbortSignal) {
  const PM = Tables.productMapping;
  const select = [PM.col.providerSku, PM.col.mappingStatus];
  const rows = await dv.all(PM, { select, filter: eq(PM.val.provider, { guid: providerId }) }, { signal });
  return rows.map((r): SkuAlertFacts => ({
    sku: String(r[PM.col.providerSku] ?? ''),
    mapped: r[PM.col.mappingStatus] === Choices.productMappingStatus.Mapped,
  }));
}

export async function jobFacts(dv: DataverseApi, providerId: string, signal?: AbortSignal) {
  const J = Tables.syncJob;
  const rows = await dv.all(
    J,
    {
      select: [J.col.id, J.col.name, J.col.operation, J.col.jobStatus, J.col.errorCode],
      filter: `${eq(J.val.provider, { guid: providerId })} and ${J.col.finishedOn} ne null`,
      orderby: `${J.col.finishedOn} desc`,
      top: RECENT_JOBS,
    },
    { signal },
  );
  return rows.map((r): JobAlertFacts => ({
    id: String(r[J.col.id]),
    name: String(r[J.col.name] ?? ''),
    operation: String(r[J.col.operation] ?? ''),
    failed: r[J.col.jobStatus] === Choices.syncJobStatus.Failed,
    ...(text(r[J.col.errorCode]) ? { errorCode: text(r[J.col.errorCode]) } : {}),
  }));
}

/** Credentials whose end the service knows: the Ion refresh token (issued at + its lifetime). */
export async function credentialFacts(
  dv: DataverseApi,
  config: ProviderConfig,
  signal?: AbortSignal,
): Promise<CredentialFacts[]> {
  if (config.internalName !== ION_INTERNAL_NAME) return [];
  const P = Tables.provider;
  const row = await dv.retrieve(P, config.providerId, [P.col.tokenState], signal);
  const decoded = decodeState(text(row?.[P.col.tokenState]));
  if (decoded.kind !== 'ok') return [];
  const issued = Date.parse(decoded.state.refreshTokenIssuedAt);
  const expiresOn = new Date(issued + ION_REFRESH_TOKEN_LIFETIME_IN_DAYS * DAY_IN_MS).toISOString();
  return [{ name: `${config.name}'s Ion refresh token`, expiresOn }];
}

/** The system users named in the provider's Alert Recipients (enabled ones, by user name or email). */
export async function recipientsOf(dv: DataverseApi, config: ProviderConfig, signal?: AbortSignal) {
  const entry = Object.entries(config.properties).find(([k]) => k.toLowerCase() === RECIPIENTS_PROPERTY.toLowerCase());
  const names = (entry?.[1] ?? '')
    .split(/[;,]/)
    .map((n) => n.trim())
    .filter(Boolean);
  if (!names.length) return [];
  const U = Tables.systemUser;
  const filter = `(${inList(U.col.domainName, names)} or ${inList(U.col.internalEmailAddress, names)}) and ${eq(U.col.isDisabled, false)}`;
  const rows = await dv.all(U, { select: [U.col.id], filter }, { signal });
  return rows.map((r) => String(r[U.col.id]));
}
