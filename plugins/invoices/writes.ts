/**
 * An imported invoice as rows to write (plain data; plugins/invoices/row-write.ts). The import writes
 * the header first (its status Importing set on create only), then the lines, keyed (invoice, line
 * number), then `completion` marks it Imported: a run that stops half-way leaves an Importing invoice,
 * and running the same import again completes it without duplicating anything; a re-import of a
 * complete invoice changes nothing. `reimportOf` says what to do when the invoice exists already.
 */
import { createHash } from 'node:crypto';
import { Choices, Tables } from '../../solution/schema';
import type {
  DistributorInvoice,
  DistributorInvoiceLine,
  InvoiceChargeType,
  InvoiceSourceName,
} from '../providers/types';
import { invoiceLineRowId, invoiceRowId } from './ids';
import type { LookupRef, RowWrite, Scalar } from './row-write';
import { RowNames } from './strings';

const I = Tables.distributorInvoice;
const L = Tables.invoiceLine;
const [I_KEY] = I.keys.map((k) => k.logicalName);
const [L_KEY] = L.keys.map((k) => k.logicalName);

const SOURCE: Record<InvoiceSourceName, number> = {
  ionReport: Choices.invoiceSource.IonReport,
  dickerFeed: Choices.invoiceSource.DickerFeed,
  file: Choices.invoiceSource.File,
};
const CHARGE: Record<InvoiceChargeType, number> = {
  recurring: Choices.invoiceChargeType.Recurring,
  proration: Choices.invoiceChargeType.Proration,
  oneoff: Choices.invoiceChargeType.OneOff,
  usage: Choices.invoiceChargeType.Usage,
};

export interface InvoiceImportContext {
  providerId: string;
  providerName: string;
  /** SHA-256 of the invoice's content (invoiceContentHash), so that a changed re-import can be told apart. */
  fileHash: string;
  /** Provider account row ids by the distributor's customer id (lower case), to link lines. */
  providerAccountIds: ReadonlyMap<string, string>;
}

