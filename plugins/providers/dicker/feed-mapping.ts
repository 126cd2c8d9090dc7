/**
 * THE DICKER DATA CSP FEED: OUR DESIGN, NOT DICKER'S. Dicker Data publishes no CSP (tenant and
 * subscription) API [C: none found]. What is public is the B2B API's access-key handshake (access-key.ts,
 * modelled exactly) and the columns of Dicker's "Annuity Information" export [C-3p]: TENANT ID, TENANT
 * NAME, SUBSCRIPTION ID, STOCK CODE, REFERENCE, STOCK DESCRIPTION, QTY, CHARGE TYPE, STATUS, UNIT PRICE,
 * UNIT RRP, REVALUATION PERIOD, START USAGE, END USAGE (and TERM START / TERM END from the invoice
 * export), with dates like 01-Jan-2025. The feed below serves exactly those columns as JSON [I]:
 *
 *   POST {End Point URL}/api/Csp/AnnuitySubscriptions
 *   { "RequestHeader": { "TransactionID": "<uuid>", "Token": "<access token>", "AccessKey": "<key>" },
 *     "PageNumber": 1, "PageSize": 200, "TenantId": "<optional: one customer>" }
 *   -> { "Status": "Success", "Message": "", "TotalRecords": 431, "PageNumber": 1, "PageSize": 200,
 *        "Subscriptions": [ { "TenantId", "TenantName", "SubscriptionId", "StockCode", "Reference",
 *          "StockDescription", "Qty", "ChargeType", "Status", "UnitPrice", "UnitRRP",
 *          "RevaluationPeriod", "StartUsage", "EndUsage", "TermStart", "TermEnd" } ] }
 *   A refused access key: HTTP 401 { "Status": "Error", "Message": "..." }.
 * The RequestHeader in the body is how Dicker's B2B POSTs pass the key [C-3p]; everything else is [I].
 *
 * EVERYTHING that depends on that design is in this one file: the path, the request, the page frame,
 * the field names, the value formats and the mapping to our types. When Dicker's real document
 * arrives, this is the file to change (and the sandbox, emulators/dicker, which serves the same design).
 */
import { W365Error } from '../../../common/errors';
import { GUID, isRecord, malformed, numberOf, text } from '../common/records';
import type { DistributorSubscription, Parsed, SubscriptionStatusName } from '../types';
import { DickerErrorCodes } from './errors';
import { parseStockCode } from './stock-code';
import { Failures, Records } from './strings';

export const FEED_PATH = 'api/Csp/AnnuitySubscriptions';

/** Lines per page we ask for [I: no documented limit]. */
export const DEFAULT_FEED_PAGE_SIZE = 200;

/** The export's columns as JSON fields [I: names are the column titles in Pascal case]. */
export const FIELDS = {
  tenantId: 'TenantId',
  tenantName: 'TenantName',
  subscriptionId: 'SubscriptionId',
  stockCode: 'StockCode',
  reference: 'Reference',
  description: 'StockDescription',
  quantity: 'Qty',
  chargeType: 'ChargeType',
  status: 'Status',
  unitPrice: 'UnitPrice',
  unitRrp: 'UnitRRP',
  revaluationPeriod: 'RevaluationPeriod',
  startUsage: 'StartUsage',
  endUsage: 'EndUsage',
  termStart: 'TermStart',
  termEnd: 'TermEnd',
} as const;

export interface FeedRequestHeader {
  transactionId: string;
  accessToken: string;
  accessKey: string;
}

export function feedRequest(
  header: FeedRequestHeader,
  pageNumber: number,
  pageSize: number,
  tenantId?: string,
): Record<string, unknown> {
  return {
    RequestHeader: { TransactionID: header.transactionId, Token: header.accessToken, AccessKey: header.accessKey },
    PageNumber: pageNumber,
    PageSize: pageSize,
    ...(tenantId ? { TenantId: tenantId } : {}),
  };
}

/** HTTP statuses with which the feed refuses the access key (renew it once and try again). */
export const ACCESS_KEY_REFUSED_STATUSES: readonly number[] = [401];

/** `{ TotalRecords, Subscriptions: [...] }`; throws when the frame itself cannot be read. */
export function readFeedPage(body: unknown, pageSize: number, what: string): { rows: unknown[]; totalPages: number } {
  const unreadable = (why: string) =>
    new W365Error(DickerErrorCodes.DistributorError, Failures.unreadable(what, why), { retryable: true });
  if (!isRecord(body)) throw unreadable('not a JSON object');
  const rows = body.Subscriptions ?? [];
  if (!Array.isArray(rows)) throw unreadable('Subscriptions is not a list');
  const total = body.TotalRecords;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0)
    throw unreadable('TotalRecords is not a whole number');
  return { rows, totalPages: Math.ceil(total / pageSize) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `01-Jan-2025` [C-3p] (or an ISO date, in case the real feed uses one [I]) -> `2025-01-01`. */
export function isoDateOf(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value);
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  if (!m || month < 0) return undefined;
  const date = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  // Reject 31-Feb-2025 and the like: the date must survive a round trip.
  return new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date ? date : undefined;
}

