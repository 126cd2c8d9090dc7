/** The account-mapping rules (pcf-controls/AccountMappingGrid/AccountMappingGrid/model), pure. */
import { MappingSource, MappingStatus, ProviderAccount } from '../../pcf-controls/shared/generated/names';
import {
  acceptAllExact,
  acceptSelected,
  acceptSuggestion,
  acceptableExactCount,
  chooseAccount,
  clearMapping,
  effective,
  exclude,
  excludeSelected,
  holders,
  READING,
  revert,
} from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/model/mapping';
import {
  planWrites,
  sameAsRow,
  savedRow,
} from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/model/save-plan';
import { rowFromEntity, rowFromRecord } from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/model/rows';
import type { AccountEdits, AccountRow } from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/model/types';
import { countRows, filterRows, type GridView } from '../../pcf-controls/shared/mapping-rules';
import { applyOutcomes, resolveConflict } from '../../pcf-controls/shared/save-outcomes';
import { searchKey, searchTerms } from '../../pcf-controls/shared/text';

const acct = (id: string, name = `CRM ${id}`) => ({ id, name });

function row(id: string, fields: Partial<AccountRow> = {}): AccountRow {
  const base = { id, name: `PA ${id}`, status: MappingStatus.NotSetup, removedAtProvider: false, ...fields };
  return {
    ...base,
    searchKey: searchKey(base.name, base.providerSpecificId, base.account?.name, base.suggestion?.account.name),
  };
}
const none: AccountEdits = new Map();

