/**
 * From a save's write outcomes (compare-write.ts) back to the grid's state, the same for both grids:
 * saved rows take their new values and lose their edit; a conflict or a failure keeps its edit, so
 * nothing the person decided is lost, and is listed for the "Problems" view.
 */
import type { WriteOutcome } from './compare-write';
import type { WebApiFailure } from './webapi-errors';

export interface SaveResult<Row> {
  readonly rows: Row[];
  readonly edits: ReadonlyMap<string, unknown>;
  readonly saved: number;
  readonly conflicts: readonly string[];
  readonly failures: ReadonlyMap<string, WebApiFailure>;
}

export function applyOutcomes<Row extends { readonly id: string }, Edit>(
  rows: readonly Row[],
  edits: ReadonlyMap<string, Edit>,
  outcomes: readonly WriteOutcome[],
  savedRow: (row: Row, edit: Edit) => Row,
): SaveResult<Row> & { readonly edits: ReadonlyMap<string, Edit> } {
  const savedIds = new Set<string>();
  const conflicts: string[] = [];
  const failures = new Map<string, WebApiFailure>();
  for (const o of outcomes) {
    if (o.kind === 'saved') savedIds.add(o.id);
    else if (o.kind === 'conflict') conflicts.push(o.id);
    else failures.set(o.id, o.failure);
  }
  const nextEdits = new Map(edits);
  const nextRows = rows.map((r) => {
    const edit = edits.get(r.id);
    if (edit === undefined || !savedIds.has(r.id)) return r;
    nextEdits.delete(r.id);
    return savedRow(r, edit);
  });
  return { rows: nextRows, edits: nextEdits, saved: savedIds.size, conflicts, failures };
}

/**
 * After a conflict the person chooses: keep theirs (the row as Dataverse holds it now, edit dropped)
 * or keep mine (the same new baseline, edit kept, so the next save compares against what they have
 * now seen and writes). Either way the grid never writes over a change the person has not seen. An
 * edit that now equals what Dataverse holds is dropped too: nothing left to save.
 */
export function resolveConflict<Row extends { readonly id: string }, Edit>(
  rows: readonly Row[],
  edits: ReadonlyMap<string, Edit>,
  theirs: Row,
  keepMine: boolean,
  sameAsRow: (row: Row, edit: Edit) => boolean,
): { rows: Row[]; edits: ReadonlyMap<string, Edit> } {
  const nextRows = rows.map((r) => (r.id === theirs.id ? theirs : r));
  const nextEdits = new Map(edits);
  const mine = edits.get(theirs.id);
  if (!keepMine || mine === undefined || sameAsRow(theirs, mine)) nextEdits.delete(theirs.id);
  return { rows: nextRows, edits: nextEdits };
}
