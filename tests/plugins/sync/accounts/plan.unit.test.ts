/**
 * product.md flow 3, Sync Provider Accounts, through its pure planner: one rule a row. A rerun is
 * planned against what the first plan wrote, read back by the sync's own reader from an in-memory
 * Dataverse, so "a rerun with nothing new writes nothing" is tested the way it happens.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { updateRow, type Desired } from '../../../../plugins/dataverse/intents';
import type { DistributorCustomer } from '../../../../plugins/providers/types';
import { planAccountSync, type AccountPlan, type AccountPlanInput } from '../../../../plugins/sync/accounts/plan';
import { readProviderAccounts, type ExistingProviderAccount } from '../../../../plugins/sync/accounts/read';
import type { AutomapDecision } from '../../../../plugins/sync/automap/types';
import { stableId } from '../../../../plugins/sync/ids';
import { FakeDataverseApi } from '../../dataverse/fakes/fake-dataverse-api';

const PA = Tables.providerAccount;
const MS = Choices.mappingStatus;
const PROVIDER_ID = '0c6d2b0f-1111-4000-8000-000000000001';
const CRM_A = '0c6d2b0f-aaaa-4000-8000-00000000000a';
const CRM_B = '0c6d2b0f-bbbb-4000-8000-00000000000b';
const NOW = new Date('2026-03-01T09:00:00.000Z');

const customer = (id: string, over: Partial<DistributorCustomer> = {}): DistributorCustomer => ({
  providerSpecificId: id,
  name: `Customer ${id}`,
  tenantId: `7a1b2c3d-0000-4000-8000-${id.padStart(12, '0')}`,
  primaryDomain: `customer${id}.example`,
  email: `admin@customer${id}.example`,
  status: 'Active',
  ...over,
});

function decision(id: string, kind: AutomapDecision['decision'], crmAccountId?: string, score = 1): AutomapDecision {
  const reasonCode = kind === 'auto' ? 'same_tenant' : kind === 'suggest' ? 'similar_name' : 'no_match';
  return { providerAccountId: id, decision: kind, crmAccountId, score, reason: `${kind} (${score})`, reasonCode };
}

function plan(over: Partial<AccountPlanInput> = {}): AccountPlan {
  return planAccountSync({
    providerId: PROVIDER_ID,
    existing: [],
    customers: [],
    decisions: new Map(),
    now: NOW,
    ...over,
  });
}

const decisions = (...ds: AutomapDecision[]) => new Map(ds.map((d) => [d.providerAccountId, d]));
const codes = (p: AccountPlan) => p.items.map((i) => i.code);

let dv: FakeDataverseApi;
beforeEach(() => {
  dv = new FakeDataverseApi();
  dv.answerQueries = (set) => dv.rowsIn(set); // one provider here: its filter selects every row
});

/** Writes the plan, applies a person's edits (by provider-specific id), and reads back as the next sync reads. */
async function afterWriting(p: AccountPlan, edits: Record<string, Desired> = {}): Promise<ExistingProviderAccount[]> {
  const results = await dv.writeUnits(p.writes.map((w) => ({ intents: [w.intent], tag: w })));
  expect(results.every((r) => r.ok)).toBe(true);
  for (const [psid, desired] of Object.entries(edits))
    await dv.write(updateRow(PA, stableId('provideraccount', PROVIDER_ID, psid), desired));
  return readProviderAccounts(dv, PROVIDER_ID);
}

