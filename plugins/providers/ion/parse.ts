/**
 * Pure mappers from Ion v3 answers to the connector types. A record that cannot be understood becomes
 * `{ok:false, problem}` naming it, so the sync reports and skips it; a page whose frame cannot be
 * understood throws, because the listing would otherwise be silently incomplete.
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
import { IonErrorCodes } from './errors';
import { Failures, Records } from './strings';
import type { CloudProfileWire, CustomerWire, SubscriptionWire } from './wire';

/** A Microsoft product id and SKU id, e.g. CFQ7TTC0LCHC:0002 [C: NCE price lists]. */
const MS_OFFER = /^[A-Z0-9]{12}:[A-Z0-9]{4}$/;

/** Ion sends ids as strings [C]; a number is kept as the same text [I]. */
function idText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return text(v);
}

function unreadable(what: string, why: string): W365Error {
  return new W365Error(IonErrorCodes.DistributorError, Failures.unreadable(what, why), { retryable: true });
}

/** `{ customers: [...], nextPageToken }`; an empty or missing nextPageToken ends the listing [C: SDK loop]. */
export function readCustomersPage(body: unknown, what: string): { items: unknown[]; nextPageToken?: string } {
  if (!isRecord(body)) throw unreadable(what, 'not a JSON object');
  // An account without customers may leave the list out altogether (optional fields are omitted) [I].
  const items = body.customers === undefined ? [] : body.customers;
  if (!Array.isArray(items)) throw unreadable(what, 'customers is not a list');
  const next = text(body.nextPageToken);
  return { items, ...(next ? { nextPageToken: next } : {}) };
}

/** `accounts/{accountId}/customers/{customerId}` -> customerId [C: the TD SYNNEX script strips the prefix]. */
export function customerIdOf(name: string): string | undefined {
  const m = /^accounts\/[^/]+\/customers\/([A-Za-z0-9_-]+)$/.exec(name);
  return m?.[1];
}

