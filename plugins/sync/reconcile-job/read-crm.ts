/**
 * What the CRM holds for one provider, as the pure reconciliation's facts: its provider accounts and
 * their mapping, its synced subscriptions (seats, status, billing cycle, dates, prices, contract,
 * currency), their License Change Log up to the end of the billing period, the catalogue as it
 * resolves the SKUs involved (product mapping, else Provider Part Number: list price and cost), and
 * the billing contracts (their dates). Read in pages of 5,000; currencies as ISO codes.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import type { Row } from '../../dataverse/client';
import { eq } from '../../dataverse/odata';
import type { BillingCycleName, SubscriptionStatusName } from '../../providers/types';
import type {
  BillingContractFacts,
  CatalogFacts,
  InvoiceFacts,
  LicenseChangeFacts,
  LicenseChangeName,
  ProviderAccountFacts,
  SubscriptionFacts,
} from '../reconcile';
import { BILLING_CYCLE_VALUES, STATUS_VALUES, productOf } from '../subscriptions/decide/decision';
import { resolveProduct } from '../subscriptions/products';
import { readReferenceData } from '../subscriptions/reference';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;
const BC = Tables.billingContract;
const C = Tables.transactionCurrency;

export interface CrmFacts {
  providerAccounts: ProviderAccountFacts[];
  subscriptions: SubscriptionFacts[];
  licenseChanges: LicenseChangeFacts[];
  catalog: CatalogFacts[];
  billingContracts: BillingContractFacts[];
}

const invert = <T extends string>(m: Record<T, number>): Map<number, T> =>
  new Map(Object.entries(m).map(([k, v]) => [v as number, k as T]));
const STATUS = invert<SubscriptionStatusName>(STATUS_VALUES);
const CYCLE = invert<BillingCycleName>(BILLING_CYCLE_VALUES);
const CT = Choices.changeType;
const CHANGE_BY_VALUE = new Map<number, LicenseChangeName>([
  [CT.Create, 'create'],
  [CT.Increase, 'increase'],
  [CT.Decrease, 'decrease'],
  [CT.Suspend, 'suspend'],
  [CT.Reactivate, 'reactivate'],
  [CT.PriceChange, 'priceChange'],
]);

const text = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));
const num = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Number(v));
const day = (v: unknown) => text(v)?.slice(0, 10);

async function currencyCodes(dv: DataverseApi, signal?: AbortSignal): Promise<Map<string, string>> {
  const rows = await dv.all(C, { select: [C.col.id, C.col.isoCurrencyCode] }, { signal });
  return new Map(rows.map((r) => [String(r[C.col.id]).toLowerCase(), String(r[C.col.isoCurrencyCode] ?? '')]));
}

function subscriptionOf(r: Row, currencies: ReadonlyMap<string, string>): SubscriptionFacts {
  const facts: SubscriptionFacts = {
    id: String(r[S.col.id]),
    sku: String(r[S.col.providerPartNumber] ?? ''),
    quantity: Number(r[S.col.quantity] ?? 0),
    status: STATUS.get(Number(r[S.col.subscriptionStatus])) ?? 'active',
  };
  const set = <K extends keyof SubscriptionFacts>(k: K, v: SubscriptionFacts[K] | undefined) => {
    if (v !== undefined) facts[k] = v;
  };
  set('providerSubscriptionId', text(r[S.col.providerSubscriptionId]));
  set('providerAccountId', text(r[S.val.providerAccount]));
  set('unitPrice', num(r[S.col.unitPrice]));
  set('unitCost', num(r[S.col.unitCost]));
  set('billingContractId', text(r[S.val.billingContract]));
  set('currencyCode', currencies.get(String(r[S.val.currency] ?? '').toLowerCase()));
  set('startDate', day(r[S.col.startDate]));
  set('endDate', day(r[S.col.endDate]));
  set('billingCycle', CYCLE.get(Number(r[S.col.billingCycle])));
  return facts;
}

const SUBSCRIPTION_COLUMNS = [
  S.col.id,
  S.col.providerSubscriptionId,
  S.col.providerPartNumber,
  S.col.quantity,
  S.col.subscriptionStatus,
  S.col.unitPrice,
  S.col.unitCost,
  S.col.startDate,
  S.col.endDate,
  S.col.billingCycle,
  S.val.providerAccount,
  S.val.billingContract,
  S.val.currency,
];

async function readSubscriptions(
  dv: DataverseApi,
  providerId: string,
  currencies: ReadonlyMap<string, string>,
  signal?: AbortSignal,
) {
  const filter = `${eq(S.val.provider, { guid: providerId })} and ${eq(S.col.stateCode, 0)}`;
  const out: SubscriptionFacts[] = [];
  for await (const r of dv.rows(S, { select: SUBSCRIPTION_COLUMNS, filter }, { signal }))
    out.push(subscriptionOf(r, currencies));
  return out;
}

/** The log entries of `subscriptionIds` effective up to the period's last day (the rest cannot matter). */
async function readLicenseChanges(
  dv: DataverseApi,
  subscriptionIds: ReadonlySet<string>,
  periodEnd: string,
  signal?: AbortSignal,
): Promise<LicenseChangeFacts[]> {
  const select = [L.val.subscription, L.col.effectiveDate, L.col.changeType, L.col.quantityDelta, L.col.quantityAfter];
  const filter = `${eq(L.col.stateCode, 0)} and ${L.col.effectiveDate} le ${periodEnd}T23:59:59Z`;
  const out: LicenseChangeFacts[] = [];
  for await (const r of dv.rows(L, { select, filter }, { signal })) {
    const subscriptionId = String(r[L.val.subscription] ?? '').toLowerCase();
    const changeType = CHANGE_BY_VALUE.get(Number(r[L.col.changeType]));
    const effectiveDate = text(r[L.col.effectiveDate]);
    if (!subscriptionIds.has(subscriptionId) || !changeType || !effectiveDate) continue;
    out.push({
      subscriptionId,
      effectiveDate,
      changeType,
      quantityDelta: Number(r[L.col.quantityDelta] ?? 0),
      quantityAfter: Number(r[L.col.quantityAfter] ?? 0),
    });
  }
  return out;
}

