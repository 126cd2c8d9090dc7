/**
 * product.md flow 6, a subscription the distributor lists and Dataverse does not hold yet: one rule a
 * row. Asserted on the intents the decider gives (table, id, values, lookups), not on Web API bodies.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { stableId } from '../../../../plugins/sync/ids';
import { decideSubscription, type DecisionInput } from '../../../../plugins/sync/subscriptions/decide';
import type { ProductResolution } from '../../../../plugins/sync/subscriptions/products';
import {
  CONTRACT_ID,
  CURRENCY_ID,
  CUSTOMER_ID,
  JOB_ID,
  NOW,
  PROVIDER_ID,
  S,
  catalogProduct,
  decisionInput,
  distributorSub,
  logEntries,
  scopeAccount,
  subscriptionIntent,
} from './fixtures';

const create = (over: Partial<DecisionInput> = {}) => decideSubscription(decisionInput(over));
const valuesOf = (over: Partial<DecisionInput> = {}) => subscriptionIntent(create(over)).changes.values;
const lookupsOf = (over: Partial<DecisionInput> = {}) => subscriptionIntent(create(over)).changes.lookups;

describe('decideSubscription: create (flow 6)', () => {
  it('creates the subscription with a deterministic id from provider and provider subscription id', () => {
    const d = create();
    const intent = subscriptionIntent(d);
    const id = stableId('subscription', PROVIDER_ID, 'SUB-1001');
    expect(d.kind).toBe('create');
    expect(intent).toMatchObject({ kind: 'create', table: S });
    expect(intent.changes.values[S.col.id]).toBe(id);
    expect(d.subscriptionId).toBe(id);
    expect(create().subscriptionId).toBe(id); // a retried create collides with itself
  });

  it('quantity, status, dates and the distributor facts follow the distributor', () => {
    expect(
      valuesOf({ sub: distributorSub({ quantity: 25, status: 'pending', startDate: '2026-02-01T00:00:00Z' }) }),
    ).toMatchObject({
      [S.col.quantity]: 25,
      [S.col.subscriptionStatus]: Choices.subscriptionStatus.Pending,
      [S.col.startDate]: '2026-02-01',
      [S.col.endDate]: '2026-12-31',
      [S.col.renewalDate]: '2027-01-01',
      [S.col.billingCycle]: Choices.billingCycle.Monthly,
      [S.col.term]: 'P1M',
      [S.col.autoRenew]: true,
      [S.col.providerPartNumber]: 'MS-365-E3-M',
      [S.col.providerSubscriptionId]: 'SUB-1001',
      [S.col.microsoftSubscriptionId]: '7d3c2b1a-0000-4000-8000-00000000a001',
      [S.col.removedAtProvider]: false,
    });
  });

  it('is marked synced (channel Provider, Synced) with the time of the sync', () => {
    expect(valuesOf()).toMatchObject({
      [S.col.channel]: Choices.channel.Provider,
      [S.col.isSynced]: true,
      [S.col.lastSyncedOn]: NOW.toISOString(),
    });
  });

  it('is named after the distributor description, or the SKU when there is none', () => {
    expect(valuesOf()[S.col.name]).toBe('Microsoft 365 E3 (monthly)');
    expect(valuesOf({ sub: distributorSub({ description: '' }) })[S.col.name]).toBe('MS-365-E3-M');
  });

  it('binds provider, provider account and the customer the provider account is mapped to', () => {
    expect(lookupsOf()).toMatchObject({
      [S.col.provider]: { table: Tables.provider, id: PROVIDER_ID },
      [S.col.providerAccount]: { table: Tables.providerAccount, id: scopeAccount().id },
      [S.col.customer]: { table: Tables.account, id: CUSTOMER_ID },
      [S.col.currency]: { table: Tables.transactionCurrency, id: CURRENCY_ID },
    });
  });

  it.each([
    ['exactly one default contract: it is set', { kind: 'default', id: CONTRACT_ID } as const, CONTRACT_ID],
    ['no default contract: left empty', { kind: 'none' } as const, undefined],
    ['several default contracts: left empty, never guessed', { kind: 'several', count: 2 } as const, undefined],
  ])('billing contract, %s', (_rule, contract, expected) => {
    expect(lookupsOf({ contract })[S.col.billingContract]?.id).toBe(expected);
  });

  it('takes unit price and cost from the catalog, not from the distributor', () => {
    const values = valuesOf({ sub: distributorSub({ unitPrice: 99, unitCost: 88 }) });
    expect([values[S.col.unitPrice], values[S.col.unitCost]]).toEqual([36, 30]);
    expect(lookupsOf()[S.col.product]).toEqual({ table: Tables.product, id: catalogProduct().id });
  });

  it.each([
    ['a Product Mapping', 'mapping' as const],
    ['the Provider Part Number', 'partnumber' as const],
  ])('a product resolved through %s is set', (_how, kind) => {
    expect(lookupsOf({ product: { kind, product: catalogProduct() } })[S.col.product]?.id).toBe(catalogProduct().id);
  });

  it.each<[string, ProductResolution]>([
    ['an unmapped SKU', { kind: 'none' }],
    [
      'an ambiguous part number',
      { kind: 'ambiguous', candidates: [catalogProduct(), catalogProduct({ id: CONTRACT_ID })] },
    ],
  ])('%s: no product and no price, and the subscription is still created', (_rule, product) => {
    const d = create({ product });
    const intent = subscriptionIntent(d);
    expect(intent.changes.lookups[S.col.product]).toBeUndefined();
    expect(intent.changes.values[S.col.unitPrice]).toBeUndefined();
    expect(d.items).toEqual([]);
  });

  it('a product without a list price: created without a price, with a SUBSCRIPTION_MISSING_PRICE warning on the row', () => {
    const d = create({ product: { kind: 'partnumber', product: catalogProduct({ price: undefined }) } });
    expect(subscriptionIntent(d).changes.values[S.col.unitPrice]).toBeUndefined();
    expect(d.items).toEqual([
      expect.objectContaining({
        severity: 'Warning',
        code: 'SUBSCRIPTION_MISSING_PRICE',
        recordType: S.logicalName,
        recordId: d.subscriptionId,
      }),
    ]);
  });

  it('an unmapped customer account is created without a customer (the operation decides who syncs)', () => {
    expect(lookupsOf({ account: scopeAccount({ accountId: undefined }) })[S.col.customer]).toBeUndefined();
  });

  it('writes its Create entry in the License Change Log in the same change set', () => {
    const d = create({ sub: distributorSub({ quantity: 12 }) });
    expect(d.intents.map((i) => [i.kind, i.table.logicalName])).toEqual([
      ['create', S.logicalName],
      ['create', Tables.licenseChangeLog.logicalName],
    ]);
    expect(logEntries(d)).toEqual([
      expect.objectContaining({
        changeType: 'Create',
        quantityDelta: 12,
        quantityAfter: 12,
        changeKey: `create:${PROVIDER_ID}:SUB-1001`,
        id: stableId('lcl', `create:${PROVIDER_ID}:SUB-1001`),
        subscription: d.subscriptionId,
        job: JOB_ID,
        source: Choices.changeSource.ProviderSync,
        provisioning: Choices.provisioningStatus.NotApplicable,
      }),
    ]);
  });

  it('remembers what it wrote to the columns people may change, to tell a later hand edit apart', () => {
    expect(JSON.parse(String(valuesOf()[S.col.syncedValues]))).toEqual({
      unitPrice: 36,
      unitCost: 30,
      productId: catalogProduct().id,
      billingContractId: CONTRACT_ID,
      name: 'Microsoft 365 E3 (monthly)',
    });
  });

  it('says what changed for the summary: a new subscription at its quantity', () => {
    expect(create().change).toEqual({ quantityTo: 10, suspended: false, reactivated: false });
  });
});
