/**
 * Pure mappers from TechData pages and records to the connector types. A record that cannot be
 * understood becomes `{ok:false, problem}` naming it, so the sync reports and skips it; a page whose
 * frame cannot be understood throws, because the listing would otherwise be silently incomplete.
 */
import { W365Error } from '../../../common/errors';
import { DOMAIN, GUID, isRecord, isoDate, malformed, numberOf, text } from '../common/records';
import type {
  BillingCycleName,
  DistributorCustomer,
  DistributorSubscription,
  Parsed,
  SubscriptionStatusName,
} from '../types';
import { TechDataErrorCodes } from './errors';
import { Failures, Records } from './strings';
import type { CustomerWire, SubscriptionLineWire } from './wire';

/** Ids arrive as strings or numbers [I]; both are kept as the same text. */
function idText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}

/** Read `{ totalPages, <listField>: [] }`; throws when the frame itself is wrong. */
export function readPageFrame(
  body: unknown,
  listField: string,
  what: string,
): { totalPages: number; items: unknown[] } {
  if (!isRecord(body))
    throw new W365Error(TechDataErrorCodes.DistributorError, Failures.unreadable(what, 'BodyText is not an object'), {
      retryable: true,
    });
  const items = body[listField];
  if (!Array.isArray(items))
    throw new W365Error(TechDataErrorCodes.DistributorError, Failures.unreadable(what, `no ${listField} list`), {
      retryable: true,
    });
  const totalPages = numberOf(body.totalPages);
  if (totalPages === undefined || !Number.isInteger(totalPages) || totalPages < 0) {
    throw new W365Error(
      TechDataErrorCodes.DistributorError,
      Failures.unreadable(what, 'totalPages is not a whole number'),
      { retryable: true },
    );
  }
  return { totalPages, items };
}

export function parseCustomer(raw: unknown, page: number, index: number): Parsed<DistributorCustomer> {
  const at = Records.customerAt(page, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const wire = raw as CustomerWire;
  const id = idText(wire.endCustomerId);
  if (!id) return malformed(at, Records.noCustomerId);
  const record = Records.customer(id);
  const name = text(wire.companyName);
  if (!name) return malformed(record, Records.noCompanyName, id);
  const extra = isRecord(wire.additionalData) ? wire.additionalData : {};
  const customer: DistributorCustomer = { providerSpecificId: id, name };
  // A tenant id or domain that is not well formed is dropped, not trusted: automap matches on them.
  const tenantId = text(extra.microsoftTenantId);
  if (tenantId && GUID.test(tenantId)) customer.tenantId = tenantId.toLowerCase();
  const domain = text(extra.microsoftDomain);
  if (domain && DOMAIN.test(domain)) customer.primaryDomain = domain.toLowerCase();
  const email = text(wire.email);
  if (email) customer.email = email;
  const status = text(wire.status);
  if (status) customer.status = status;
  return { ok: true, value: customer };
}

/**
 * lineStatus values are unknown [?]; the client only checks an isActive() flag. These are the Partner
 * Center subscription statuses plus the spellings a distributor might use [I]. Anything else is
 * reported rather than guessed.
 */
const STATUS: Record<string, SubscriptionStatusName> = {
  active: 'active',
  suspended: 'suspended',
  disabled: 'suspended',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  deleted: 'cancelled',
  expired: 'expired',
  pending: 'pending',
  provisioning: 'pending',
};

const BILLING: Record<string, BillingCycleName> = {
  monthly: 'monthly',
  annual: 'annual',
  yearly: 'annual',
  triennial: 'triennial',
  onetime: 'onetime',
  none: 'none',
};

/** One element of a subscriptions page: `{ "<subscriptionId>": { ...line } }`. */
export function parseSubscription(
  raw: unknown,
  page: number,
  index: number,
  currencyCode: string,
): Parsed<DistributorSubscription> {
  const at = Records.subscriptionAt(page, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const keys = Object.keys(raw);
  if (keys.length !== 1 || !keys[0].trim() || !isRecord(raw[keys[0]])) return malformed(at, Records.notSingleKey);
  const id = keys[0].trim();
  const record = Records.subscription(id);
  const line = raw[keys[0]] as SubscriptionLineWire;
  const sku = text(line.sku);
  if (!sku) return malformed(record, Records.noSku, id);
  const customerId = idText(line.endCustomerId);
  if (!customerId) return malformed(record, Records.noCustomerOfSubscription, id);
  const quantity = numberOf(line.quantity);
  if (quantity === undefined || quantity < 0 || !Number.isInteger(quantity))
    return malformed(record, Records.badQuantity(JSON.stringify(line.quantity ?? null)), id);
  const statusText = text(line.lineStatus);
  const status = statusText ? STATUS[statusText.toLowerCase()] : undefined;
  if (!status) return malformed(record, Records.badStatus(JSON.stringify(line.lineStatus ?? null)), id);
  let unitPrice: number | undefined;
  if (line.unitPrice !== undefined && line.unitPrice !== null) {
    unitPrice = numberOf(line.unitPrice);
    if (unitPrice === undefined) return malformed(record, Records.badPrice(JSON.stringify(line.unitPrice)), id);
  }
  const extra = isRecord(line.additionalData) ? line.additionalData : {};
  const sub: DistributorSubscription = {
    providerSubscriptionId: id,
    customerId,
    sku,
    description: text(line.name) ?? sku,
    quantity,
    status,
    // The legacy lines carry no currency as far as known [I]: prices are in the partner's account
    // currency, which is the provider's Currency Code.
    currencyCode,
  };
  if (unitPrice !== undefined) sub.unitPrice = unitPrice;
  const msSubscription = text(extra.microsoftSubscriptionId);
  if (msSubscription && GUID.test(msSubscription)) sub.microsoftSubscriptionId = msSubscription.toLowerCase();
  const offer = text(extra.microsoftOfferId);
  if (offer) sub.microsoftOfferId = offer;
  const billing = text(extra.billingFrequency);
  if (billing && BILLING[billing.toLowerCase().replace(/[\s_-]/g, '')])
    sub.billingCycle = BILLING[billing.toLowerCase().replace(/[\s_-]/g, '')];
  const term = text(extra.termDuration);
  if (term && /^P\d+[MY]$/.test(term)) sub.term = term;
  const start = isoDate(extra.startDate);
  if (start) sub.startDate = start;
  const end = isoDate(extra.endDate);
  if (end) sub.endDate = end;
  const renewal = isoDate(extra.renewalDate);
  if (renewal) sub.renewalDate = renewal;
  if (typeof extra.autoRenew === 'boolean') sub.autoRenew = extra.autoRenew;
  const unitCost = numberOf(extra.unitCost);
  if (unitCost !== undefined) sub.unitCost = unitCost;
  return { ok: true, value: sub };
}
