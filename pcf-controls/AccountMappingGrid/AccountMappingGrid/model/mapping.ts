/**
 * The account-mapping rules as pure functions over (rows as loaded, a person's unsaved edits):
 * what each row shows, who holds which CRM account, and what each action does. Nothing here touches
 * the DOM or the platform, so every rule has its own unit test (tests/pcf-controls/account-mapping.test.ts).
 *
 * The one-to-one rule: within a provider, a CRM account maps to at most one provider account
 * (Dataverse enforces it with the (provider, CRM account) key). The grid applies it on the spot to
 * what rows will hold after saving, unsaved edits included, so a person learns of a clash when they
 * pick the account, not when Dataverse refuses the save.
 */
import { EXACT_MATCH_CODES, MappingStatus } from '../ManifestConstants';
import * as shared from '../../../shared/mapping-rules';
import { sameAsRow } from './save-plan';
import type { AccountEdit, AccountEdits, AccountRow, Ref } from './types';

export { revert } from '../../../shared/mapping-rules';

/** The status and CRM account a row will have once saved. */
export function effective(row: AccountRow, edits: AccountEdits): AccountEdit {
  return edits.get(row.id) ?? { status: row.status, account: row.account ?? null };
}

function withEdit(edits: AccountEdits, row: AccountRow, edit: AccountEdit): Map<string, AccountEdit> {
  const next = new Map(edits);
  // An edit that puts the row back as it was loaded is no edit: nothing to save.
  if (sameAsRow(row, edit)) next.delete(row.id);
  else next.set(row.id, edit);
  return next;
}

/** CRM account id -> the provider account that holds it after saving (unsaved edits included). */
export function holders(rows: readonly AccountRow[], edits: AccountEdits): Map<string, AccountRow> {
  const out = new Map<string, AccountRow>();
  for (const row of rows) {
    const e = effective(row, edits);
    if (e.status === MappingStatus.Mapped && e.account) out.set(e.account.id, row);
  }
  return out;
}

export type ActionResult =
  { readonly ok: true; readonly edits: AccountEdits } | { readonly ok: false; readonly heldBy: AccountRow };

/** Map `rowId` to `account`; refused when another provider account of this provider holds it. */
export function chooseAccount(
  rows: readonly AccountRow[],
  edits: AccountEdits,
  rowId: string,
  account: Ref,
): ActionResult {
  const row = rows.find((r) => r.id === rowId);
  if (!row) return { ok: true, edits };
  const holder = holders(rows, edits).get(account.id);
  if (holder && holder.id !== rowId) return { ok: false, heldBy: holder };
  return { ok: true, edits: withEdit(edits, row, { status: MappingStatus.Mapped, account }) };
}

/** Accept the row's suggestion (the same rule as choosing that account by hand). */
export function acceptSuggestion(rows: readonly AccountRow[], edits: AccountEdits, rowId: string): ActionResult {
  const row = rows.find((r) => r.id === rowId);
  if (!row?.suggestion) return { ok: true, edits };
  return chooseAccount(rows, edits, rowId, row.suggestion.account);
}

/** Exclude: no CRM account, and the sync leaves the row alone (its subscriptions are not synced). */
export function exclude(rows: readonly AccountRow[], edits: AccountEdits, rowId: string): AccountEdits {
  const row = rows.find((r) => r.id === rowId);
  return row ? withEdit(edits, row, { status: MappingStatus.Excluded, account: null }) : edits;
}

/** Unmap or include again: back to Suggested when automap left a suggestion, else Not Setup. */
export function clearMapping(rows: readonly AccountRow[], edits: AccountEdits, rowId: string): AccountEdits {
  const row = rows.find((r) => r.id === rowId);
  if (!row) return edits;
  return withEdit(edits, row, {
    status: row.suggestion ? MappingStatus.Suggested : MappingStatus.NotSetup,
    account: null,
  });
}

export function isExactSuggestion(row: AccountRow): boolean {
  return Boolean(row.suggestion && row.suggestion.code && EXACT_MATCH_CODES.has(row.suggestion.code));
}

