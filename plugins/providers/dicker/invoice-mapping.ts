/**
 * THE DICKER DATA INVOICE FEED: OUR DESIGN, NOT DICKER'S, beside the CSP feed (feed-mapping.ts). Dicker
 * publishes no CSP invoice API [C: none found]; its B2B API has Account/Invoice endpoints whose bodies
 * are not public [C-3p: paths only], and its "CSP Invoice Report" export has the columns TENANT ID,
 * TENANT NAME, SUBSCRIPTION ID, STOCK CODE, REFERENCE, STOCK DESCRIPTION, QTY, CHARGE TYPE, UNIT PRICE,
 * UNIT RRP, TERM START / TERM END, USAGE START / USAGE END [C-3p], dates like 01-Jan-2025. The feed
 * below serves those columns, a line number and a line total per line, with the invoice's own fields
 * once per answer [I]:
 *
 *   POST {End Point URL}/api/Csp/InvoiceLines
 *   { "RequestHeader": { "TransactionID", "Token", "AccessKey" }, "PeriodStart": "01-Jun-2025",
 *     "PageNumber": 1, "PageSize": 200 }
 *   -> { "Status": "Success", "Message": "", "InvoiceNumber": "DD123456-202506", "InvoiceDate": "01-Jul-2025",
 *        "PeriodStart": "01-Jun-2025", "PeriodEnd": "30-Jun-2025", "Currency": "AUD", "InvoiceTotal": 1234.5,
 *        "TotalRecords": 431, "PageNumber": 1, "PageSize": 200,
 *        "Lines": [ { "LineNumber", "TenantId", "TenantName", "SubscriptionId", "StockCode", "Reference",
 *          "StockDescription", "Qty", "ChargeType", "UnitPrice", "UnitRRP", "LineTotal", "UsageStart", "UsageEnd" } ] }
 *   A month not invoiced yet: no InvoiceNumber and no lines. A refused access key: HTTP 401.
 *
 * EVERYTHING that depends on that design is in this one file: the path, the request, the frame, the
 * field names, the charge type words and the mapping to our types. UNIT PRICE is what Dicker charges
 * the partner (our unit cost) and UNIT RRP the retail price (our unit price), per term [C-3p], as in
 * the CSP feed.
 */
import { W365Error } from '../../../common/errors';
import { GUID, isRecord, malformed, numberOf, text } from '../common/records';
import type { DistributorInvoiceLine, InvoiceChargeType, Parsed } from '../types';
import { DickerErrorCodes } from './errors';
import { isoDateOf } from './feed-mapping';
import { Failures, Records } from './strings';

export const INVOICE_PATH = 'api/Csp/InvoiceLines';
export const DEFAULT_INVOICE_PAGE_SIZE = 500;

export const INVOICE_FIELDS = {
  lineNumber: 'LineNumber',
  tenantId: 'TenantId',
  subscriptionId: 'SubscriptionId',
  stockCode: 'StockCode',
  description: 'StockDescription',
  quantity: 'Qty',
  chargeType: 'ChargeType',
  unitPrice: 'UnitPrice',
  unitRrp: 'UnitRRP',
  lineTotal: 'LineTotal',
  usageStart: 'UsageStart',
  usageEnd: 'UsageEnd',
} as const;

