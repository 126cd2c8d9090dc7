/**
 * Import Invoice over the emulator: the file reaches the service as a note on the Provider; the
 * invoice is written whole (header Importing, lines, then Imported) or refused; a rerun changes
 * nothing, a stopped import is completed by the next one, and other content under the same number is
 * refused. Through the service's own runner too (the operation is registered).
 */
import { randomUUID } from 'node:crypto';
import { Choices, Tables } from '../../../../solution/schema';
import type { Row } from '../../../../plugins/dataverse/client';
import { eq } from '../../../../plugins/dataverse/odata';
import { registerWebhooks } from '../../../../plugins/host/register-webhooks';
import { syncProviderAccounts } from '../../../../plugins/sync/accounts/operation';
import { importInvoices } from '../../../../plugins/sync/invoice-import/operation';
import { buildOperations } from '../../../../plugins/sync/operations';
import { syncSubscriptions } from '../../../../plugins/sync/subscriptions/operation';
import type { SyncDeps } from '../../../../plugins/sync/deps';
import { startHarness, type Harness } from '../../../helpers/harness';
import { TestJobContext } from '../../../helpers/job-context';
import { depsFor, newJob } from '../../../helpers/sync';
import { attachToProvider, crmSubscriptions, invoiceCsv, lineOf, type CrmSubscription } from './fixture';

const I = Tables.distributorInvoice;
const L = Tables.invoiceLine;

jest.setTimeout(120_000);

/** A job context whose checkpoints fail from the `failAt`-th on: the service stopped part-way. */
class StoppingContext extends TestJobContext {
  constructor(
    providerId: string,
    parameters: Record<string, unknown>,
    private readonly failAt: number,
  ) {
    super({ providerId, operation: 'ImportInvoice', parameters });
  }
  override async checkpoint(): Promise<void> {
    await super.checkpoint();
    if (this.checkpoints >= this.failAt) throw new Error('service stopped');
  }
}