export function parseCustomer(raw: unknown, page: number, index: number): Parsed<DistributorCustomer> {
  const at = Records.customerAt(page, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const wire = raw as CustomerWire;
  const name = text(wire.name);
  const id = name ? customerIdOf(name) : undefined;
  if (!id) return malformed(at, Records.badName(JSON.stringify(wire.name ?? null)));
  const organization = text(wire.customerOrganization);
  if (!organization) return malformed(Records.customer(id), Records.noOrganization, id);
  const customer: DistributorCustomer = { providerSpecificId: id, name: organization };
  const email = text(wire.customerEmail);
  if (email) customer.email = email;
  const status = text(wire.customerStatus);
  if (status) customer.status = status;
  return { ok: true, value: customer };
}

/**
 * The Microsoft profile of a cloudProfiles answer: tenant id and domain when well formed (automap
 * matches on them, so a malformed one is dropped, not trusted). `undefined` when the answer is not the
 * documented shape.
 */
export function readMicrosoftProfile(
  body: unknown,
  microsoftProviderId: string,
): { tenantId?: string; primaryDomain?: string } | undefined {
  if (!isRecord(body)) return undefined;
  const profiles = body.customerCloudProfiles === undefined ? [] : body.customerCloudProfiles;
  if (!Array.isArray(profiles)) return undefined;
  const microsoft = profiles
    .filter(isRecord)
    .map((p) => p as CloudProfileWire)
    .find((p) => idText(p.providerId) === microsoftProviderId && p.enabled !== false);
  if (!microsoft) return {};
  const out: { tenantId?: string; primaryDomain?: string } = {};
  const tenant = text(microsoft.customerTenantId);
  if (tenant && GUID.test(tenant)) out.tenantId = tenant.toLowerCase();
  const domain = text(microsoft.customerDomain);
  if (domain && DOMAIN.test(domain)) out.primaryDomain = domain.toLowerCase();
  return out;
}

/** `{ items: [...], paginationResponse: { totalSize } }`; a missing items list is an empty page [I]. */
export function readSubscriptionsPage(body: unknown, what: string): { items: unknown[]; totalSize?: number } {
  if (!isRecord(body)) throw unreadable(what, 'not a JSON object');
  const items = body.items === undefined ? [] : body.items;
  if (!Array.isArray(items)) throw unreadable(what, 'items is not a list');
  const pagination = isRecord(body.paginationResponse) ? body.paginationResponse : {};
  // totalSize is an integer [C spec]; the top-level totalCount (a string) is the spec's other spelling.
  const total = numberOf(pagination.totalSize) ?? numberOf(body.totalCount);
  return { items, ...(total !== undefined && Number.isInteger(total) && total >= 0 ? { totalSize: total } : {}) };
}

/**
 * Ion statuses, lower-cased (real answers are lower case, the spec's enum upper case [C]). How Ion's
 * values map onto ours is [I]; FAILED and ERROR lines never became a live licence.
 */
const STATUS: Record<string, SubscriptionStatusName> = {
  active: 'active',
  enabled: 'active',
  running: 'active',
  complete: 'active',
  suspended: 'suspended',
  disabled: 'suspended',
  paused: 'suspended',
  stopped: 'suspended',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  deleted: 'cancelled',
  failed: 'cancelled',
  error: 'cancelled',
  expired: 'expired',
  pending: 'pending',
  accepted: 'pending',
  confirmed: 'pending',
  initiated: 'pending',
  in_progress: 'pending',
};

/** subscriptionBillingCycle values seen: "monthly" [C sample]; the others are [I]. */
const BILLING: Record<string, BillingCycleName> = {
  monthly: 'monthly',
  month: 'monthly',
  annual: 'annual',
  annually: 'annual',
  yearly: 'annual',
  year: 'annual',
  triennial: 'triennial',
  onetime: 'onetime',
  none: 'none',
};

/** The last letter of mfgPartNumber: M = monthly [C sample]; A and T are [I]. */
const MFG_BILLING: Record<string, BillingCycleName> = { M: 'monthly', A: 'annual', Y: 'annual', T: 'triennial' };

/** The Microsoft product:sku, from the clean part number first, then the provider offer id [C formats]. */
export function microsoftOfferOf(wire: SubscriptionWire): string | undefined {
  const candidates: string[] = [];
  const mfg = text(wire.mfgPartNumber)?.toUpperCase();
  if (mfg) candidates.push(mfg.split(':').slice(0, 2).join(':'));
  const offer = text(wire.subscriptionOfferId)?.toUpperCase();
  if (offer?.includes(':')) candidates.push(offer.split(':').slice(0, 2).join(':'));
  // "NL,CFQ7TTC0LH18,0001": a market prefix, then product and SKU [C sample].
  if (offer?.includes(',')) candidates.push(offer.split(',').slice(-2).join(':'));
  const product = text(wire.subscriptionProductId)?.toUpperCase();
  const sku = text(wire.subscriptionSkuId)?.toUpperCase();
  if (product && sku) candidates.push(`${product}:${sku}`);
  return candidates.find((c) => MS_OFFER.test(c));
}

/**
 * The part number a CRM product is mapped by: Ion's mfgPartNumber (Microsoft's own
 * {product}:{sku}:{term}:{billing}, the same at every reseller) when the line has one, else the Ion
 * catalogue ids ccpProductId/ccpSkuId/ccpPlanId (Azure plan lines have no mfgPartNumber [C]) [I].
 */
export function partNumberOf(wire: SubscriptionWire): string | undefined {
  const mfg = text(wire.mfgPartNumber);
  if (mfg) return mfg.toUpperCase();
  const ids = [text(wire.ccpProductId), text(wire.ccpSkuId), text(wire.ccpPlanId)];
  return ids.every(Boolean) ? ids.join('/') : undefined;
}

/**
 * One subscription line. `undefined` for lines of other cloud providers (AWS, Google, ...): not ours to
 * sync, and not malformed either.
 */
export function parseSubscription(
  raw: unknown,
  offset: number,
  index: number,
  microsoftProviderId: string,
  fallbackCurrency?: string,
): Parsed<DistributorSubscription> | undefined {
  const at = Records.subscriptionAt(offset, index);
  if (!isRecord(raw)) return malformed(at, Records.notAnObject);
  const wire = raw as SubscriptionWire;
  const provider = idText(wire.cloudProviderId);
  if (provider !== undefined && provider !== microsoftProviderId) return undefined;
  const id = idText(wire.id);
  if (!id) return malformed(at, Records.noId);
  const record = Records.subscription(id);
  const customerId = idText(wire.customerId);
  if (!customerId) return malformed(record, Records.noCustomerId, id);
  const sku = partNumberOf(wire);
  if (!sku) return malformed(record, Records.noSku, id);
  const quantity = numberOf(wire.subscriptionTotalLicenses);
  if (quantity === undefined || quantity < 0 || !Number.isInteger(quantity))
    return malformed(record, Records.badQuantity(JSON.stringify(wire.subscriptionTotalLicenses ?? null)), id);
  const statusText = text(wire.subscriptionStatus);
  const status = statusText ? STATUS[statusText.toLowerCase()] : undefined;
  if (!status) return malformed(record, Records.badStatus(JSON.stringify(wire.subscriptionStatus ?? null)), id);
  const prices: { unitPrice?: number; unitCost?: number } = {};
  for (const [field, key] of [
    ['price', 'unitPrice'],
    ['cost', 'unitCost'],
  ] as const) {
    const value = wire[field];
    if (value === undefined) continue;
    const n = numberOf(value);
    if (n === undefined) return malformed(record, Records.badPrice(field, JSON.stringify(value)), id);
    prices[key] = n;
  }
  const info = isRecord(wire.ccpProductInfo) ? wire.ccpProductInfo : {};
  const sub: DistributorSubscription = {
    providerSubscriptionId: id,
    customerId,
    sku,
    description: text(info.skuDisplayName) ?? text(info.planDisplayName) ?? text(wire.subscriptionName) ?? sku,
    quantity,
    status,
    ...prices,
  };
  const currency = text(wire.currency) ?? text(wire.billingCurrency) ?? fallbackCurrency;
  if (currency && /^[A-Za-z]{3}$/.test(currency)) sub.currencyCode = currency.toUpperCase();
  const msSubscription = text(wire.subscriptionId);
  if (msSubscription && GUID.test(msSubscription)) sub.microsoftSubscriptionId = msSubscription.toLowerCase();
  const offer = microsoftOfferOf(wire);
  if (offer) sub.microsoftOfferId = offer;
  const mfgParts = (text(wire.mfgPartNumber) ?? '').toUpperCase().split(':');
  const term = text(wire.subscriptionBillingTerm)?.toUpperCase() ?? mfgParts[2];
  if (term && /^P\d+[MY]$/.test(term)) sub.term = term;
  const billing = text(wire.subscriptionBillingCycle)
    ?.toLowerCase()
    .replace(/[\s_-]/g, '');
  const cycle = (billing ? BILLING[billing] : undefined) ?? MFG_BILLING[mfgParts[3] ?? ''];
  if (cycle) sub.billingCycle = cycle;
  const start = isoDate(wire.subscriptionStartDate);
  if (start) sub.startDate = start;
  const end = isoDate(wire.subscriptionEndDate);
  if (end) sub.endDate = end;
  const renewal = isoDate(wire.renewalDate);
  if (renewal) sub.renewalDate = renewal;
  if (typeof wire.autoRenew === 'boolean') sub.autoRenew = wire.autoRenew;
  Object.assign(sub, commitmentOf(wire));
  return { ok: true, value: sub };
}

/** An ISO 8601 date-time with a zone, as a UTC instant; anything else is undefined. */
function instant(v: unknown): string | undefined {
  const t = text(v);
  if (!t || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) return undefined;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * NCE commitment facts Ion states [C: ListSubscription]: the cancellation window's end
 * (cancellationAllowedUntilDate) and the term's end (subscriptionEndDate, an instant one term after the
 * start; its date is taken as the term's last day [I]). An Azure plan line's end equals its start [C
 * sample]: it has no term, so none is set. Ion has no refundable quantity or scheduled changes: those
 * stay unset.
 */
function commitmentOf(
  wire: SubscriptionWire,
): Pick<DistributorSubscription, 'termEndDate' | 'cancellationAllowedUntil'> {
  const out: Pick<DistributorSubscription, 'termEndDate' | 'cancellationAllowedUntil'> = {};
  const window = instant(wire.cancellationAllowedUntilDate);
  if (window) out.cancellationAllowedUntil = window;
  const start = instant(wire.subscriptionStartDate);
  const end = instant(wire.subscriptionEndDate);
  if (end && (!start || end > start)) out.termEndDate = end.slice(0, 10);
  return out;
}
