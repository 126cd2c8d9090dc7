/**
 * product.md flow 6, a subscription Dataverse already holds: one rule a row. Each test starts from the
 * row the sync's own create left (read back as the next sync reads it), changes one thing at the
 * distributor or in Dynamics, and decides again.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { toOperation } from '../../../../plugins/dataverse/intents';
import type { DistributorSubscription } from '../../../../plugins/providers/types';
import { stableId } from '../../../../plugins/sync/ids';
import { decideSubscription, type DecisionInput } from '../../../../plugins/sync/subscriptions/decide';
import type { ExistingSubscription } from '../../../../plugins/sync/subscriptions/existing';
import {
  CONTRACT_ID,
  NOW,
  S,
  catalogProduct,
  decisionInput,
  distributorSub,
  logEntries,
  readBack,
  scopeAccount,
  subscriptionIntent,
} from './fixtures';

const OTHER_ID = '0b5c1a9e-8888-4000-8000-000000000008';
const LATER = new Date(NOW.getTime() + 86_400_000);

/** The row the sync created from `created`, at version `etag`, with a person's `edits` since. */
function synced(created: Partial<DecisionInput> = {}, options: Parameters<typeof readBack>[1] = {}) {
  return readBack(decideSubscription(decisionInput(created)), options);
}

/** The next sync's decision for `existing`, with the distributor now saying `sub`. */
function next(existing: ExistingSubscription, over: Partial<DecisionInput> = {}) {
  return decideSubscription(decisionInput({ existing, now: LATER, ...over }));
}

const sub = (over: Partial<DistributorSubscription>) => distributorSub(over);
const kept = (field: string) =>
  expect.objectContaining({
    severity: 'Info',
    code: 'SUBSCRIPTION_HAND_EDIT_KEPT',
    message: expect.stringContaining(field),
  });