describe('Import Invoice job', () => {
  let h: Harness;
  let deps: SyncDeps;
  let subs: CrmSubscription[];

  beforeAll(async () => {
    // Webhooks off while the tests run operations themselves; the last test registers them.
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

  const importJob = (parameters: Record<string, unknown>) =>
    new TestJobContext({ providerId: h.providerId, operation: 'ImportInvoice', parameters });

  async function invoiceRow(number: string): Promise<Row | undefined> {
    const rows = await h.dv.all(I, {
      select: [I.col.id, I.col.importStatus, I.col.lineCount, I.col.total, I.col.fileHash],
      filter: `${eq(I.val.provider, { guid: h.providerId })} and ${eq(I.col.invoiceNumber, number)}`,
    });
    return rows[0];
  }

  const linesOf = async (invoiceId: string) =>
    h.dv.all(L, {
      select: [L.col.id, L.col.lineNumber, L.col.quantity, L.val.providerAccount],
      filter: eq(L.val.invoice, { guid: invoiceId }),
    });

  it('imports the attached file whole, linked to the provider accounts; the same file again changes nothing', async () => {
    const csv = invoiceCsv('INV-A', subs.map(lineOf));
    const ctx = importJob({ attachmentId: await attachToProvider(h, 'inv-a.csv', csv) });
    const result = await buildOperations(deps).ImportInvoice!(ctx);
    expect(result.status).toBeUndefined();
    expect(result.summary).toMatch(/^Imported invoice INV-A: \d+ lines, USD/);
    const row = await invoiceRow('INV-A');
    expect(row?.[I.col.importStatus]).toBe(Choices.invoiceImportStatus.Imported);
    expect(row?.[I.col.lineCount]).toBe(subs.length);
    const lines = await linesOf(String(row?.[I.col.id]));
    expect(lines).toHaveLength(subs.length);
    expect(lines.every((l) => typeof l[L.val.providerAccount] === 'string')).toBe(true);
    expect(ctx.counts).toMatchObject({ created: subs.length + 1, failed: 0 });

    const again = importJob({ attachmentId: await attachToProvider(h, 'inv-a-again.csv', csv) });
    const second = await importInvoices(deps, again);
    expect(second.summary).toBe('Invoice INV-A was imported before with the same content: nothing changed.');
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const after = await linesOf(String(row?.[I.col.id]));
    expect(after.map((l) => l['@odata.etag']).sort()).toEqual(lines.map((l) => l['@odata.etag']).sort());
  });

  it('refuses other content under a number already imported, and leaves the invoice as it was', async () => {
    const changed = subs.map(lineOf);
    changed[0] = { ...changed[0], quantity: changed[0].quantity + 5 };
    const ctx = importJob({ attachmentId: await attachToProvider(h, 'inv-a-v2.csv', invoiceCsv('INV-A', changed)) });
    const result = await importInvoices(deps, ctx);
    expect(result).toMatchObject({ status: 'Failed', errorCode: 'INVOICE_CHANGED' });
    expect(ctx.codes()).toEqual(['INVOICE_CHANGED']);
    const row = await invoiceRow('INV-A');
    const first = (await linesOf(String(row?.[I.col.id]))).find((l) => l[L.col.lineNumber] === 1);
    expect(first?.[L.col.quantity]).toBe(subs[0].quantity);
  });

  it('leaves a stopped import Importing (never reconciled), and the next import completes it without duplicates', async () => {
    const csv = invoiceCsv('INV-B', subs.map(lineOf));
    const attachmentId = await attachToProvider(h, 'inv-b.csv', csv);
    // Batches of 3 lines. Checkpoint 1 is before the header, 2 before the first batch: stop before the second.
    const small = { ...deps, writes: { maxOperationsPerBatch: 3, concurrentBatches: 1, flushAtOperations: 3 } };
    const stopped = new StoppingContext(h.providerId, { attachmentId }, 3);
    await expect(importInvoices(small, stopped)).rejects.toThrow('service stopped');
    const half = await invoiceRow('INV-B');
    expect(half?.[I.col.importStatus]).toBe(Choices.invoiceImportStatus.Importing);
    const written = (await linesOf(String(half?.[I.col.id]))).length;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(subs.length);

    const reconcile = new TestJobContext({
      providerId: h.providerId,
      operation: 'Reconcile',
      parameters: { invoiceNumber: 'INV-B' },
    });
    await expect(buildOperations(deps).Reconcile!(reconcile)).rejects.toMatchObject({
      code: 'RECONCILE_INVOICE_NOT_IMPORTED',
    });

    const resumed = importJob({ attachmentId });
    const result = await importInvoices(deps, resumed);
    expect(result.summary).toMatch(/^Completed the import of invoice INV-B/);
    expect(resumed.counts.created).toBe(subs.length - written);
    const row = await invoiceRow('INV-B');
    expect(row?.[I.col.importStatus]).toBe(Choices.invoiceImportStatus.Imported);
    const lines = await linesOf(String(row?.[I.col.id]));
    expect(new Set(lines.map((l) => l[L.col.lineNumber])).size).toBe(subs.length);
    expect(lines).toHaveLength(subs.length);
  });

  it('refuses a bad file with every problem as an item (line and column), writing nothing', async () => {
    const csv = invoiceCsv('INV-BAD', subs.slice(0, 3).map(lineOf))
      .replace(/,Recurring\r?\n/, ',Weekly\n')
      .replace(/(INV-BAD,2026-12-01,2026-11-01,2026-11-30,USD,[\d.]+,3,[^,]+,[^,]+,[^,]+,)\d+/, '$1many');
    const ctx = importJob({ attachmentId: await attachToProvider(h, 'bad.csv', csv) });
    const result = await importInvoices(deps, ctx);
    expect(result).toMatchObject({ status: 'Failed', errorCode: 'INVOICE_FILE_REFUSED' });
    expect(ctx.codes()).toEqual(['INVOICE_VALUE_INVALID', 'INVOICE_VALUE_INVALID']);
    expect(ctx.items.map((i) => i.recordName)).toEqual([
      'bad.csv line 2, column ChargeType',
      'bad.csv line 4, column Quantity',
    ]);
    expect(await invoiceRow('INV-BAD')).toBeUndefined();
  });

  it('imports lines of a customer no provider account has, with one warning for that customer', async () => {
    const lines = [...subs.slice(0, 2).map(lineOf), { ...lineOf(subs[0]), customerId: 'NOT-A-CUSTOMER' }];
    const ctx = importJob({ attachmentId: await attachToProvider(h, 'inv-c.csv', invoiceCsv('INV-C', lines)) });
    await importInvoices(deps, ctx);
    expect(ctx.codes()).toEqual(['INVOICE_CUSTOMER_UNKNOWN']);
    expect(ctx.items[0]).toMatchObject({ severity: 'Warning', providerValue: 'NOT-A-CUSTOMER' });
    expect((await invoiceRow('INV-C'))?.[I.col.importStatus]).toBe(Choices.invoiceImportStatus.Imported);
  });

  it('refuses a note that does not exist, and a job with no file for a distributor without an invoice API', async () => {
    await expect(importInvoices(deps, importJob({ attachmentId: randomUUID() }))).rejects.toMatchObject({
      code: 'INVOICE_ATTACHMENT_NOT_FOUND',
    });
    await expect(importInvoices(deps, importJob({ period: '2026-11' }))).rejects.toMatchObject({
      code: 'INVOICE_IMPORT_NO_SOURCE',
    });
    await expect(importInvoices(deps, importJob({ attachmentId: 'C:\\invoices\\nov.csv' }))).rejects.toMatchObject({
      code: 'INVOICE_IMPORT_PARAMETERS_INVALID',
    });
  });

  it('runs as a Sync Job through the service (the operation is registered)', async () => {
    await registerWebhooks(h.service.dv, { serviceUrl: h.service.url, webhookKey: h.webhookKey });
    const csv = invoiceCsv('INV-D', subs.slice(0, 4).map(lineOf));
    const jobId = await h.service.store.createJob({
      name: 'Import Invoice',
      operation: 'ImportInvoice',
      providerId: h.providerId,
      parameters: { attachmentId: await attachToProvider(h, 'inv-d.csv', csv) },
    });
    const job = await h.service.waitForJob(jobId, 30_000);
    expect(job.status).toBe('Succeeded');
    expect((await invoiceRow('INV-D'))?.[I.col.lineCount]).toBe(4);
  });
});
