/// <reference types="xrm" />
/**
 * Accept on the Variance list (the selected rows) and form (its record): every selected variance still
 * Open gets review status Accepted, and nothing else on the row changes (the reconciliation owns the
 * other columns, and a rerun keeps a person's verdict). A row that is no longer Open (accepted or fixed
 * meanwhile, or deleted) is left as it is and counted as skipped, so the message says what happened.
 * Requests: one read per READ_CHUNK_SIZE selected rows, then one update per Open row.
 */
import type { CommandDeps } from './deps';
import { reasonOf } from './follow';
import { Variance, VarianceReviewStatus } from './generated/names';
import { formRecord, isFormContext, normaliseId } from './record';
import { progressViewFor } from './progress';
import { alert } from './run-job';
import { AcceptStrings, SaveFirst } from './strings';

/** Ids per read: keeps the $filter well inside the URL length Dataverse accepts. */
export const READ_CHUNK_SIZE = 50;

export interface AcceptResult {
  readonly accepted: number;
  readonly skipped: number;
  readonly failed: number;
  /** The first failure's reason, when any update failed. */
  readonly failure?: string;
}

/** The Open rows among `ids` (the others are skipped). */
async function openVariances(deps: CommandDeps, ids: readonly string[]): Promise<string[]> {
  const v = Variance.col;
  const open: string[] = [];
  for (let i = 0; i < ids.length; i += READ_CHUNK_SIZE) {
    const chunk = ids.slice(i, i + READ_CHUNK_SIZE);
    const filter = `(${chunk.map((id) => `${v.id} eq ${id}`).join(' or ')}) and ${v.reviewStatus} eq ${VarianceReviewStatus.Open}`;
    const result = await deps.xrm.WebApi.retrieveMultipleRecords(
      Variance.logicalName,
      `?$select=${v.id},${v.reviewStatus}&$filter=${filter}`,
    );
    for (const row of result.entities as Record<string, unknown>[]) {
      const id = normaliseId(String(row[v.id] ?? ''));
      if (id) open.push(id);
    }
  }
  return open;
}

export async function acceptVariances(
  deps: CommandDeps,
  ids: readonly string[],
  view = progressViewFor(deps, undefined),
): Promise<AcceptResult> {
  const unique = [...new Set(ids.map((id) => normaliseId(id)).filter((id): id is string => !!id))];
  const open = await openVariances(deps, unique);
  let accepted = 0;
  let failed = 0;
  let failure: string | undefined;
  try {
    for (const id of open) {
      view.show(AcceptStrings.progress(accepted + failed + 1, open.length));
      try {
        // Only the review status: the other columns are the reconciliation's to write.
        await deps.xrm.WebApi.updateRecord(Variance.logicalName, id, {
          [Variance.col.reviewStatus]: VarianceReviewStatus.Accepted,
        });
        accepted++;
      } catch (error) {
        failed++;
        failure ??= reasonOf(error);
      }
    }
  } finally {
    view.close();
  }
  return { accepted, skipped: unique.length - open.length, failed, ...(failure ? { failure } : {}) };
}

export function acceptMessage(result: AcceptResult): string {
  const lines = [AcceptStrings.accepted(result.accepted)];
  if (result.skipped) lines.push(AcceptStrings.skipped(result.skipped));
  if (result.failed) lines.push(AcceptStrings.failed(result.failed, result.failure ?? ''));
  return lines.join('\n');
}

/**
 * The command: the grid's selection, or the form's saved record. Returns whether anything was
 * attempted (the grid or form is then refreshed).
 */
export async function acceptCommand(
  deps: CommandDeps,
  primaryControl: unknown,
  selectedItemIds?: readonly string[],
): Promise<boolean> {
  let ids: readonly string[];
  if (Array.isArray(selectedItemIds)) ids = selectedItemIds;
  else if (isFormContext(primaryControl)) {
    const record = formRecord(primaryControl);
    // Unsaved edits would be lost to the refresh that follows the update.
    if (!record.id || record.dirty) {
      await alert(deps, SaveFirst.title, SaveFirst.text(AcceptStrings.operation));
      return false;
    }
    ids = [record.id];
  } else ids = [];
  if (!ids.length) {
    await alert(deps, AcceptStrings.selectTitle, AcceptStrings.select);
    return false;
  }
  const result = await acceptVariances(deps, ids, progressViewFor(deps, primaryControl));
  await alert(deps, AcceptStrings.doneTitle, acceptMessage(result));
  return true;
}

export function isVarianceSaved(primaryControl: unknown): boolean {
  return isFormContext(primaryControl) && !!formRecord(primaryControl).id;
}
