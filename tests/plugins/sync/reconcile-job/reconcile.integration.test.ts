/**
 * Reconcile over the emulator, after a sync and an Import Invoice: an invoice that agrees with the CRM
 * gives only what the demo data itself holds (baseline); each planted difference is one variance of its
 * type, created Open; a rerun writes nothing; a variance a person accepted stays accepted when its
 * figures change; one the data no longer shows is marked Fixed.
 */
import { Choices, Tables } from '../../../../solution/schema';
import type { Row } from '../../../../plugins/dataverse/client';
import { updateRow } from '../../../../plugins/dataverse/intents';
import { eq } from '../../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../../plugins/sync/accounts/operation';
import type { SyncDeps } from '../../../../plugins/sync/deps';
import { importInvoices } from '../../../../plugins/sync/invoice-import/operation';
import { reconcile } from '../../../../plugins/sync/reconcile-job/operation';
import { syncSubscriptions } from '../../../../plugins/sync/subscriptions/operation';
import { startHarness, type Harness } from '../../../helpers/harness';
import { TestJobContext } from '../../../helpers/job-context';
import { depsFor, newJob } from '../../../helpers/sync';
import {
  attachToProvider,
  crmSubscriptions,
  invoiceCsv,
  lineOf,
  type CrmSubscription,
  type InvoiceLineSpec,
} from '../invoice-import/fixture';

const V = Tables.variance;
const S = Tables.subscription;
const RS = Choices.varianceReviewStatus;

jest.setTimeout(120_000);