describe('decideSubscription: update (flow 6)', () => {
  it('an unchanged row yields no intents and no items: a rerun writes nothing', () => {
    const d = next(synced());
    expect(d).toMatchObject({ kind: 'unchanged', intents: [], items: [] });
  });

  it('the update is conditional on the version read, so a person saving in between fails it instead of losing their edit', () => {
    const existing = synced({}, { etag: 'W/"5001"' });
    const intent = subscriptionIntent(next(existing, { sub: sub({ quantity: 11 }) }));
    expect(intent).toMatchObject({ kind: 'update', id: existing.id, etag: 'W/"5001"' });
    expect(toOperation(intent).headers).toEqual({ 'If-Match': 'W/"5001"' });
  });

  it('sends only the changed columns, and when it synced', () => {
    const intent = subscriptionIntent(next(synced(), { sub: sub({ endDate: '2027-06-30' }) }));
    expect(intent.changes).toEqual({
      values: { [S.col.endDate]: '2027-06-30', [S.col.lastSyncedOn]: LATER.toISOString() },
      lookups: {},
    });
  });

  it.each([
    ['quantity', { quantity: 12 }, S.col.quantity, 12],
    ['status', { status: 'suspended' as const }, S.col.subscriptionStatus, Choices.subscriptionStatus.Suspended],
    ['start date', { startDate: '2026-01-15' }, S.col.startDate, '2026-01-15'],
    ['renewal date', { renewalDate: '2027-02-01' }, S.col.renewalDate, '2027-02-01'],
    ['auto renew', { autoRenew: false }, S.col.autoRenew, false],
    ['term', { term: 'P1Y' }, S.col.term, 'P1Y'],
  ])('%s follows the distributor', (_field, change, column, value) => {
    expect(subscriptionIntent(next(synced(), { sub: sub(change) })).changes.values[column]).toEqual(value);
  });

  it.each([
    ['an increase is an Increase entry', 10, 15, 'Increase', 5],
    ['a decrease is a Decrease entry', 10, 4, 'Decrease', -6],
  ])('every quantity change gets its License Change Log entry in the same unit: %s', (_rule, from, to, type, delta) => {
    const existing = synced({ sub: sub({ quantity: from }) }, { etag: 'W/"5001"' });
    const d = next(existing, { sub: sub({ quantity: to }) });
    expect(d.intents[0].table).toBe(S);
    expect(logEntries(d)).toEqual([
      expect.objectContaining({
        kind: 'create',
        changeType: type,
        quantityDelta: delta,
        quantityAfter: to,
        changeKey: `${existing.id}:v5001:quantity`,
        subscription: existing.id,
      }),
    ]);
    expect(d.change).toMatchObject({ quantityFrom: from, quantityTo: to });
  });

  it.each([
    ['active -> suspended is a Suspend entry', 'active', 'suspended', 'Suspend'],
    ['active -> cancelled is a Suspend entry', 'active', 'cancelled', 'Suspend'],
    ['pending -> expired is a Suspend entry', 'pending', 'expired', 'Suspend'],
    ['suspended -> active is a Reactivate entry', 'suspended', 'active', 'Reactivate'],
    ['cancelled -> pending is a Reactivate entry', 'cancelled', 'pending', 'Reactivate'],
    ['active -> pending (live to live) has no entry', 'active', 'pending', undefined],
    ['suspended -> cancelled (not live to not live) has no entry', 'suspended', 'cancelled', undefined],
  ] as const)('status: %s', (_rule, from, to, type) => {
    const existing = synced({ sub: sub({ status: from }) }, { etag: 'W/"5001"' });
    const d = next(existing, { sub: sub({ status: to }) });
    expect(d.kind).toBe('update');
    expect(logEntries(d)).toEqual(
      type
        ? [expect.objectContaining({ changeType: type, quantityDelta: 0, changeKey: `${existing.id}:v5001:status` })]
        : [],
    );
    expect(d.change).toMatchObject({ suspended: type === 'Suspend', reactivated: type === 'Reactivate' });
  });

  it('a quantity and a status change together get one entry each, with their own keys', () => {
    const existing = synced({}, { etag: 'W/"5001"' });
    const entries = logEntries(next(existing, { sub: sub({ quantity: 3, status: 'suspended' }) }));
    expect(entries.map((e) => [e.changeType, e.quantityDelta, e.changeKey])).toEqual([
      ['Decrease', -7, `${existing.id}:v5001:quantity`],
      ['Suspend', 0, `${existing.id}:v5001:status`],
    ]);
  });

  it('the change key is tied to the row version: a retry rewrites the same entry, a later change writes a new one', () => {
    const change = { sub: sub({ quantity: 20 }) };
    const entry = (etag: string) => logEntries(next(synced({}, { etag }), change))[0];
    expect(entry('W/"5001"')).toEqual(entry('W/"5001"'));
    expect(entry('W/"5002"').changeKey).not.toBe(entry('W/"5001"').changeKey);
    expect(entry('W/"5002"').id).toBe(stableId('lcl', String(entry('W/"5002"').changeKey)));
    expect(entry('W/"5002"').id).not.toBe(entry('W/"5001"').id);
  });

  it('a change that is neither quantity nor status (dates, term) writes no log entry', () => {
    expect(logEntries(next(synced(), { sub: sub({ endDate: '2027-01-31', term: 'P1Y' }) }))).toEqual([]);
  });

  it('the customer follows the provider account mapping', () => {
    const d = next(synced(), { account: scopeAccount({ accountId: OTHER_ID }) });
    expect(subscriptionIntent(d).changes.lookups[S.col.customer]).toEqual({ table: Tables.account, id: OTHER_ID });
  });

  it('a default billing contract is set once the customer has exactly one', () => {
    const d = next(synced({ contract: { kind: 'none' } }), { contract: { kind: 'default', id: CONTRACT_ID } });
    expect(subscriptionIntent(d).changes.lookups[S.col.billingContract]?.id).toBe(CONTRACT_ID);
  });

  it('a billing contract is kept when the customer now has several default contracts', () => {
    expect(next(synced(), { contract: { kind: 'several', count: 2 } }).kind).toBe('unchanged');
  });

  it('an SKU mapped since the create gets its product, and its empty price and cost filled from the catalog', () => {
    const existing = synced({ product: { kind: 'none' } });
    const intent = subscriptionIntent(next(existing));
    expect(intent.changes.lookups[S.col.product]?.id).toBe(catalogProduct().id);
    expect(intent.changes.values).toMatchObject({ [S.col.unitPrice]: 36, [S.col.unitCost]: 30 });
    expect(JSON.parse(String(intent.changes.values[S.col.syncedValues]))).toMatchObject({
      unitPrice: 36,
      productId: catalogProduct().id,
    });
  });

  it('a price already set is not rewritten when the catalog price changes later', () => {
    const d = next(synced(), { product: { kind: 'partnumber', product: catalogProduct({ price: 40, cost: 33 }) } });
    expect(d.kind).toBe('unchanged');
  });

  it.each([
    ['unit price', { [S.col.unitPrice]: 31.5 }, S.col.unitPrice, '31.5'],
    ['unit cost', { [S.col.unitCost]: 29 }, S.col.unitCost, '29'],
    ['unit price a person cleared', { [S.col.unitPrice]: null }, S.col.unitPrice, '(empty)'],
  ])(
    'a hand-edited %s is kept and reported with an Info item beside the distributor value',
    (field, edits, column, crmValue) => {
      const existing = synced({}, { edits });
      const d = next(existing, {
        sub: sub({ quantity: 11 }),
        product: { kind: 'partnumber', product: catalogProduct({ price: 50, cost: 45 }) },
      });
      expect(subscriptionIntent(d).changes.values).not.toHaveProperty(column);
      expect(d.items).toEqual([kept(field.replace(' a person cleared', ''))]);
      expect(d.items[0]).toMatchObject({ crmValue, recordId: existing.id });
    },
  );

  it.each([
    ['product', { [S.val.product]: OTHER_ID }, S.col.product],
    ['billing contract', { [S.val.billingContract]: OTHER_ID }, S.col.billingContract],
  ])(
    'a hand-edited %s is kept and reported with an Info item when the sync would set another',
    (field, edits, column) => {
      const d = next(synced({}, { edits }));
      expect(d.intents.length ? subscriptionIntent(d).changes.lookups : {}).not.toHaveProperty(column);
      expect(d.items).toEqual([kept(field)]);
      expect(d.items[0]).toMatchObject({ crmValue: OTHER_ID });
    },
  );

  it('a hand-edited product the sync agrees with raises no item', () => {
    const d = next(synced({ product: { kind: 'none' } }, { edits: { [S.val.product]: catalogProduct().id } }));
    expect(d.items).toEqual([]);
  });

  it('Sync Description Always On: the name follows the distributor description', () => {
    const account = scopeAccount({ syncDescriptionOn: true });
    const d = next(synced({ account }), { account, sub: sub({ description: 'Microsoft 365 E3 (annual)' }) });
    expect(subscriptionIntent(d).changes.values[S.col.name]).toBe('Microsoft 365 E3 (annual)');
    expect(d.name).toBe('Microsoft 365 E3 (annual)');
  });

  it('Sync Description Always Off: the name is left to people, the distributor description column still follows', () => {
    const d = next(synced({}, { edits: { [S.col.name]: 'E3 for the sales team' } }), {
      sub: sub({ description: 'Microsoft 365 E3 (annual)' }),
    });
    const values = subscriptionIntent(d).changes.values;
    expect(values).not.toHaveProperty(S.col.name);
    expect(values[S.col.productDescription]).toBe('Microsoft 365 E3 (annual)');
    expect(d.name).toBe('E3 for the sales team');
  });

  it('a subscription listed again after it was marked gone is no longer Removed At Provider, and is reactivated', () => {
    const existing = synced(
      {},
      { edits: { [S.col.removedAtProvider]: true, [S.col.subscriptionStatus]: Choices.subscriptionStatus.Suspended } },
    );
    const d = next(existing);
    expect(subscriptionIntent(d).changes.values).toMatchObject({
      [S.col.removedAtProvider]: false,
      [S.col.subscriptionStatus]: Choices.subscriptionStatus.Active,
    });
    expect(logEntries(d).map((e) => e.changeType)).toEqual(['Reactivate']);
  });
});