describe('account mapping view model', () => {
  const mapped = row('m', { status: MappingStatus.Mapped, account: acct('a1') });
  const exactA = row('e1', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a2'), score: 1, code: 'same_name', reason: 'Same name' },
  });
  const exactB = row('e2', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a3'), score: 1, code: 'contested' },
  });
  const exactC = row('e3', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a3'), score: 1, code: 'contested' },
  });
  const onHeld = row('e4', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a1'), score: 1, code: 'same_tenant' },
  });
  const similar = row('s', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a4'), score: 0.6, code: 'similar_name' },
  });
  const ambiguous = row('amb', {
    status: MappingStatus.Suggested,
    suggestion: { account: acct('a5'), score: 0.9, code: 'name_ambiguous' },
  });
  const open = row('o');
  const rows = [mapped, exactA, exactB, exactC, onHeld, similar, ambiguous, open];

  it('refuses a CRM account another provider account holds, naming it, and counts unsaved choices too', () => {
    const refused = chooseAccount(rows, none, 'o', acct('a1'));
    expect(refused).toEqual({ ok: false, heldBy: mapped });
    const first = chooseAccount(rows, none, 'o', acct('a9'));
    if (!first.ok) throw new Error('expected ok');
    const second = chooseAccount(rows, first.edits, 's', acct('a9'));
    expect(second).toEqual({ ok: false, heldBy: open });
    // The holder itself may be given its own account again.
    expect(chooseAccount(rows, none, 'm', acct('a1'))).toEqual({ ok: true, edits: none });
  });

  it('frees an account when its holder is unmapped or excluded (unsaved)', () => {
    const freed = exclude(rows, none, 'm');
    expect(effective(mapped, freed)).toEqual({ status: MappingStatus.Excluded, account: null });
    expect(chooseAccount(rows, freed, 'o', acct('a1')).ok).toBe(true);
    const cleared = clearMapping(rows, none, 'm');
    expect(effective(mapped, cleared)).toEqual({ status: MappingStatus.NotSetup, account: null });
    expect(holders(rows, cleared).has('a1')).toBe(false);
  });

  it('unmapping a row with a suggestion goes back to Suggested; an edit back to the loaded state is no edit', () => {
    const e = clearMapping(rows, none, 'e1');
    expect(e.size).toBe(0); // e1 was Suggested without account: nothing changes
    const accepted = acceptSuggestion(rows, none, 'e1');
    if (!accepted.ok) throw new Error('expected ok');
    expect(effective(exactA, accepted.edits)).toEqual({ status: MappingStatus.Mapped, account: acct('a2') });
    expect(clearMapping(rows, accepted.edits, 'e1').size).toBe(0);
    expect(revert(accepted.edits, 'e1').size).toBe(0);
  });

  it('accepts all exact matches except those that would map one CRM account twice or take a held one', () => {
    const result = acceptAllExact(rows, none);
    expect(result.accepted.map((r) => r.id)).toEqual(['e1']);
    expect(result.skipped.map((s) => [s.row.id, s.why, s.others.map((o) => o.id)])).toEqual([
      ['e2', 'shared', ['e3']],
      ['e3', 'shared', ['e2']],
      ['e4', 'held', ['m']],
    ]);
    // Never the similar-name or ambiguous suggestions.
    expect(result.edits.has('s')).toBe(false);
    expect(result.edits.has('amb')).toBe(false);
    expect(acceptableExactCount(rows, none)).toBe(1);
    // Once the contest is settled (e3 excluded), e2 is accepted; running it again accepts nothing new.
    const settled = exclude(rows, result.edits, 'e3');
    const again = acceptAllExact(rows, settled);
    expect(again.accepted.map((r) => r.id)).toEqual(['e2']);
    expect(acceptAllExact(rows, again.edits).accepted).toEqual([]);
  });

  it('counts statuses and views after edits, and filters by view, status, problems and search words', () => {
    const accepted = acceptAllExact(rows, none).edits;
    const counts = countRows(rows, accepted, MappingStatus, new Set(['s']), READING);
    expect(counts.byStatus.get(MappingStatus.Mapped)).toBe(2);
    expect(counts.byStatus.get(MappingStatus.Suggested)).toBe(5);
    // Needs mapping: neither mapped nor excluded (the sync's "not mapped yet").
    expect(counts.byView).toEqual({ needs: 6, problems: 1, all: 8, unsaved: 1 });
    const f = (view: GridView, statuses: number[] = [], text = '', problems = new Set<string>()) =>
      filterRows(
        rows,
        accepted,
        { view, statuses: new Set(statuses), terms: searchTerms(text), problems },
        READING,
      ).map((r) => r.id);
    expect(f('all', [MappingStatus.Mapped])).toEqual(['m', 'e1']);
    expect(f('needs')).toEqual(['e2', 'e3', 'e4', 's', 'amb', 'o']);
    expect(f('needs', [MappingStatus.NotSetup])).toEqual(['o']);
    expect(f('unsaved')).toEqual(['e1']);
    expect(f('problems', [], '', new Set(['s']))).toEqual(['s']);
    expect(f('all', [], 'crm a4')).toEqual(['s']);
    // Found by the name of an account chosen but not saved.
    const chosen = chooseAccount(rows, none, 'o', acct('z', 'Zoë Ñandú Ltd'));
    if (!chosen.ok) throw new Error('expected ok');
    expect(
      filterRows(
        rows,
        chosen.edits,
        { view: 'all', statuses: new Set(), terms: searchTerms('zoe nandu'), problems: new Set() },
        READING,
      ).map((r) => r.id),
    ).toEqual(['o']);
  });

  it('accepts the suggestions of a selection with the same one-to-one refusals, and excludes a selection', () => {
    const result = acceptSelected(rows, none, new Set(['s', 'e2', 'e3', 'e4', 'm']));
    // s: similar name, but picked by the person; e2/e3 share an account; e4's is held; m is mapped already.
    expect(result.accepted.map((r) => r.id)).toEqual(['s']);
    expect(result.skipped.map((k) => [k.row.id, k.why])).toEqual([
      ['e2', 'shared'],
      ['e3', 'shared'],
      ['e4', 'held'],
    ]);
    const excluded = excludeSelected(rows, none, new Set(['s', 'o']));
    expect([...excluded.values()].map((e) => e.status)).toEqual([MappingStatus.Excluded, MappingStatus.Excluded]);
  });

  it('plans writes that a person made (Mapped By = Person), binding or clearing the lookup, with the values they expect', () => {
    let edits = acceptAllExact(rows, none).edits;
    edits = exclude(rows, edits, 'm');
    const writes = planWrites(rows, edits);
    expect(writes).toEqual([
      {
        id: 'm',
        body: {
          [ProviderAccount.col.mappingStatus]: MappingStatus.Excluded,
          [ProviderAccount.col.mappingSource]: MappingSource.Person,
          [`${ProviderAccount.nav.account}@odata.bind`]: null,
        },
        expected: { [ProviderAccount.val.account]: 'a1', [ProviderAccount.col.mappingStatus]: MappingStatus.Mapped },
      },
      {
        id: 'e1',
        body: {
          [ProviderAccount.col.mappingStatus]: MappingStatus.Mapped,
          [ProviderAccount.col.mappingSource]: MappingSource.Person,
          [`${ProviderAccount.nav.account}@odata.bind`]: '/accounts(a2)',
        },
        expected: { [ProviderAccount.val.account]: null, [ProviderAccount.col.mappingStatus]: MappingStatus.Suggested },
      },
    ]);
  });

  it('after saving, saved rows take their values; conflicts and failures keep their edits; a conflict is resolved either way', () => {
    const edits = new Map(acceptAllExact(rows, none).edits);
    edits.set('o', { status: MappingStatus.Mapped, account: acct('a7') });
    edits.set('s', { status: MappingStatus.Excluded, account: null });
    const result = applyOutcomes(
      rows,
      edits,
      [
        { kind: 'saved', id: 'e1' },
        { kind: 'conflict', id: 'o', current: {} },
        { kind: 'failed', id: 's', failure: { kind: 'duplicateKey', message: 'dup' } },
      ],
      savedRow,
    );
    expect(result.saved).toBe(1);
    expect(result.rows.find((r) => r.id === 'e1')).toMatchObject({
      status: MappingStatus.Mapped,
      account: acct('a2'),
      source: MappingSource.Person,
    });
    expect([...result.edits.keys()].sort()).toEqual(['o', 's']);
    expect(result.conflicts).toEqual(['o']);
    expect(result.failures.get('s')?.kind).toBe('duplicateKey');
    const theirs = row('o', { status: MappingStatus.Mapped, account: acct('a8') });
    const kept = resolveConflict(result.rows, result.edits, theirs, true, sameAsRow);
    expect(kept.edits.get('o')).toEqual({ status: MappingStatus.Mapped, account: acct('a7') });
    expect(kept.rows.find((r) => r.id === 'o')?.account).toEqual(acct('a8'));
    expect(resolveConflict(result.rows, result.edits, theirs, false, sameAsRow).edits.has('o')).toBe(false);
  });

  it('reads dataset records (EntityReference lookups, numeric strings) and Web API entities alike', () => {
    const values: Record<string, unknown> = {
      [ProviderAccount.col.name]: 'Contoso Pty Ltd',
      [ProviderAccount.col.providerSpecificId]: 'TD-1',
      [ProviderAccount.col.mappingStatus]: String(MappingStatus.Suggested),
      [ProviderAccount.col.suggestedAccount]: {
        id: { guid: '{AAAAAAAA-0000-0000-0000-000000000001}' },
        name: 'Contoso Ltd',
      },
      [ProviderAccount.col.matchScore]: '0.875',
      [ProviderAccount.col.matchCode]: 'similar_name',
      [ProviderAccount.col.removedAtProvider]: true,
    };
    const fromRecord = rowFromRecord({
      getRecordId: () => 'BBBBBBBB-0000-0000-0000-000000000002',
      getValue: (c: string) => values[c] as never,
      getFormattedValue: () => '',
    });
    const fromEntity = rowFromEntity({
      [ProviderAccount.col.id]: 'bbbbbbbb-0000-0000-0000-000000000002',
      [ProviderAccount.col.name]: 'Contoso Pty Ltd',
      [ProviderAccount.col.providerSpecificId]: 'TD-1',
      [ProviderAccount.col.mappingStatus]: MappingStatus.Suggested,
      [ProviderAccount.val.suggestedAccount]: 'aaaaaaaa-0000-0000-0000-000000000001',
      [`${ProviderAccount.val.suggestedAccount}@OData.Community.Display.V1.FormattedValue`]: 'Contoso Ltd',
      [ProviderAccount.col.matchScore]: 0.875,
      [ProviderAccount.col.matchCode]: 'similar_name',
      [ProviderAccount.col.removedAtProvider]: true,
    });
    expect(fromRecord).toEqual(fromEntity);
    expect(fromRecord).toMatchObject({
      id: 'bbbbbbbb-0000-0000-0000-000000000002',
      status: MappingStatus.Suggested,
      removedAtProvider: true,
      suggestion: { account: { id: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'Contoso Ltd' }, score: 0.875 },
    });
  });
});
