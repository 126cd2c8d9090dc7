/**
 * The text of the outcome dialog: what the job says it did, its counts, and its first warnings (each
 * led by the record it concerns, unless its message already starts with that name), leaving out one
 * that only repeats the summary.
 */
import type { JobSnapshot, JobWarning } from './jobs';
import { OutcomeStrings } from './strings';

export function outcomeText(job: JobSnapshot, allWarnings: readonly JobWarning[], showCounts: boolean): string {
  const parts = [job.summary || OutcomeStrings.noSummary];
  if (showCounts) parts.push(OutcomeStrings.counts(job.counts));
  // A failed job's error item says what its summary already says: it is not repeated under "Warnings:".
  const warnings = allWarnings.filter((w) => !w.message || !job.summary.includes(w.message));
  if (warnings.length) {
    parts.push(
      [
        OutcomeStrings.warningsHeading(warnings.length, job.warnings - (allWarnings.length - warnings.length)),
        ...warnings.map((w) =>
          OutcomeStrings.warningLine(w.message.startsWith(w.recordName) ? '' : w.recordName, w.message),
        ),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}
