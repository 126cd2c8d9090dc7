/**
 * The License Change Log mismatch report: subscriptions whose quantity differs from the sum of their
 * log entries' deltas (Work 365's "License Change Log Mismatch"). The fix is a balancing entry; this
 * report only finds them. Reads the log in pages and sums in memory: one pass, however many
 * subscriptions the provider has.
 */
import { Tables } from '../../solution/schema';
import type { DataverseApi } from '../dataverse/api';
import { eq } from '../dataverse/odata';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;

export interface LicenseMismatch {
  subscriptionId: string;
  name: string;
  quantity: number;
  logSum: number;
  entries: number;
}

export async function checkLicenseLog(
  dv: DataverseApi,
  providerId: string,
  signal?: AbortSignal,
): Promise<{ checked: number; mismatches: LicenseMismatch[] }> {
  const subs = new Map<string, { name: string; quantity: number; sum: number; entries: number }>();
  for await (const r of dv.rows(
    S,
    {
      select: [S.col.id, S.col.name, S.col.quantity],
      filter: `${eq(S.val.provider, { guid: providerId })} and ${eq(S.col.stateCode, 0)}`,
    },
    { signal },
  )) {
    subs.set(String(r[S.col.id]).toLowerCase(), {
      name: String(r[S.col.name] ?? ''),
      quantity: Number(r[S.col.quantity] ?? 0),
      sum: 0,
      entries: 0,
    });
  }
  for await (const e of dv.rows(L, { select: [L.val.subscription, L.col.quantityDelta] }, { signal })) {
    const s = subs.get(String(e[L.val.subscription] ?? '').toLowerCase());
    if (!s) continue;
    s.sum += Number(e[L.col.quantityDelta] ?? 0);
    s.entries++;
  }
  const mismatches: LicenseMismatch[] = [];
  for (const [id, s] of subs) {
    if (s.sum !== s.quantity)
      mismatches.push({ subscriptionId: id, name: s.name, quantity: s.quantity, logSum: s.sum, entries: s.entries });
  }
  mismatches.sort((a, b) => a.name.localeCompare(b.name));
  return { checked: subs.size, mismatches };
}
