/**
 * From unsaved edits to Web API writes, and from write outcomes back to the grid's state.
 * A person's mapping always sets Mapped By = Person: the sync service never touches such a row again
 * (plugins/sync/accounts/plan.ts automapEligible).
 */
import type { PendingWrite, WriteOutcome } from '../../../shared/compare-write';
import { bindPath } from '../../../shared/odata';
import type { WebApiFailure } from '../../../shared/webapi-errors';
import { Account, MappingSource, ProviderAccount } from '../ManifestConstants';
import type { AccountRow, Edit, Edits } from './types';

const PA = ProviderAccount;

/** The writes for every unsaved edit, each carrying the values it expects to find (see compare-write.ts). */
export function planWrites(rows: readonly AccountRow[], edits: Edits): PendingWrite[] {
  const writes: PendingWrite[] = [];
  for (const row of rows) {
    const edit = edits.get(row.id);
    if (!edit) continue;
    writes.push({
      id: row.id,
      body: writeBody(row, edit),
      expected: { [PA.val.account]: row.account?.id ?? null, [PA.col.mappingStatus]: row.status },
    });
  }
  return writes;
}

export function writeBody(row: AccountRow, edit: Edit): ComponentFramework.WebApi.Entity {
  const body: ComponentFramework.WebApi.Entity = {
    [PA.col.mappingStatus]: edit.status,
    [PA.col.mappingSource]: MappingSource.Person,
  };
  const bind = `${PA.nav.account}@odata.bind`;
  if (edit.account) body[bind] = bindPath(Account.entitySetName, edit.account.id);
  // Dataverse clears a lookup when its navigation property is bound to null.
  else if (row.account) body[bind] = null;
  return body;
}

/** The row as saved: the edit applied, made by a person. */
export function savedRow(row: AccountRow, edit: Edit): AccountRow {
  return { ...row, status: edit.status, account: edit.account ?? undefined, source: MappingSource.Person };
}

export interface SaveResult {
  readonly rows: AccountRow[];
  readonly edits: Edits;
  readonly saved: number;
  readonly conflicts: readonly string[];
  readonly failures: ReadonlyMap<string, WebApiFailure>;
}

/** Saved rows take their new values and lose their edit; conflicts and failures keep their edit. */
export function applyOutcomes(
  rows: readonly AccountRow[],
  edits: Edits,
  outcomes: readonly WriteOutcome[],
): SaveResult {
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
    if (!edit || !savedIds.has(r.id)) return r;
    nextEdits.delete(r.id);
    return savedRow(r, edit);
  });
  return { rows: nextRows, edits: nextEdits, saved: savedIds.size, conflicts, failures };
}

/**
 * After a conflict the person chooses: keep theirs (the row as Dataverse holds it now, edit dropped)
 * or keep mine (the same new baseline, edit kept, so the next save compares against what they have
 * now seen and writes). Either way the grid never writes over a change the person has not seen.
 */
export function resolveConflict(
  rows: readonly AccountRow[],
  edits: Edits,
  theirs: AccountRow,
  keepMine: boolean,
): { rows: AccountRow[]; edits: Edits } {
  const nextRows = rows.map((r) => (r.id === theirs.id ? theirs : r));
  const nextEdits = new Map(edits);
  const mine = edits.get(theirs.id);
  if (
    !keepMine ||
    !mine ||
    (mine.status === theirs.status && (mine.account?.id ?? null) === (theirs.account?.id ?? null))
  )
    nextEdits.delete(theirs.id);
  return { rows: nextRows, edits: nextEdits };
}
