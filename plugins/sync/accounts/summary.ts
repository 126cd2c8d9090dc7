/** The summary a person reads on a Sync Provider Accounts job. */
import type { JobCounts } from '../../jobs/types';
import type { AccountStats } from './plan';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** `newUnmappedCount`: how many new unmapped accounts there are, when `s.newUnmapped` names only the first few. */
export function accountSummary(
  providerName: string,
  s: AccountStats,
  counts: JobCounts,
  failedWrites: number,
  newUnmappedCount = s.newUnmapped.length,
): string {
  const parts = [
    `Listed ${s.listed} ${plural(s.listed, 'customer', 'customers')} at ${providerName}`,
    `${counts.created} new (${s.autoMapped} mapped automatically, ${s.suggested} with a suggestion)`,
    `${counts.updated} updated`,
    `${counts.unchanged} unchanged`,
  ];
  if (s.removed) parts.push(`${s.removed} marked removed at the provider (kept, never deleted)`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped (malformed or duplicate records)`);
  if (failedWrites) parts.push(`${failedWrites} could not be saved`);
  let summary = `${parts.join(', ')}.`;
  if (newUnmappedCount) {
    const shown = s.newUnmapped.slice(0, 5).join('; ');
    summary += ` New unmapped accounts: ${shown}${newUnmappedCount > 5 ? ` and ${newUnmappedCount - 5} more` : ''}.`;
  }
  if (s.unmappedTotal)
    summary += ` ${s.unmappedTotal} ${plural(s.unmappedTotal, 'account is', 'accounts are')} not mapped yet: map them on the Provider form.`;
  return summary;
}