export interface InvoiceWrites {
  header: RowWrite;
  lines: RowWrite[];
  completion: RowWrite;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000 + 0;

/** One line of the invoice `invoiceId`, keyed (invoice, line number); linked to its provider account when known. */
export function lineWrite(invoiceId: string, line: DistributorInvoiceLine, ctx: InvoiceImportContext): RowWrite {
  const lookups: Record<string, LookupRef> = { [L.col.invoice]: { table: I, id: invoiceId } };
  const accountId = ctx.providerAccountIds.get(line.customerId.toLowerCase());
  if (accountId) lookups[L.col.providerAccount] = { table: Tables.providerAccount, id: accountId };
  const values: Record<string, Scalar> = {
    [L.col.name]: RowNames.line(line.lineNumber, line.description, line.quantity).slice(0, 400),
    [L.col.providerCustomerId]: line.customerId.slice(0, 200),
    [L.col.providerSubscriptionId]: line.providerSubscriptionId?.slice(0, 200) ?? null,
    [L.col.sku]: line.sku.slice(0, 200),
    [L.col.description]: line.description.slice(0, 500),
    [L.col.quantity]: round4(line.quantity),
    [L.col.unitPrice]: line.unitPrice === undefined ? null : round4(line.unitPrice),
    [L.col.unitCost]: round4(line.unitCost),
    [L.col.amount]: round4(line.amount),
    [L.col.chargeType]: CHARGE[line.chargeType],
    [L.col.periodStart]: line.periodStart,
    [L.col.periodEnd]: line.periodEnd,
    [L.col.currencyCode]: line.currencyCode ?? null,
  };
  return {
    table: L,
    id: invoiceLineRowId(invoiceId, line.lineNumber),
    keyName: L_KEY,
    key: { [L.col.invoice]: { guid: invoiceId }, [L.col.lineNumber]: line.lineNumber },
    values,
    lookups,
  };
}

const keyOf = (providerId: string, number: string) => ({
  [I.col.provider]: { guid: providerId },
  [I.col.invoiceNumber]: number,
});

/** The invoice's own row (Importing when it is created; never set back to Importing later). */
export function headerWrite(invoice: DistributorInvoice, ctx: InvoiceImportContext): RowWrite {
  const total = invoice.statedTotal ?? invoice.lines.reduce((s, l) => s + l.amount, 0);
  return {
    table: I,
    id: invoiceRowId(ctx.providerId, invoice.number),
    keyName: I_KEY,
    key: keyOf(ctx.providerId, invoice.number),
    values: {
      [I.col.name]: RowNames.invoice(ctx.providerName, invoice.number, invoice.periodStart).slice(0, 400),
      [I.col.invoiceDate]: invoice.invoiceDate,
      [I.col.periodStart]: invoice.periodStart,
      [I.col.periodEnd]: invoice.periodEnd,
      [I.col.currencyCode]: invoice.currencyCode,
      [I.col.total]: round4(total),
      [I.col.source]: SOURCE[invoice.source],
      [I.col.lineCount]: invoice.lines.length,
      [I.col.fileHash]: ctx.fileHash,
    },
    lookups: { [I.col.provider]: { table: Tables.provider, id: ctx.providerId } },
    createOnly: { [I.col.importStatus]: Choices.invoiceImportStatus.Importing },
  };
}

/** Written last, once every line is: the invoice is complete. */
export function completionWrite(providerId: string, invoiceNumber: string): RowWrite {
  return {
    table: I,
    id: invoiceRowId(providerId, invoiceNumber),
    keyName: I_KEY,
    key: keyOf(providerId, invoiceNumber),
    values: { [I.col.importStatus]: Choices.invoiceImportStatus.Imported },
    lookups: { [I.col.provider]: { table: Tables.provider, id: providerId } },
  };
}

/** Every row of an invoice at once (small invoices and tests; the import job writes lines one at a time). */
export function invoiceWrites(invoice: DistributorInvoice, ctx: InvoiceImportContext): InvoiceWrites {
  const header = headerWrite(invoice, ctx);
  return {
    header,
    lines: invoice.lines.map((l) => lineWrite(header.id, l, ctx)),
    completion: completionWrite(ctx.providerId, invoice.number),
  };
}

/**
 * SHA-256 of what an invoice says (its number, dates, currency, stated total and every line, in line
 * order), whatever it came from: the same invoice exported again (other line endings, columns in
 * another order, another file that also holds other invoices) is the same invoice, and any changed
 * figure is a changed one. Stored in the invoice's File Hash column.
 */
export function invoiceContentHash(invoice: DistributorInvoice): string {
  const lines = [...invoice.lines].sort((a, b) => a.lineNumber - b.lineNumber);
  const canonical = JSON.stringify([
    invoice.number,
    invoice.invoiceDate,
    invoice.periodStart,
    invoice.periodEnd,
    invoice.currencyCode.toUpperCase(),
    invoice.statedTotal ?? null,
    lines.map((l) => [
      l.lineNumber,
      l.customerId,
      l.providerSubscriptionId ?? null,
      l.sku,
      l.description,
      l.quantity,
      l.unitPrice ?? null,
      l.unitCost,
      l.amount,
      l.chargeType,
      l.periodStart,
      l.periodEnd,
      l.currencyCode ?? null,
    ]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export type ReimportDecision = 'create' | 'resume' | 'unchanged' | 'changed';

/**
 * What importing an invoice means when one with the same number may exist: create it; resume an import
 * that stopped (Importing, same content); nothing to do (Imported, same content); or a changed invoice
 * (another file hash), which must not silently replace the lines a reconciliation already used.
 */
export function reimportOf(
  existing: { fileHash?: string; importStatus?: number } | undefined,
  fileHash: string,
): ReimportDecision {
  if (!existing) return 'create';
  if (existing.fileHash && existing.fileHash !== fileHash) return 'changed';
  return existing.importStatus === Choices.invoiceImportStatus.Imported ? 'unchanged' : 'resume';
}