/**
 * The billing contracts' dates. A contract has no currency of its own (the solution review took the
 * platform currency lookup off it: a table with no money column must not carry one), so a contract
 * never reports a currency mismatch; the subscription's currency still does.
 */
async function readContracts(dv: DataverseApi, signal?: AbortSignal) {
  const select = [BC.col.id, BC.col.startDate, BC.col.endDate];
  const out: BillingContractFacts[] = [];
  for await (const r of dv.rows(BC, { select }, { signal })) {
    const c: BillingContractFacts = { id: String(r[BC.col.id]) };
    const start = day(r[BC.col.startDate]);
    const end = day(r[BC.col.endDate]);
    if (start) c.startDate = start;
    if (end) c.endDate = end;
    out.push(c);
  }
  return out;
}

export async function readCrmFacts(dv: DataverseApi, invoice: InvoiceFacts, signal?: AbortSignal): Promise<CrmFacts> {
  const providerId = invoice.providerId;
  const ref = await readReferenceData(dv, { providerId, signal });
  const currencies = await currencyCodes(dv, signal);
  const subscriptions = await readSubscriptions(dv, providerId, currencies, signal);
  // Lower case: the pure reconciliation and this join compare ids as text.
  for (const s of subscriptions) s.id = s.id.toLowerCase();
  const ids = new Set(subscriptions.map((s) => s.id));
  const licenseChanges = await readLicenseChanges(dv, ids, invoice.periodEnd, signal);
  const skus = new Set([...subscriptions.map((s) => s.sku), ...invoice.lines.map((l) => l.sku)]);
  const catalog: CatalogFacts[] = [...skus].map((sku) => {
    const product = productOf(resolveProduct(sku, ref, providerId));
    return { sku, productId: product?.id, unitPrice: product?.price, unitCost: product?.cost };
  });
  return {
    providerAccounts: ref.accounts.map((a) => ({
      id: a.id,
      providerSpecificId: a.providerSpecificId,
      ...(a.accountId ? { accountId: a.accountId } : {}),
      name: a.name,
    })),
    subscriptions,
    licenseChanges,
    catalog,
    billingContracts: await readContracts(dv, signal),
  };
}