describe('planAccountSync: new provider accounts (flow 3)', () => {
  it('creates each listed customer with a deterministic id, its facts, sync enabled and the time it was seen', () => {
    const p = plan({ customers: [customer('1')] });
    const id = stableId('provideraccount', PROVIDER_ID, '1');
    expect(p.writes).toEqual([expect.objectContaining({ kind: 'create', id, providerSpecificId: '1' })]);
    expect(p.writes[0].intent.changes.values).toMatchObject({
      [PA.col.id]: id,
      [PA.col.providerSpecificId]: '1',
      [PA.col.name]: 'Customer 1',
      [PA.col.tenantId]: customer('1').tenantId,
      [PA.col.primaryDomain]: 'customer1.example',
      [PA.col.syncEnabled]: true,
      [PA.col.removedAtProvider]: false,
      [PA.col.lastSeenOn]: NOW.toISOString(),
      [PA.col.mappingStatus]: MS.NotSetup,
    });
    expect(p.writes[0].intent.changes.lookups[PA.col.provider]).toEqual({ table: Tables.provider, id: PROVIDER_ID });
    expect(plan({ customers: [customer('1')] }).writes[0].id).toBe(id);
  });

  it('a new unmapped account is reported with the id of the record it creates', () => {
    const p = plan({ customers: [customer('1')] });
    expect(p.items).toEqual([
      expect.objectContaining({ severity: 'Warning', code: 'PROVIDER_ACCOUNT_UNMAPPED', recordId: p.writes[0].id }),
    ]);
    expect(p.stats).toMatchObject({ created: 1, newUnmapped: ['Customer 1'], unmappedTotal: 1 });
  });

  it('an automatic match maps it at once (Mapped, by Automap, with score and reason) and it is not reported', () => {
    const p = plan({ customers: [customer('1')], decisions: decisions(decision('1', 'auto', CRM_A)) });
    expect(p.writes[0].intent.changes.values).toMatchObject({
      [PA.col.mappingStatus]: MS.Mapped,
      [PA.col.mappingSource]: Choices.mappingSource.Automap,
      [PA.col.matchScore]: 1,
      [PA.col.matchCode]: 'same_tenant',
    });
    expect(p.writes[0].intent.changes.lookups[PA.col.account]).toEqual({ table: Tables.account, id: CRM_A });
    expect(codes(p)).toEqual([]);
    expect(p.stats).toMatchObject({ autoMapped: 1, unmappedTotal: 0, newUnmapped: [] });
  });

  it('a weaker match becomes a suggestion for a person (Suggested, suggested account), and is still unmapped', () => {
    const p = plan({ customers: [customer('1')], decisions: decisions(decision('1', 'suggest', CRM_A, 0.82)) });
    const { values, lookups } = p.writes[0].intent.changes;
    expect(values).toMatchObject({ [PA.col.mappingStatus]: MS.Suggested, [PA.col.matchScore]: 0.82 });
    expect(lookups).toMatchObject({ [PA.col.suggestedAccount]: { table: Tables.account, id: CRM_A } });
    expect(lookups).not.toHaveProperty(PA.col.account);
    expect(codes(p)).toEqual(['PROVIDER_ACCOUNT_UNMAPPED']);
    expect(p.stats.suggested).toBe(1);
  });
});

