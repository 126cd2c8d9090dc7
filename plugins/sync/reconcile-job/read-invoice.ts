/**
 * The invoice a Reconcile job compares, as the pure reconciliation's InvoiceFacts: found by id, number
 * or period among the job's provider's invoices, refused unless its import completed (a half-imported
 * invoice would show every missing line as a variance), with its lines read in pages.
 */
import { Choices, Tables } from '../../../solution/schema';
import { W365Error } from '../../../common/errors';
import type { DataverseApi } from '../../dataverse/api';
import type { Row } from '../../dataverse/client';
import { eq } from '../../dataverse/odata';
import type { InvoiceChargeType } from '../../providers/types';
import type { InvoiceFacts, InvoiceLineFacts } from '../reconcile';
import { ReconcileErrorCodes } from './errors';
import type { InvoiceRef } from './request';
import { ReconcileMessages } from './strings';

const I = Tables.distributorInvoice;
const L = Tables.invoiceLine;

const INVOICE_COLUMNS = [
  I.col.id,
  I.col.invoiceNumber,
  I.col.currencyCode,
  I.col.periodStart,
  I.col.periodEnd,
  I.col.importStatus,
  I.val.provider,
];
const LINE_COLUMNS = [
  L.col.id,
  L.col.lineNumber,
  L.col.providerCustomerId,
  L.col.providerSubscriptionId,
  L.col.sku,
  L.col.description,
  L.col.quantity,
  L.col.unitPrice,
  L.col.unitCost,
  L.col.amount,
  L.col.chargeType,
  L.col.periodStart,
  L.col.periodEnd,
  L.col.currencyCode,
];

const CHARGE_TYPES: Record<number, InvoiceChargeType> = {
  [Choices.invoiceChargeType.Recurring]: 'recurring',
  [Choices.invoiceChargeType.Proration]: 'proration',
  [Choices.invoiceChargeType.OneOff]: 'oneoff',
  [Choices.invoiceChargeType.Usage]: 'usage',
};

const day = (v: unknown) => String(v ?? '').slice(0, 10);
const text = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));

async function findRows(dv: DataverseApi, providerId: string, ref: InvoiceRef, signal?: AbortSignal): Promise<Row[]> {
  const ofProvider = eq(I.val.provider, { guid: providerId });
  if (ref.kind === 'id') {
    const row = await dv.retrieve(I, ref.id, INVOICE_COLUMNS, signal);
    return row && String(row[I.val.provider] ?? '').toLowerCase() === providerId.toLowerCase() ? [row] : [];
  }
  const filter =
    ref.kind === 'number'
      ? `${ofProvider} and ${eq(I.col.invoiceNumber, ref.number)}`
      : // Date-only columns compare with an unquoted date literal (the dates are ones monthPeriod wrote).
        `${ofProvider} and ${I.col.periodStart} eq ${ref.periodStart} and ${I.col.periodEnd} eq ${ref.periodEnd}`;
  return dv.all(I, { select: INVOICE_COLUMNS, filter }, { signal });
}

const describe = (ref: InvoiceRef) =>
  ref.kind === 'id' ? ref.id : ref.kind === 'number' ? ref.number : `for ${ref.periodStart} to ${ref.periodEnd}`;

/** The one invoice `ref` names, or why not. */
export async function findInvoice(dv: DataverseApi, providerId: string, ref: InvoiceRef, signal?: AbortSignal) {
  const rows = await findRows(dv, providerId, ref, signal);
  if (!rows.length)
    throw new W365Error(ReconcileErrorCodes.InvoiceNotFound, ReconcileMessages.invoiceNotFound(describe(ref)));
  if (rows.length > 1)
    throw new W365Error(
      ReconcileErrorCodes.InvoiceAmbiguous,
      ReconcileMessages.invoiceAmbiguous(
        describe(ref),
        rows.map((r) => String(r[I.col.invoiceNumber])),
      ),
    );
  const row = rows[0];
  if (Number(row[I.col.importStatus]) !== Choices.invoiceImportStatus.Imported)
    throw new W365Error(
      ReconcileErrorCodes.InvoiceNotImported,
      ReconcileMessages.notImported(String(row[I.col.invoiceNumber])),
    );
  return row;
}

function lineOf(r: Row): InvoiceLineFacts {
  const line: InvoiceLineFacts = {
    id: String(r[L.col.id]),
    lineNumber: Number(r[L.col.lineNumber]),
    customerId: String(r[L.col.providerCustomerId] ?? ''),
    sku: String(r[L.col.sku] ?? ''),
    description: String(r[L.col.description] ?? ''),
    quantity: Number(r[L.col.quantity] ?? 0),
    unitCost: Number(r[L.col.unitCost] ?? 0),
    amount: Number(r[L.col.amount] ?? 0),
    chargeType: CHARGE_TYPES[Number(r[L.col.chargeType])] ?? 'oneoff',
    periodStart: day(r[L.col.periodStart]),
    periodEnd: day(r[L.col.periodEnd]),
  };
  const subscriptionId = text(r[L.col.providerSubscriptionId]);
  if (subscriptionId) line.providerSubscriptionId = subscriptionId;
  if (r[L.col.unitPrice] !== null && r[L.col.unitPrice] !== undefined) line.unitPrice = Number(r[L.col.unitPrice]);
  const currency = text(r[L.col.currencyCode]);
  if (currency) line.currencyCode = currency;
  return line;
}

export async function readInvoiceFacts(dv: DataverseApi, row: Row, signal?: AbortSignal): Promise<InvoiceFacts> {
  const id = String(row[I.col.id]);
  const lines: InvoiceLineFacts[] = [];
  for await (const r of dv.rows(L, { select: LINE_COLUMNS, filter: eq(L.val.invoice, { guid: id }) }, { signal }))
    lines.push(lineOf(r));
  lines.sort((a, b) => a.lineNumber - b.lineNumber);
  return {
    id,
    providerId: String(row[I.val.provider]),
    number: String(row[I.col.invoiceNumber]),
    currencyCode: String(row[I.col.currencyCode] ?? ''),
    periodStart: day(row[I.col.periodStart]),
    periodEnd: day(row[I.col.periodEnd]),
    lines,
  };
}
