/**
 * Sync Provider Accounts split into work items: through the service's queue it leaves exactly what one
 * whole run leaves (a whole run after it writes nothing), a rerun sends no part, an account no longer
 * listed is marked removed by a part; and a part planned before a person mapped one of its accounts
 * leaves that person's mapping alone, and run twice writes nothing the second time.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { bind, updateRow } from '../../../../plugins/dataverse/intents';
import { eq } from '../../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../../plugins/sync/accounts/operation';
import { accountSplit, chunkBySize, MAX_ITEM_DATA_BYTES } from '../../../../plugins/sync/accounts/split';
import { encodeEnvelope, WORK_ITEM_ENVELOPE_VERSION } from '../../../../plugins/jobs/work-item';
import { startHarness, type Harness } from '../../../helpers/harness';
import { TestJobContext } from '../../../helpers/job-context';
import { depsFor, newJob, runThroughService } from '../../../helpers/sync';

jest.setTimeout(180_000);

const PA = Tables.providerAccount;

async function accounts(h: Harness) {
  return h.dv.all(PA.entitySetName, {
    select: [
      PA.col.id,
      PA.col.name,
      PA.col.providerSpecificId,
      PA.col.mappingStatus,
      PA.col.mappingSource,
      PA.col.removedAtProvider,
      PA.val.account,
    ],
    filter: eq(PA.val.provider, { guid: h.providerId }),
  });
}

describe('Sync Provider Accounts in work items, through the service', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  const run = () => runThroughService(h, 'SyncProviderAccounts');

  it('writes what one whole run writes, part by part; a rerun sends no part; a customer gone is marked removed', async () => {
    h = await startHarness({
      techdata: { customers: 30, subscriptionsPerCustomer: 1, pageSize: 10 },
      env: { W365_WORK_ITEMS: 'true', W365_ACCOUNTS_PER_ITEM: '7' },
    });

    const first = await run();
    expect(first.status).toMatch(/^Succeeded/);
    expect(first.parts).toBe(5); // 30 new customers, 7 a part
    const rows = await accounts(h);
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r[PA.col.providerSpecificId])).size).toBe(30);
    expect(first.counts.created).toBe(30);
    const mapped = rows.filter((r) => r[PA.val.account]).length;
    expect(mapped).toBeGreaterThan(0); // the demo CRM holds some of the customers: automap mapped them
    expect(first.summary).toContain('Listed 30 customers');
    expect(first.summary).toContain(`${30 - mapped} accounts are not mapped yet`);

    // One whole run over what the parts wrote finds nothing to write.
    const whole = await newJob(h, 'SyncProviderAccounts');
    await syncProviderAccounts(depsFor(h), whole);
    expect([whole.counts.created, whole.counts.updated, whole.counts.unchanged]).toEqual([0, 0, 30]);

    const again = await run();
    expect([again.counts.created, again.counts.updated, again.counts.unchanged]).toEqual([0, 0, 30]);
    expect(again.parts).toBeUndefined(); // nothing to hand out: planned and finished in one step

    const gone = h.techdata.customers()[0];
    h.techdata.removeCustomer(gone.endCustomerId);
    const after = await run();
    expect(after.codes).toContain('PROVIDER_ACCOUNT_REMOVED');
    expect(after.parts).toBe(1);
    const removed = (await accounts(h)).filter((r) => r[PA.col.removedAtProvider]);
    expect(removed.map((r) => r[PA.col.providerSpecificId])).toEqual([gone.endCustomerId]);
  });
});

describe('a part of Sync Provider Accounts, run directly', () => {
  let h: Harness;
  afterAll(async () => {
    await h?.close();
  });

  it("keeps a person's mapping made after planning, and a part run twice writes nothing the second time", async () => {
    h = await startHarness({ techdata: { customers: 12, subscriptionsPerCustomer: 1 }, registerWebhooks: false });
    const deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    const unmapped = (await accounts(h)).find((r) => !r[PA.val.account] && !r[PA.col.removedAtProvider])!;
    const psid = String(unmapped[PA.col.providerSpecificId]);
    // The distributor renames that customer: the next sync has a write for its row.
    const customer = h.techdata.customers().find((c) => c.endCustomerId === psid)!;
    h.techdata.removeCustomer(psid);
    h.techdata.addCustomer({ ...customer, companyName: `${customer.companyName} Renamed` });

    const split = accountSplit(deps, { accountsPerItem: 5 });
    const ctx = () => new TestJobContext({ providerId: h.providerId, operation: 'SyncProviderAccounts' });
    const planned = await split.plan(ctx());
    if (planned.kind !== 'items') throw new Error('expected parts');
    expect(planned.items).toHaveLength(1); // only the renamed customer needs a write

    // Between planning and the part, a person maps that row by hand.
    const crm = await h.dv.all(Tables.account.entitySetName, { select: [Tables.account.col.id], top: 1 });
    const chosen = String(crm[0][Tables.account.col.id]);
    await h.dv.write(
      updateRow(PA, String(unmapped[PA.col.id]), {
        values: {
          [PA.col.mappingStatus]: Choices.mappingStatus.Mapped,
          [PA.col.mappingSource]: Choices.mappingSource.Person,
        },
        lookups: { [PA.col.account]: bind(Tables.account, chosen) },
      }),
    );

    const once = ctx();
    await split.runItem(once, planned.items[0]);
    expect(once.counts.updated).toBe(1);
    const row = (await accounts(h)).find((r) => r[PA.col.providerSpecificId] === psid)!;
    expect(row[PA.col.name]).toBe(`${customer.companyName} Renamed`);
    expect(row[PA.val.account]).toBe(chosen);
    expect(row[PA.col.mappingSource]).toBe(Choices.mappingSource.Person);

    const twice = ctx();
    await split.runItem(twice, planned.items[0]);
    expect([twice.counts.created, twice.counts.updated, twice.counts.unchanged]).toEqual([0, 0, 1]);
  });

  it('cuts parts by message size, so every part fits in a queue message', () => {
    const long = (i: number) => ({
      customer: { providerSpecificId: `c-${i}`, name: 'N'.repeat(400), email: `x${i}@example.com` },
      decision: {
        providerAccountId: `c-${i}`,
        decision: 'none',
        score: 0.1,
        reason: 'R'.repeat(500),
        reasonCode: 'no_match',
      },
    });
    const chunks = chunkBySize(
      Array.from({ length: 300 }, (_, i) => long(i)),
      100,
      MAX_ITEM_DATA_BYTES,
    );
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.flat()).toHaveLength(300);
    for (const chunk of chunks)
      expect(() =>
        encodeEnvelope({
          v: WORK_ITEM_ENVELOPE_VERSION,
          environment: 'default',
          jobId: '00000000-0000-0000-0000-0000000000aa',
          item: {
            kind: 'provider-accounts',
            key: 'abcd1234-999',
            data: { customers: chunk, plan: 'abcd1234', index: 999 },
          },
        }),
      ).not.toThrow();
  });
});
