/**
 * An imported invoice as rows to write: header (Importing on create only), lines keyed (invoice, line
 * number) and linked to their provider account, the completion last; the same invoice always gives the
 * same rows, so a re-import writes nothing new; and what a re-import of an existing invoice means.
 */
import { Choices, Tables } from '../../../solution/schema';
import { invoiceLineRowId, invoiceRowId, invoiceWrites, parseInvoiceCsv, reimportOf } from '../../../plugins/invoices';

const I = Tables.distributorInvoice;
const L = Tables.invoiceLine;
const PROVIDER = '6a0f3a4e-0000-4000-8000-000000000001';
const CSV = [
  'InvoiceNumber,BillingPeriodStart,BillingPeriodEnd,Currency,CustomerId,SubscriptionId,Sku,Quantity,UnitCost,Amount,ChargeType',
  'INV-7,2025-06-01,2025-06-30,AUD,306012,2277242,SKU-A,10,30,300,Recurring',
  'INV-7,2025-06-01,2025-06-30,AUD,999999,,SKU-B,1,12.345678,12.345678,One-off',
].join('\n');

function writesOf(csv = CSV) {
  const parsed = parseInvoiceCsv(csv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return invoiceWrites(parsed.invoices[0], {
    providerId: PROVIDER,
    providerName: 'Dicker Data',
    fileHash: parsed.fileHash,
    providerAccountIds: new Map([['306012', 'pa-1']]),
  });
}

describe('invoiceWrites', () => {
  const w = writesOf();
  const id = invoiceRowId(PROVIDER, 'INV-7');

  it('writes the header by (provider, number), Importing only when it is created', () => {
    expect(w.header).toMatchObject({
      table: I,
      id,
      keyName: 'w365_distributorinvoice_number',
      key: { [I.col.provider]: { guid: PROVIDER }, [I.col.invoiceNumber]: 'INV-7' },
      values: {
        [I.col.name]: 'Dicker Data INV-7 (2025-06)',
        [I.col.total]: 312.3457,
        [I.col.lineCount]: 2,
        [I.col.source]: Choices.invoiceSource.File,
        [I.col.currencyCode]: 'AUD',
      },
      createOnly: { [I.col.importStatus]: Choices.invoiceImportStatus.Importing },
    });
    expect(w.header.values[I.col.importStatus]).toBeUndefined();
    expect(w.completion.values).toEqual({ [I.col.importStatus]: Choices.invoiceImportStatus.Imported });
  });

  it('writes lines by (invoice, line number), linked to the provider account when there is one', () => {
    expect(w.lines.map((l) => [l.id, l.key, l.lookups[L.col.providerAccount]?.id])).toEqual([
      [invoiceLineRowId(id, 1), { [L.col.invoice]: { guid: id }, [L.col.lineNumber]: 1 }, 'pa-1'],
      [invoiceLineRowId(id, 2), { [L.col.invoice]: { guid: id }, [L.col.lineNumber]: 2 }, undefined],
    ]);
    expect(w.lines[1].values).toMatchObject({
      [L.col.providerCustomerId]: '999999',
      [L.col.providerSubscriptionId]: null,
      [L.col.chargeType]: Choices.invoiceChargeType.OneOff,
      [L.col.amount]: 12.3457,
    });
  });

  it('is the same for the same file: importing it again writes nothing new', () => {
    expect(writesOf()).toEqual(w);
  });
});

describe('reimportOf', () => {
  it.each([
    ['a new invoice is created', undefined, 'h1', 'create'],
    [
      'an import that stopped half-way is resumed',
      { fileHash: 'h1', importStatus: Choices.invoiceImportStatus.Importing },
      'h1',
      'resume',
    ],
    [
      'a complete invoice of the same file needs nothing',
      { fileHash: 'h1', importStatus: Choices.invoiceImportStatus.Imported },
      'h1',
      'unchanged',
    ],
    [
      'another file under the same number is a changed invoice',
      { fileHash: 'h1', importStatus: Choices.invoiceImportStatus.Imported },
      'h2',
      'changed',
    ],
  ] as const)('%s', (_name, existing, hash, decision) => {
    expect(reimportOf(existing, hash)).toBe(decision);
  });
});
