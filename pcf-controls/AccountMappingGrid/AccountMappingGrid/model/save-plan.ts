/**
 * From unsaved edits to Web API writes, and what a saved edit makes of its row. A person's mapping
 * always sets Mapped By = Person: the sync service never touches such a row again
 * (plugins/sync/accounts/plan.ts automapEligible). What a save's outcomes do to the grid is the same
 * for both grids (shared/save-outcomes.ts).
 */
import type { PendingWrite } from '../../../shared/compare-write';
import { bindPath } from '../../../shared/odata';
import { Account, MappingSource, ProviderAccount } from '../ManifestConstants';
import type { AccountEdit, AccountEdits, AccountRow } from './types';

const PA = ProviderAccount;

/** The write for one edit, carrying the values it expects to find (see compare-write.ts). */
export function writeFor(row: AccountRow, edit: AccountEdit): PendingWrite {
  return {
    id: row.id,
    body: writeBody(row, edit),
    expected: { [PA.val.account]: row.account?.id ?? null, [PA.col.mappingStatus]: row.status },
  };
}

/** The writes for every unsaved edit. */
export function planWrites(rows: readonly AccountRow[], edits: AccountEdits): PendingWrite[] {
  const writes: PendingWrite[] = [];
  for (const row of rows) {
    const edit = edits.get(row.id);
    if (edit) writes.push(writeFor(row, edit));
  }
  return writes;
}

export function writeBody(row: AccountRow, edit: AccountEdit): ComponentFramework.WebApi.Entity {
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
export function savedRow(row: AccountRow, edit: AccountEdit): AccountRow {
  return { ...row, status: edit.status, account: edit.account ?? undefined, source: MappingSource.Person };
}

/** The edit would leave the row as it is. */
export function sameAsRow(row: AccountRow, edit: AccountEdit): boolean {
  return edit.status === row.status && (edit.account?.id ?? null) === (row.account?.id ?? null);
}