/** The export's statuses, read case-insensitively [I: the value set is not documented]. */
const STATUS: Record<string, SubscriptionStatusName> = {
  active: 'active',
  suspended: 'suspended',
  disabled: 'suspended',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  deleted: 'cancelled',
  expired: 'expired',
  pending: 'pending',
};

/** The tenant (our customer) a line belongs to: its id is the provider-specific id and the tenant id. */
export function tenantOfRow(raw: unknown, page: number, index: number): Parsed<{ tenantId: string; name?: string }> {
  const at = Records.rowAt(page, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const tenantId = text(raw[FIELDS.tenantId]);
  if (!tenantId || !GUID.test(tenantId))
    return malformed(at, Records.badTenantId(JSON.stringify(raw[FIELDS.tenantId] ?? null)));
  const name = text(raw[FIELDS.tenantName]);
  return { ok: true, value: { tenantId: tenantId.toLowerCase(), ...(name ? { name } : {}) } };
}

/**
 * One feed line as a subscription. UNIT PRICE is what Dicker charges the partner and UNIT RRP the
 * recommended retail price, both per licence per billing period [I: our design; the exports say prices
 * are per term [C-3p]], so UnitPrice is our unit cost and UnitRRP our unit price.
 */
export function subscriptionOfRow(
  raw: unknown,
  page: number,
  index: number,
  currencyCode: string,
): Parsed<DistributorSubscription> {
  const tenant = tenantOfRow(raw, page, index);
  if (!tenant.ok) return tenant;
  const row = raw as Record<string, unknown>;
  const id = text(row[FIELDS.subscriptionId]);
  if (!id) return malformed(Records.rowAt(page, index), Records.noSubscriptionId);
  const record = Records.subscription(id);
  const stockCode = text(row[FIELDS.stockCode])?.toUpperCase() ?? '';
  const code = parseStockCode(stockCode);
  if (!code.ok)
    return malformed(
      record,
      Records.badStockCode(JSON.stringify(row[FIELDS.stockCode] ?? null), code.reason),
      id.toLowerCase(),
    );
  const quantity = numberOf(row[FIELDS.quantity]);
  if (quantity === undefined || quantity < 0 || !Number.isInteger(quantity))
    return malformed(record, Records.badQuantity(JSON.stringify(row[FIELDS.quantity] ?? null)), id.toLowerCase());
  const statusText = text(row[FIELDS.status]);
  const status = statusText ? STATUS[statusText.toLowerCase()] : undefined;
  if (!status)
    return malformed(record, Records.badStatus(JSON.stringify(row[FIELDS.status] ?? null)), id.toLowerCase());
  const sub: DistributorSubscription = {
    providerSubscriptionId: id.toLowerCase(),
    customerId: tenant.value.tenantId,
    sku: stockCode.endsWith(':') || code.value.kind === 'azure' ? stockCode : `${stockCode}:`,
    microsoftOfferId: code.value.microsoftOfferId,
    description: text(row[FIELDS.description]) ?? stockCode,
    quantity,
    status,
    billingCycle: code.value.billingCycle,
    currencyCode,
  };
  if (code.value.kind === 'licence') sub.term = code.value.term;
  if (GUID.test(id)) sub.microsoftSubscriptionId = id.toLowerCase();
  for (const [field, key] of [
    [FIELDS.unitPrice, 'unitCost'],
    [FIELDS.unitRrp, 'unitPrice'],
  ] as const) {
    const value = row[field];
    if (value === undefined || value === null || value === '') continue;
    const n = numberOf(value);
    if (n === undefined) return malformed(record, Records.badPrice(field, JSON.stringify(value)), id.toLowerCase());
    sub[key] = n;
  }
  for (const [field, key] of [
    [FIELDS.termStart, 'startDate'],
    [FIELDS.termEnd, 'endDate'],
  ] as const) {
    const value = text(row[field]);
    if (!value) continue;
    const date = isoDateOf(value);
    if (!date) return malformed(record, Records.badDate(field, JSON.stringify(value)), id.toLowerCase());
    sub[key] = date;
  }
  // TERM END is the commitment's last day [C-3p: the invoice export]; the feed says nothing of auto
  // renewal, the cancellation window, refunds or scheduled changes, so those stay unset.
  if (code.value.kind === 'licence' && sub.endDate) sub.termEndDate = sub.endDate;
  return { ok: true, value: sub };
}
