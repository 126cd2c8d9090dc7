/**
 * Sync Subscriptions against the TechData sandbox and the Dataverse emulator: what lands where, what
 * the License Change Log records, what a rerun writes (nothing), what hand edits keep, and how a product
 * mapping made once serves every customer.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { Row } from '../../../plugins/dataverse/client';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { checkLicenseLog } from '../../../plugins/sync/license-check';
import { startHarness, type Harness } from '../../helpers/harness';
import { TestJobContext } from '../../helpers/job-context';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const PA = Tables.providerAccount;
const PM = Tables.productMapping;

describe('Sync Subscriptions', () => {
  let h: Harness;
  const run = async (billingContractId?: string) => {
    const jobId = await h.service.store.createJob({
      name: 'test',
      operation: 'SyncSubscriptions',
      providerId: h.providerId,
      billingContractId,
    });
    const ctx = new TestJobContext({ id: jobId, providerId: h.providerId, billingContractId });
    const before = h.service.requests.stats().writes;
    const outcome = await syncSubscriptions(h.service.syncDeps, ctx);
    return { ctx, outcome, writes: h.service.requests.stats().writes - before };
  };
  const subs = async (): Promise<Row[]> =>
    h.dv.all(S.entitySetName, {
      select: [
        S.col.id,
        S.col.name,
        S.col.providerSubscriptionId,
        S.col.quantity,
        S.col.subscriptionStatus,
        S.col.unitPrice,
        S.col.unitCost,
        S.col.providerPartNumber,
        S.val.customer,
        S.val.billingContract,
        S.val.product,
        S.val.currency,
        S.col.channel,
        S.col.isSynced,
      ],
      filter: eq(S.val.provider, { guid: h.providerId }),
    });
  const logs = async (): Promise<Row[]> =>
    h.dv.all(L.entitySetName, {
      select: [
        L.val.subscription,
        L.col.changeType,
        L.col.quantityDelta,
        L.col.quantityAfter,
        L.col.source,
        L.col.provisioningStatus,
        L.col.changeKey,
      ],
    });

  beforeAll(async () => {
    // No webhook (and the poller is off): these tests run the operations themselves, and a Sync Job
    // row is created only so that log entries can point at a job.
    h = await startHarness({ techdata: { customers: 30, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    const jobId = await h.service.store.createJob({
      name: 'accounts',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await syncProviderAccounts(
      h.service.syncDeps,
      new TestJobContext({ id: jobId, providerId: h.providerId, operation: 'SyncProviderAccounts' }),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates subscriptions of mapped accounts with customer, default contract, catalog price, currency and a Create log entry', async () => {
    const { ctx, outcome } = await run();
    expect(ctx.counts.created).toBeGreaterThan(10);
    const rows = await subs();
    expect(rows.length).toBe(ctx.counts.created);
    const truth = new Map(h.techdata.subscriptions().map((s) => [s.subscriptionId, s]));
    const lcl = await logs();
    for (const r of rows) {
      const t = truth.get(String(r[S.col.providerSubscriptionId]))!;
      expect(r[S.col.quantity]).toBe(t.quantity);
      expect(r[S.col.isSynced]).toBe(true);
      expect(r[S.col.channel]).toBe(Choices.channel.Provider);
      expect(r[S.val.customer]).toBeTruthy();
      expect(r[S.val.currency]).toBeTruthy();
      const creates = lcl.filter((l) => l[L.val.subscription] === r[S.col.id]);
      expect(creates).toEqual([
        expect.objectContaining({
          [L.col.changeType]: Choices.changeType.Create,
          [L.col.quantityDelta]: t.quantity,
          [L.col.source]: Choices.changeSource.ProviderSync,
          [L.col.provisioningStatus]: Choices.provisioningStatus.NotApplicable,
        }),
      ]);
    }
    // Products resolved by Provider Part Number carry the catalog price; unmapped SKUs are warned once each.
    const priced = rows.filter((r) => r[S.val.product]);
    expect(priced.length).toBeGreaterThan(0);
    for (const r of priced) expect(r[S.col.unitPrice]).toBeGreaterThan(0);
    expect(ctx.codes()).toContain('SUBSCRIPTION_UNMAPPED_SKU');
    expect(ctx.codes()).toContain('SUBSCRIPTION_UNMAPPED_ACCOUNT');
    expect(outcome.summary).toMatch(/New \(\d+\)/);
    // Every SKU seen has a Product Mapping row; unresolved ones are Not Mapped with the distributor's description.
    const mappings = await h.dv.all(PM.entitySetName, {
      select: [PM.col.providerSku, PM.col.mappingStatus, PM.col.description],
      filter: eq(PM.val.provider, { guid: h.providerId }),
    });
    const skus = new Set(rows.map((r) => String(r[S.col.providerPartNumber])));
    expect(new Set(mappings.map((m) => String(m[PM.col.providerSku])))).toEqual(skus);
    expect(
      mappings.some((m) => m[PM.col.mappingStatus] === Choices.productMappingStatus.NotMapped && m[PM.col.description]),
    ).toBe(true);
  });

  it('writes nothing on a rerun', async () => {
    const { ctx, writes } = await run();
    expect(ctx.counts).toMatchObject({ created: 0, updated: 0 });
    expect(writes).toBe(1); // the provider's Last Subscription Sync time
  });

  it('records quantity changes, suspensions and reactivations in the log, and shows quantity-only changes in the summary', async () => {
    const changed = h.techdata.changeQuantities(0.1, 7);
    const mine = new Set((await subs()).map((r) => String(r[S.col.providerSubscriptionId])));
    const relevant = changed.filter((c) => mine.has(c.subscriptionId));
    expect(relevant.length).toBeGreaterThan(0);
    const { ctx, outcome } = await run();
    expect(ctx.counts.updated).toBe(relevant.length);
    expect(outcome.summary).toMatch(/Quantity changed \(\d+\)/);
    const rows = await subs();
    const byProviderId = new Map(rows.map((r) => [String(r[S.col.providerSubscriptionId]), r]));
    for (const c of relevant) expect(byProviderId.get(c.subscriptionId)?.[S.col.quantity]).toBe(c.after);

    // Suspend one at the distributor, then reactivate it.
    const target = h.techdata.subscriptions().find((s) => mine.has(s.subscriptionId) && s.lineStatus === 'active')!;
    h.techdata.setSubscription({ ...target, lineStatus: 'suspended' });
    expect((await run()).outcome.summary).toMatch(/Suspended \(1\)/);
    h.techdata.setSubscription({ ...target, lineStatus: 'active' });
    expect((await run()).outcome.summary).toMatch(/Reactivated \(1\)/);
    const id = byProviderId.get(target.subscriptionId)?.[S.col.id];
    const types = (await logs()).filter((l) => l[L.val.subscription] === id).map((l) => l[L.col.changeType]);
    expect(types).toEqual(expect.arrayContaining([Choices.changeType.Suspend, Choices.changeType.Reactivate]));
  });

  it('never overwrites a price, product or billing contract a person changed, and lists the difference', async () => {
    const row = (await subs()).find((r) => r[S.val.product] && r[S.val.billingContract])!;
    const otherProduct = (await h.dv.all(Tables.product.entitySetName, { select: [Tables.product.col.id], top: 5 }))
      .map((p) => String(p[Tables.product.col.id]))
      .find((id) => id !== row[S.val.product])!;
    await h.dv.update(S.entitySetName, String(row[S.col.id]), {
      [S.col.unitPrice]: 99.99,
      [`${S.nav.product}@odata.bind`]: `/products(${otherProduct})`,
    });
    const { ctx } = await run();
    const after = (await subs()).find((r) => r[S.col.id] === row[S.col.id])!;
    expect(after[S.col.unitPrice]).toBe(99.99);
    expect(after[S.val.product]).toBe(otherProduct);
    const diffs = ctx.items.filter((i) => i.code === 'SUBSCRIPTION_HAND_EDIT_KEPT' && i.recordId === row[S.col.id]);
    expect(diffs.length).toBe(2);
    expect(diffs.some((d) => d.crmValue === '99.99')).toBe(true);
  });

  it('marks a subscription gone from the distributor as Suspended, with a log entry, and never deletes it', async () => {
    const rows = await subs();
    const victim = h.techdata
      .subscriptions()
      .find((s) =>
        rows.some(
          (r) =>
            r[S.col.providerSubscriptionId] === s.subscriptionId &&
            r[S.col.subscriptionStatus] === Choices.subscriptionStatus.Active,
        ),
      )!;
    const customer = h.techdata.customers().find((c) => c.endCustomerId === victim.endCustomerId)!;
    // Remove just this one: re-add the customer's other lines after removing the customer.
    const others = h.techdata
      .subscriptions()
      .filter((s) => s.endCustomerId === customer.endCustomerId && s.subscriptionId !== victim.subscriptionId);
    h.techdata.removeCustomer(customer.endCustomerId);
    h.techdata.addCustomer({ ...customer });
    for (const o of others) h.techdata.setSubscription(o);
    const { ctx } = await run();
    expect(ctx.codes()).toContain('SUBSCRIPTION_GONE_AT_PROVIDER');
    const after = (await subs()).find((r) => r[S.col.providerSubscriptionId] === victim.subscriptionId)!;
    expect(after).toBeDefined();
    expect(after[S.col.subscriptionStatus]).toBe(Choices.subscriptionStatus.Suspended);
  });

  it('a mapping made once resolves every subscription with that SKU, for every customer', async () => {
    const unmapped = await h.dv.all(PM.entitySetName, {
      select: [PM.col.id, PM.col.providerSku],
      filter: `${eq(PM.val.provider, { guid: h.providerId })} and ${eq(PM.col.mappingStatus, Choices.productMappingStatus.NotMapped)}`,
    });
    expect(unmapped.length).toBeGreaterThan(0);
    const product = (
      await h.dv.all(Tables.product.entitySetName, {
        select: [Tables.product.col.id, Tables.product.col.price],
        top: 1,
      })
    )[0];
    const sku = String(unmapped[0][PM.col.providerSku]);
    await h.dv.update(PM.entitySetName, String(unmapped[0][PM.col.id]), {
      [`${PM.nav.product}@odata.bind`]: `/products(${String(product[Tables.product.col.id])})`,
      [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped,
    });
    await run();
    const withSku = (await subs()).filter((r) => r[S.col.providerPartNumber] === sku);
    expect(withSku.length).toBeGreaterThan(0);
    for (const r of withSku) {
      expect(r[S.val.product]).toBe(product[Tables.product.col.id]);
      expect(r[S.col.unitPrice]).toBe(product[Tables.product.col.price]); // an empty price is filled from the catalog
    }
  });

  it('Sync Description Always On makes names follow the distributor; Always Off leaves them to people', async () => {
    const row = (await subs())[0];
    await h.dv.update(S.entitySetName, String(row[S.col.id]), { [S.col.name]: 'Renamed by a person' });
    await run();
    expect((await subs()).find((r) => r[S.col.id] === row[S.col.id])?.[S.col.name]).toBe('Renamed by a person');
    const sub = await h.dv.retrieve(S.entitySetName, String(row[S.col.id]), [S.val.providerAccount]);
    await h.dv.update(PA.entitySetName, String(sub?.[S.val.providerAccount]), {
      [PA.col.syncDescription]: Choices.syncDescription.AlwaysOn,
    });
    await run();
    expect((await subs()).find((r) => r[S.col.id] === row[S.col.id])?.[S.col.name]).not.toBe('Renamed by a person');
  });

  it('a billing contract sync touches only that contract customer', async () => {
    const withContract = (await subs()).find((r) => r[S.val.billingContract])!;
    h.techdata.changeQuantities(1, 11); // every quantity changes at the distributor
    const { ctx } = await run(String(withContract[S.val.billingContract]));
    const customerSubs = (await subs()).filter((r) => r[S.val.customer] === withContract[S.val.customer]);
    expect(ctx.counts.updated + ctx.counts.unchanged).toBeLessThanOrEqual(customerSubs.length);
    expect(ctx.counts.updated).toBeGreaterThan(0);
    const others = (await subs()).filter((r) => r[S.val.customer] !== withContract[S.val.customer]);
    const truth = new Map(h.techdata.subscriptions().map((s) => [s.subscriptionId, s.quantity]));
    expect(others.some((r) => truth.get(String(r[S.col.providerSubscriptionId])) !== r[S.col.quantity])).toBe(true);
    await run(); // the whole provider catches up
  });

  it('keeps every subscription quantity equal to the sum of its log deltas', async () => {
    const report = await checkLicenseLog(h.dv, h.providerId);
    expect(report.checked).toBeGreaterThan(10);
    expect(report.mismatches).toEqual([]);
  });
});
