/** The text of the outcome dialog: what the job says it did, its counts, and its first warnings. */
import type { JobSnapshot, JobWarning } from './jobs';
import { OutcomeStrings } from './strings';

export function outcomeText(job: JobSnapshot, warnings: readonly JobWarning[], showCounts: boolean): string {
  const parts = [job.summary || OutcomeStrings.noSummary];
  if (showCounts) parts.push(OutcomeStrings.counts(job.counts));
  if (warnings.length) {
    parts.push([OutcomeStrings.warningsHeading(warnings.length, job.warnings), ...warnings.map((w) => OutcomeStrings.warningLine(w.recordName, w.message))].join('\n'));
  }
  return parts.join('\n\n');
}
