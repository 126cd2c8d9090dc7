/**
 * Variances as rows to write: keyed by dedupe key with a deterministic id, lookups as references (the
 * invoice line by its deterministic id), the review status on create only, and the job summary's
 * totals per type and currency.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { invoiceLineRowId, varianceRowId } from '../../../../plugins/invoices/ids';
import { reconcileInvoice, totalsOf, varianceWrite } from '../../../../plugins/sync/reconcile';
import { line, world } from './world';

const V = Tables.variance;

describe('varianceWrite', () => {
  const w = world();
  w.invoice = {
    ...w.invoice,
    lines: [line({ lineNumber: 1, quantity: 12, amount: 360 }), ...w.invoice.lines.slice(1)],
  };
  const [quantity] = reconcileInvoice(w).variances;
  const write = varianceWrite(w.invoice, quantity);

  it('is an upsert by dedupe key with an id derived from it', () => {
    expect(write.table).toBe(V);
    expect(write.keyName).toBe('w365_variance_dedupekey');
    expect(write.key).toEqual({ [V.col.dedupeKey]: quantity.key });
    expect(write.id).toBe(varianceRowId(quantity.key));
  });

  it('refers to the provider, invoice, line and subscription by id, never by a Web API path', () => {
    expect(write.lookups).toEqual({
      [V.col.provider]: { table: Tables.provider, id: w.invoice.providerId },
      [V.col.invoice]: { table: Tables.distributorInvoice, id: w.invoice.id },
      [V.col.invoiceLine]: { table: Tables.invoiceLine, id: invoiceLineRowId(w.invoice.id, 1) },
      [V.col.subscription]: { table: Tables.subscription, id: 's-a1' },
    });
    expect(JSON.stringify({ ...write, table: undefined, lookups: undefined })).not.toMatch(/@odata|\/w365_/);
  });

  it('writes the figures, and the review status only when the row is created', () => {
    expect(write.values).toMatchObject({
      [V.col.varianceType]: Choices.varianceType.Quantity,
      [V.col.expectedValue]: 10,
      [V.col.actualValue]: 12,
      [V.col.amountAtStake]: 60,
      [V.col.currencyCode]: 'AUD',
    });
    expect(write.values[V.col.reviewStatus]).toBeUndefined();
    expect(write.createOnly).toEqual({ [V.col.reviewStatus]: Choices.varianceReviewStatus.Open });
  });
});

describe('totalsOf', () => {
  it('counts and sums the amount at stake per type and currency', () => {
    const w = world();
    w.invoice = {
      ...w.invoice,
      lines: [
        line({ lineNumber: 1, quantity: 12, amount: 360 }),
        line({ lineNumber: 2, providerSubscriptionId: 'sub-x', amount: 30.5 }),
        line({ lineNumber: 3, providerSubscriptionId: 'sub-y', amount: 20.25 }),
      ],
    };
    expect(totalsOf(reconcileInvoice(w).variances)).toEqual([
      { type: 'quantity', currencyCode: 'AUD', count: 1, amountAtStake: 60 },
      { type: 'missingInCrm', currencyCode: 'AUD', count: 2, amountAtStake: 50.75 },
      { type: 'missingOnInvoice', currencyCode: 'AUD', count: 1, amountAtStake: -40 },
      { type: 'customerNoLines', currencyCode: 'AUD', count: 1, amountAtStake: -120 },
    ]);
  });
});