describe('Reconcile job', () => {
  let h: Harness;
  let deps: SyncDeps;
  let subs: CrmSubscription[];

  beforeAll(async () => {
    h = await startHarness({ techdata: { customers: 12, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    await syncSubscriptions(deps, await newJob(h, 'SyncSubscriptions'));
    subs = await crmSubscriptions(h);
    expect(subs.length).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function imported(number: string, lines: readonly InvoiceLineSpec[]): Promise<void> {
    const attachmentId = await attachToProvider(h, `${number}.csv`, invoiceCsv(number, lines));
    const ctx = new TestJobContext({
      providerId: h.providerId,
      operation: 'ImportInvoice',
      parameters: { attachmentId },
    });
    await importInvoices(deps, ctx);
    expect(ctx.errorCount).toBe(0);
  }

  async function run(parameters: Record<string, unknown>) {
    const ctx = new TestJobContext({ providerId: h.providerId, operation: 'Reconcile', parameters });
    const result = await reconcile(deps, ctx);
    return { ctx, result };
  }

  const variancesOf = async (number: string): Promise<Row[]> =>
    (
      await h.dv.all(V, {
        select: [V.col.id, V.col.dedupeKey, V.col.varianceType, V.col.reviewStatus, V.col.amountAtStake],
        filter: eq(V.val.provider, { guid: h.providerId }),
      })
    ).filter((v) => String(v[V.col.dedupeKey]).includes(`|${number}|`));

  const subjectOf = (v: Row) => String(v[V.col.dedupeKey]).split('|').slice(3).join('|');

  it('finds each planted difference once, by type, and a rerun writes nothing', async () => {
    await imported('REC-CLEAN', subs.map(lineOf));
    await run({ invoiceNumber: 'REC-CLEAN' });
    const baseline = (await variancesOf('REC-CLEAN')).map((v) => `${v[V.col.varianceType]}|${subjectOf(v)}`);

    const lines = subs.map(lineOf);
    lines[0] = { ...lines[0], quantity: lines[0].quantity + 2 };
    lines[1] = { ...lines[1], unitCost: lines[1].unitCost + 1 };
    const stray = { ...lineOf(subs[3]), subscriptionId: 'NO-SUCH-SUBSCRIPTION', quantity: 1 };
    const planted = [...lines.filter((_, i) => i !== 2), stray];
    await imported('REC-1', planted);
    const { ctx, result } = await run({ invoiceNumber: 'REC-1' });
    expect(result.summary).toMatch(/^Reconciled invoice REC-1 \(2026-11-01 to 2026-11-30\)/);
    const found = await variancesOf('REC-1');
    const newOnes = found.filter((v) => !baseline.includes(`${v[V.col.varianceType]}|${subjectOf(v)}`));
    const byType = (type: number) => newOnes.filter((v) => v[V.col.varianceType] === type).map(subjectOf);
    expect(byType(Choices.varianceType.Quantity)).toEqual([subs[0].id]);
    expect(byType(Choices.varianceType.UnitCost)).toEqual([subs[1].id]);
    expect(byType(Choices.varianceType.MissingOnInvoice)).toEqual([subs[2].id]);
    expect(byType(Choices.varianceType.MissingInCrm)).toHaveLength(1);
    expect(byType(Choices.varianceType.MissingInCrm)[0]).toBe(`${subs[3].customerId}|no-such-subscription`);
    expect(newOnes).toHaveLength(4);
    expect(found.every((v) => v[V.col.reviewStatus] === RS.Open)).toBe(true);
    expect(ctx.counts.created).toBe(found.length);
    const counted = Object.values((result.result as { byType: Record<string, number> }).byType);
    expect(counted.reduce((a, b) => a + b, 0)).toBe(found.length);

    // The unit cost the invoice charges is a distributor cost change: alerted once, as an Info item.
    expect(ctx.items.filter((i) => i.code === 'ALERT_DISTRIBUTOR_COST_CHANGE')).toEqual([
      expect.objectContaining({ severity: 'Info', recordId: subs[1].id }),
    ]);

    const rerun = await run({ invoiceNumber: 'REC-1' });
    expect(rerun.ctx.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(rerun.ctx.codes()).not.toContain('ALERT_DISTRIBUTOR_COST_CHANGE');
    expect(rerun.result.summary).toContain(`(0 new, 0 updated, ${found.length} as before)`);
  });

  it('keeps an accepted variance accepted when its figures change, and marks one no longer found Fixed', async () => {
    const found = await variancesOf('REC-1');
    const missing = found.find((v) => v[V.col.varianceType] === Choices.varianceType.MissingOnInvoice)!;
    const cost = found.find((v) => v[V.col.varianceType] === Choices.varianceType.UnitCost)!;
    await h.dv.write(updateRow(V, String(missing[V.col.id]), { values: { [V.col.reviewStatus]: RS.Accepted } }));
    // The CRM is corrected: subs[1] costs what the invoice says; subs[2] costs more than it did.
    await h.dv.write(updateRow(S, subs[1].id, { values: { [S.col.unitCost]: subs[1].unitCost + 1 } }));
    await h.dv.write(updateRow(S, subs[2].id, { values: { [S.col.unitCost]: subs[2].unitCost + 3 } }));

    const { ctx, result } = await run({ invoiceNumber: 'REC-1' });
    expect(result.summary).toContain('1 open variance of an earlier run no longer found: marked Fixed.');
    const after = new Map((await variancesOf('REC-1')).map((v) => [String(v[V.col.id]), v]));
    expect(after.get(String(cost[V.col.id]))?.[V.col.reviewStatus]).toBe(RS.Fixed);
    const accepted = after.get(String(missing[V.col.id]))!;
    expect(accepted[V.col.reviewStatus]).toBe(RS.Accepted);
    expect(Number(accepted[V.col.amountAtStake])).toBeLessThan(Number(missing[V.col.amountAtStake]));
    expect(ctx.counts.created).toBe(0);

    const again = await run({ invoiceNumber: 'REC-1' });
    expect(again.ctx.counts).toMatchObject({ created: 0, updated: 0 });
  });

  it('finds the invoice by period, and refuses one not found, several in a period, or a bad tolerance', async () => {
    await expect(run({ invoiceNumber: 'NOPE' })).rejects.toMatchObject({ code: 'RECONCILE_INVOICE_NOT_FOUND' });
    await expect(run({ period: '2026-11' })).rejects.toMatchObject({ code: 'RECONCILE_INVOICE_AMBIGUOUS' });
    const single = await run({ period: '2026-10' }).catch((e: { code: string }) => e.code);
    expect(single).toBe('RECONCILE_INVOICE_NOT_FOUND');
    await expect(run({})).rejects.toMatchObject({ code: 'RECONCILE_PARAMETERS_INVALID' });
    await expect(run({ invoiceNumber: 'REC-1', tolerance: { amount: 'lots' } })).rejects.toMatchObject({
      code: 'RECONCILE_PARAMETERS_INVALID',
    });
  });
});