describe('planAccountSync: accounts Dataverse holds (flow 3)', () => {
  it('a rerun with nothing new writes nothing', async () => {
    const input = { customers: [customer('1'), customer('2')], decisions: decisions(decision('1', 'auto', CRM_A)) };
    const existing = await afterWriting(plan(input));
    const rerun = plan({ ...input, existing });
    expect(rerun.writes).toEqual([]);
    expect(rerun.unchanged).toBe(2);
  });

  it('sends only the changed columns, with the time it was seen', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }));
    const p = plan({ existing, customers: [customer('1', { name: 'Customer One Pty Ltd' })] });
    expect(p.writes.map((w) => [w.kind, w.intent.kind, w.intent.changes])).toEqual([
      [
        'update',
        'update',
        { values: { [PA.col.name]: 'Customer One Pty Ltd', [PA.col.lastSeenOn]: NOW.toISOString() }, lookups: {} },
      ],
    ]);
  });

  it('keeps a tenant id and domain it knew when the distributor stops telling them', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }));
    const p = plan({ existing, customers: [customer('1', { tenantId: undefined, primaryDomain: undefined })] });
    expect(p.writes).toEqual([]);
  });

  it.each([
    ['a CRM account is set', { lookups: { [PA.col.account]: { table: Tables.account, id: CRM_A } } }],
    ['it is Excluded', { values: { [PA.col.mappingStatus]: MS.Excluded } }],
    ['a person decided it', { values: { [PA.col.mappingSource]: Choices.mappingSource.Person } }],
  ] as [string, Desired][])('never touches a mapping: automap is not applied where %s', async (_rule, edit) => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }), { '1': edit });
    const p = plan({ existing, customers: [customer('1')], decisions: decisions(decision('1', 'auto', CRM_B)) });
    expect(p.writes).toEqual([]);
    expect(p.stats.autoMapped).toBe(0);
  });

  it('automap decides again where it may: an unmapped account that now matches is mapped', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }));
    const p = plan({ existing, customers: [customer('1')], decisions: decisions(decision('1', 'auto', CRM_A)) });
    expect(p.writes[0].intent.changes.values[PA.col.mappingStatus]).toBe(MS.Mapped);
    expect(p.writes[0].intent.changes.lookups[PA.col.account]?.id).toBe(CRM_A);
  });

  it('the same suggestion reworded or rescored is not worth a write; a suggestion of another account is', async () => {
    const first = { customers: [customer('1')], decisions: decisions(decision('1', 'suggest', CRM_A, 0.8)) };
    const existing = await afterWriting(plan(first));
    const rescored = plan({ ...first, existing, decisions: decisions(decision('1', 'suggest', CRM_A, 0.75)) });
    expect(rescored.writes).toEqual([]);
    const other = plan({ ...first, existing, decisions: decisions(decision('1', 'suggest', CRM_B, 0.75)) });
    expect(other.writes[0].intent.changes.lookups[PA.col.suggestedAccount]?.id).toBe(CRM_B);
  });

  it('a suggestion automap no longer makes is withdrawn (back to Not Setup)', async () => {
    const first = { customers: [customer('1')], decisions: decisions(decision('1', 'suggest', CRM_A, 0.8)) };
    const existing = await afterWriting(plan(first));
    const p = plan({
      existing,
      customers: [customer('1')],
      decisions: decisions(decision('1', 'none', undefined, 0.3)),
    });
    expect(p.writes[0].intent.changes.values).toMatchObject({
      [PA.col.mappingStatus]: MS.NotSetup,
      [PA.col.matchCode]: 'no_match',
    });
  });

  it('an account no longer listed is marked Removed At Provider, its mapping kept, and reported', async () => {
    const existing = await afterWriting(
      plan({ customers: [customer('1'), customer('2')], decisions: decisions(decision('2', 'auto', CRM_A)) }),
    );
    const p = plan({ existing, customers: [customer('1')] });
    const gone = existing.find((e) => e.providerSpecificId === '2')!;
    expect(p.writes).toEqual([
      expect.objectContaining({
        kind: 'update',
        id: gone.id,
        intent: expect.objectContaining({
          kind: 'update',
          changes: { values: { [PA.col.removedAtProvider]: true }, lookups: {} },
        }),
      }),
    ]);
    expect(p.items).toEqual([expect.objectContaining({ code: 'PROVIDER_ACCOUNT_REMOVED', recordId: gone.id })]);
    expect(p.stats.removed).toBe(1);
  });

  it('an account already marked removed and still not listed: nothing to do', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }), {
      '1': { values: { [PA.col.removedAtProvider]: true } },
    });
    expect(plan({ existing, customers: [] }).writes).toEqual([]);
  });

  it('an account listed again is no longer removed, and reported as returned', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1')] }), {
      '1': { values: { [PA.col.removedAtProvider]: true } },
    });
    const p = plan({ existing, customers: [customer('1')] });
    expect(p.writes[0].intent.changes.values[PA.col.removedAtProvider]).toBe(false);
    expect(codes(p)).toEqual(['PROVIDER_ACCOUNT_RETURNED']);
    expect(p.stats.returned).toBe(1);
  });

  it('any unreadable record in the listing blocks the removal pass, with PROVIDER_ACCOUNT_REMOVAL_CHECK_SKIPPED', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1'), customer('2')] }));
    const p = plan({ existing, customers: [customer('1', { name: 'Renamed' })], unreadable: [{ id: '9' }, {}] });
    expect(p.writes.map((w) => w.providerSpecificId)).toEqual(['1']); // the readable ones still sync
    expect(codes(p)).toEqual(['PROVIDER_ACCOUNT_REMOVAL_CHECK_SKIPPED']);
    expect(p.items[0].message).toMatch(/^2 customer records/);
    expect(p.stats.removed).toBe(0);
  });

  it('counts the accounts still unmapped after the plan, leaving out Excluded ones', async () => {
    const existing = await afterWriting(plan({ customers: [customer('1'), customer('2'), customer('3')] }), {
      '3': { values: { [PA.col.mappingStatus]: MS.Excluded } },
    });
    const p = plan({
      existing,
      customers: [customer('1'), customer('2'), customer('3')],
      decisions: decisions(decision('1', 'auto', CRM_A)),
    });
    expect(p.stats.unmappedTotal).toBe(1);
  });
});