/** The export's charge types, lower case without spaces [I]. */
const CHARGE_TYPES: Record<string, InvoiceChargeType> = {
  recurring: 'recurring',
  prorata: 'proration',
  onceoff: 'oneoff',
  oneoff: 'oneoff',
  usage: 'usage',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** yyyy-mm-dd -> 01-Jun-2025, as the feed writes dates. */
export const exportDateOf = (iso: string): string =>
  `${iso.slice(8, 10)}-${MONTHS[Number(iso.slice(5, 7)) - 1]}-${iso.slice(0, 4)}`;

export function invoiceRequest(
  header: { transactionId: string; accessToken: string; accessKey: string },
  periodStart: string,
  pageNumber: number,
  pageSize: number,
): Record<string, unknown> {
  return {
    RequestHeader: { TransactionID: header.transactionId, Token: header.accessToken, AccessKey: header.accessKey },
    PeriodStart: exportDateOf(periodStart),
    PageNumber: pageNumber,
    PageSize: pageSize,
  };
}

export interface InvoiceFrame {
  number?: string;
  invoiceDate?: string;
  periodStart?: string;
  periodEnd?: string;
  currencyCode?: string;
  total?: number;
  rows: unknown[];
  totalPages: number;
}

/** One page's frame; throws when it cannot be read. */
export function readInvoicePage(body: unknown, pageSize: number, what: string): InvoiceFrame {
  const unreadable = (why: string) =>
    new W365Error(DickerErrorCodes.DistributorError, Failures.unreadable(what, why), { retryable: true });
  if (!isRecord(body)) throw unreadable('not a JSON object');
  const rows = body.Lines ?? [];
  if (!Array.isArray(rows)) throw unreadable('Lines is not a list');
  const total = body.TotalRecords;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0)
    throw unreadable('TotalRecords is not a whole number');
  const date = (v: unknown) => (text(v) ? isoDateOf(text(v)!) : undefined);
  const frame: InvoiceFrame = { rows, totalPages: Math.ceil(total / pageSize) };
  const number = text(body.InvoiceNumber);
  if (!number) return frame;
  const currency = text(body.Currency);
  const statedTotal = numberOf(body.InvoiceTotal);
  return {
    ...frame,
    number,
    invoiceDate: date(body.InvoiceDate),
    periodStart: date(body.PeriodStart),
    periodEnd: date(body.PeriodEnd),
    ...(currency && /^[A-Za-z]{3}$/.test(currency) ? { currencyCode: currency.toUpperCase() } : {}),
    ...(statedTotal !== undefined ? { total: statedTotal } : {}),
  };
}

/** One feed line as an invoice line (its number is the feed's LineNumber). */
export function invoiceLineOfRow(
  raw: unknown,
  page: number,
  index: number,
  period: { start: string; end: string },
): Parsed<DistributorInvoiceLine> {
  const at = Records.invoiceLineAt(page, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const lineNumber = numberOf(raw[INVOICE_FIELDS.lineNumber]);
  if (lineNumber === undefined || !Number.isInteger(lineNumber) || lineNumber < 1)
    return malformed(at, Records.badLineNumber(JSON.stringify(raw[INVOICE_FIELDS.lineNumber] ?? null)));
  const record = Records.invoiceLine(lineNumber);
  const tenantId = text(raw[INVOICE_FIELDS.tenantId]);
  if (!tenantId || !GUID.test(tenantId))
    return malformed(record, Records.badTenantId(JSON.stringify(raw[INVOICE_FIELDS.tenantId] ?? null)));
  const stockCode = text(raw[INVOICE_FIELDS.stockCode])?.toUpperCase();
  if (!stockCode) return malformed(record, Records.badStockCode('null', 'is empty'));
  const chargeType = CHARGE_TYPES[(text(raw[INVOICE_FIELDS.chargeType]) ?? '').toLowerCase().replace(/[\s_-]+/g, '')];
  if (!chargeType)
    return malformed(record, Records.badChargeType(JSON.stringify(raw[INVOICE_FIELDS.chargeType] ?? null)));
  const figures: Record<'quantity' | 'unitCost' | 'amount', number> = { quantity: 0, unitCost: 0, amount: 0 };
  for (const [field, key] of [
    [INVOICE_FIELDS.quantity, 'quantity'],
    [INVOICE_FIELDS.unitPrice, 'unitCost'],
    [INVOICE_FIELDS.lineTotal, 'amount'],
  ] as const) {
    const n = numberOf(raw[field]);
    if (n === undefined) return malformed(record, Records.badNumber(field, JSON.stringify(raw[field] ?? null)));
    figures[key] = n;
  }
  const start = text(raw[INVOICE_FIELDS.usageStart]);
  const end = text(raw[INVOICE_FIELDS.usageEnd]);
  const line: DistributorInvoiceLine = {
    lineNumber,
    customerId: tenantId.toLowerCase(),
    // The CSP feed's SKU is the stock code with its trailing colon (feed-mapping.ts): the same here.
    sku: stockCode.split(':').length === 2 || stockCode.endsWith(':') ? stockCode : `${stockCode}:`,
    description: text(raw[INVOICE_FIELDS.description]) ?? stockCode,
    ...figures,
    chargeType,
    periodStart: (start && isoDateOf(start)) || period.start,
    periodEnd: (end && isoDateOf(end)) || period.end,
  };
  const subscriptionId = text(raw[INVOICE_FIELDS.subscriptionId]);
  if (subscriptionId) line.providerSubscriptionId = subscriptionId.toLowerCase();
  const rrp = numberOf(raw[INVOICE_FIELDS.unitRrp]);
  if (rrp !== undefined) line.unitPrice = rrp;
  return { ok: true, value: line };
}