export interface SkippedSuggestion {
  readonly row: AccountRow;
  /** `shared`: several provider accounts are suggested the same CRM account; `held`: another holds it. */
  readonly why: 'shared' | 'held';
  readonly others: readonly AccountRow[];
}

export interface AcceptAllResult {
  readonly edits: AccountEdits;
  readonly accepted: readonly AccountRow[];
  readonly skipped: readonly SkippedSuggestion[];
}

/**
 * Accept the suggestions of `candidates` (rows still to be mapped), unless that would map one CRM
 * account twice: when several of them suggest the same CRM account none of them is accepted (which
 * one is right is a person's call), and a CRM account another provider account already holds is
 * never taken from it.
 */
function acceptSuggestions(
  rows: readonly AccountRow[],
  edits: AccountEdits,
  candidates: readonly AccountRow[],
): AcceptAllResult {
  const byAccount = new Map<string, AccountRow[]>();
  for (const r of candidates) {
    const id = (r.suggestion as { account: Ref }).account.id;
    const group = byAccount.get(id);
    if (group) group.push(r);
    else byAccount.set(id, [r]);
  }
  const held = holders(rows, edits);
  const next = new Map(edits);
  const accepted: AccountRow[] = [];
  const skipped: SkippedSuggestion[] = [];
  for (const [accountId, group] of byAccount) {
    const holder = held.get(accountId);
    if (holder) {
      for (const r of group) skipped.push({ row: r, why: 'held', others: [holder] });
      continue;
    }
    if (group.length > 1) {
      for (const r of group) skipped.push({ row: r, why: 'shared', others: group.filter((o) => o !== r) });
      continue;
    }
    const [r] = group;
    next.set(r.id, { status: MappingStatus.Mapped, account: (r.suggestion as { account: Ref }).account });
    accepted.push(r);
  }
  return { edits: next, accepted, skipped };
}

/** "Accept all exact matches": every row still Suggested (after edits) whose suggestion rests on exact evidence. */
export function acceptAllExact(rows: readonly AccountRow[], edits: AccountEdits): AcceptAllResult {
  const candidates = rows.filter((r) => isExactSuggestion(r) && effective(r, edits).status === MappingStatus.Suggested);
  return acceptSuggestions(rows, edits, candidates);
}

/** Accept the suggestions of the selected rows that have one and are not mapped yet (same refusals). */
export function acceptSelected(
  rows: readonly AccountRow[],
  edits: AccountEdits,
  ids: ReadonlySet<string>,
): AcceptAllResult {
  const candidates = rows.filter(
    (r) =>
      ids.has(r.id) &&
      r.suggestion !== undefined &&
      effective(r, edits).status !== MappingStatus.Mapped &&
      effective(r, edits).status !== MappingStatus.Excluded,
  );
  return acceptSuggestions(rows, edits, candidates);
}

/** Exclude every selected row. */
export function excludeSelected(
  rows: readonly AccountRow[],
  edits: AccountEdits,
  ids: ReadonlySet<string>,
): AccountEdits {
  let next = edits;
  for (const r of rows) if (ids.has(r.id)) next = exclude(rows, next, r.id);
  return next;
}

/** How many exact suggestions "Accept all exact matches" would accept now (the button's count). */
export function acceptableExactCount(rows: readonly AccountRow[], edits: AccountEdits): number {
  return acceptAllExact(rows, edits).accepted.length;
}

/**
 * How the shared rules (shared/mapping-rules.ts) read an account row and its edit. "Needs mapping" is
 * the sync's own rule for "not mapped yet" (plugins/sync/accounts/plan.ts unmappedTotal): neither
 * mapped nor excluded, so right after a sync its count is the one the job reported.
 */
export const READING: shared.RowReading<AccountRow, AccountEdit> = {
  status: (row, edits) => effective(row, edits).status,
  chosen: (edit) => edit.account,
  needsMapping: (status) => status !== MappingStatus.Mapped && status !== MappingStatus.Excluded,
};
