/**
 * An imported invoice as rows to write (plain data; plugins/invoices/row-write.ts). The import writes
 * the header first (its status Importing set on create only), then the lines, keyed (invoice, line
 * number), then `completion` marks it Imported: a run that stops half-way leaves an Importing invoice,
 * and running the same import again completes it without duplicating anything; a re-import of a
 * complete invoice changes nothing. `reimportOf` says what to do when the invoice exists already.
 */
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
  /** SHA-256 of the file or answer the invoice came from. */
  fileHash: string;
  /** Provider account row ids by the distributor's customer id (lower case), to link lines. */
  providerAccountIds: ReadonlyMap<string, string>;
}

export interface InvoiceWrites {
  header: RowWrite;
  lines: RowWrite[];
  /** Written last, once every line is: the invoice is complete. */
  completion: RowWrite;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000 + 0;

function lineWrite(invoiceId: string, line: DistributorInvoiceLine, ctx: InvoiceImportContext): RowWrite {
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

export function invoiceWrites(invoice: DistributorInvoice, ctx: InvoiceImportContext): InvoiceWrites {
  const id = invoiceRowId(ctx.providerId, invoice.number);
  const total = invoice.statedTotal ?? invoice.lines.reduce((s, l) => s + l.amount, 0);
  const key = { [I.col.provider]: { guid: ctx.providerId }, [I.col.invoiceNumber]: invoice.number };
  const lookups = { [I.col.provider]: { table: Tables.provider, id: ctx.providerId } };
  const header: RowWrite = {
    table: I,
    id,
    keyName: I_KEY,
    key,
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
    lookups,
    createOnly: { [I.col.importStatus]: Choices.invoiceImportStatus.Importing },
  };
  return {
    header,
    lines: invoice.lines.map((l) => lineWrite(id, l, ctx)),
    completion: {
      table: I,
      id,
      keyName: I_KEY,
      key,
      values: { [I.col.importStatus]: Choices.invoiceImportStatus.Imported },
      lookups,
    },
  };
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
