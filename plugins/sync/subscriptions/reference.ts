/**
 * What a subscription sync needs to know before it reads the distributor: the provider's accounts (who
 * is mapped and enabled), the catalog by Provider Part Number, the product mappings, each customer's
 * default billing contracts, and the provider's currency. All read in pages of 5,000.
 */
import { Choices, Tables } from '../../../solution/schema';
import type { DataverseApi } from '../../dataverse/api';
import { eq } from '../../dataverse/odata';

const PA = Tables.providerAccount;
const PR = Tables.product;
const PM = Tables.productMapping;
const BC = Tables.billingContract;

export interface ScopeAccount {
  id: string;
  providerSpecificId: string;
  name: string;
  accountId?: string;
  syncEnabled: boolean;
  syncDescriptionOn: boolean;
  excluded: boolean;
  removed: boolean;
}

/** Mapped to a CRM account, enabled, not excluded: an account whose subscriptions are synced. */
export const isEligible = (a: ScopeAccount): boolean => Boolean(a.accountId && a.syncEnabled && !a.excluded);

export interface CatalogProduct {
  id: string;
  name: string;
  price?: number;
  cost?: number;
  /** Set when the product is specific to a provider; blank means any provider. */
  providerId?: string;
}

export interface ProductMappingRow {
  id: string;
  sku: string;
  productId?: string;
  mapped: boolean;
  description?: string;
  microsoftOfferId?: string;
}

export interface ReferenceData {
  accounts: ScopeAccount[];
  productsByPartNumber: Map<string, CatalogProduct[]>;
  productsById: Map<string, CatalogProduct>;
  mappingsBySku: Map<string, ProductMappingRow>;
  defaultContractsByCustomer: Map<string, string[]>;
  currencyId?: string;
}

const num = (v: unknown): number | undefined => (v === null || v === undefined || v === '' ? undefined : Number(v));

export async function readScopeAccounts(
  dv: DataverseApi,
  providerId: string,
  customerId: string | undefined,
  signal?: AbortSignal,
): Promise<ScopeAccount[]> {
  let filter = eq(PA.val.provider, { guid: providerId });
  if (customerId) filter += ` and ${eq(PA.val.account, { guid: customerId })}`;
  const rows = await dv.all(
    PA,
    {
      select: [
        PA.col.id,
        PA.col.providerSpecificId,
        PA.col.name,
        PA.val.account,
        PA.col.syncEnabled,
        PA.col.syncDescription,
        PA.col.mappingStatus,
        PA.col.removedAtProvider,
      ],
      filter,
    },
    { signal },
  );
  return rows.map((r) => ({
    id: String(r[PA.col.id]),
    providerSpecificId: String(r[PA.col.providerSpecificId] ?? ''),
    name: String(r[PA.col.name] ?? ''),
    accountId: (r[PA.val.account] as string | null) ?? undefined,
    syncEnabled: r[PA.col.syncEnabled] !== false,
    syncDescriptionOn: Number(r[PA.col.syncDescription]) === Choices.syncDescription.AlwaysOn,
    excluded: Number(r[PA.col.mappingStatus]) === Choices.mappingStatus.Excluded,
    removed: Boolean(r[PA.col.removedAtProvider]),
  }));
}

export async function readReferenceData(
  dv: DataverseApi,
  input: { providerId: string; customerId?: string; currencyCode?: string; signal?: AbortSignal },
): Promise<ReferenceData> {
  const { providerId, signal } = input;
  const accounts = await readScopeAccounts(dv, providerId, input.customerId, signal);
  const { productsByPartNumber, productsById } = await readCatalog(dv, providerId, signal);
  const mappingsBySku = await readProductMappings(dv, providerId, signal);
  const defaultContractsByCustomer = await readDefaultContracts(dv, input.customerId, signal);
  const currencyId = input.currencyCode ? await readCurrencyId(dv, input.currencyCode, signal) : undefined;
  return { accounts, productsByPartNumber, productsById, mappingsBySku, defaultContractsByCustomer, currencyId };
}

/** Active products by id, and by Provider Part Number (products of this provider or of any provider). */
async function readCatalog(dv: DataverseApi, providerId: string, signal?: AbortSignal) {
  const productsByPartNumber = new Map<string, CatalogProduct[]>();
  const productsById = new Map<string, CatalogProduct>();
  const select = [PR.col.id, PR.col.name, PR.col.price, PR.col.currentCost, PR.col.providerPartNumber, PR.val.provider];
  for await (const r of dv.rows(PR, { select, filter: `${PR.col.stateCode} ne 1` }, { signal })) {
    const p: CatalogProduct = {
      id: String(r[PR.col.id]),
      name: String(r[PR.col.name] ?? ''),
      price: num(r[PR.col.price]),
      cost: num(r[PR.col.currentCost]),
      providerId: (r[PR.val.provider] as string | null) ?? undefined,
    };
    productsById.set(p.id, p);
    const part = String(r[PR.col.providerPartNumber] ?? '').trim();
    if (!part || (p.providerId && p.providerId !== providerId)) continue;
    const list = productsByPartNumber.get(part) ?? [];
    list.push(p);
    productsByPartNumber.set(part, list);
  }
  return { productsByPartNumber, productsById };
}

async function readProductMappings(
  dv: DataverseApi,
  providerId: string,
  signal?: AbortSignal,
): Promise<Map<string, ProductMappingRow>> {
  const mappingsBySku = new Map<string, ProductMappingRow>();
  const select = [
    PM.col.id,
    PM.col.providerSku,
    PM.val.product,
    PM.col.mappingStatus,
    PM.col.description,
    PM.col.microsoftOfferId,
  ];
  for await (const r of dv.rows(PM, { select, filter: eq(PM.val.provider, { guid: providerId }) }, { signal })) {
    const sku = String(r[PM.col.providerSku] ?? '');
    mappingsBySku.set(sku, {
      id: String(r[PM.col.id]),
      sku,
      productId: (r[PM.val.product] as string | null) ?? undefined,
      mapped: Number(r[PM.col.mappingStatus]) === Choices.productMappingStatus.Mapped,
      description: (r[PM.col.description] as string | null) ?? undefined,
      microsoftOfferId: (r[PM.col.microsoftOfferId] as string | null) ?? undefined,
    });
  }
  return mappingsBySku;
}

/** Each customer's active default billing contracts (a subscription gets one only when there is exactly one). */
async function readDefaultContracts(
  dv: DataverseApi,
  customerId: string | undefined,
  signal?: AbortSignal,
): Promise<Map<string, string[]>> {
  const byCustomer = new Map<string, string[]>();
  let filter = `${eq(BC.col.isDefault, true)} and ${eq(BC.col.stateCode, 0)}`;
  if (customerId) filter += ` and ${eq(BC.val.customer, { guid: customerId })}`;
  for await (const r of dv.rows(BC, { select: [BC.col.id, BC.val.customer], filter }, { signal })) {
    const customer = r[BC.val.customer] as string | null;
    if (!customer) continue;
    const list = byCustomer.get(customer) ?? [];
    list.push(String(r[BC.col.id]));
    byCustomer.set(customer, list);
  }
  return byCustomer;
}

async function readCurrencyId(
  dv: DataverseApi,
  currencyCode: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const C = Tables.transactionCurrency;
  const rows = await dv.all(C, { select: [C.col.id], filter: eq(C.col.isoCurrencyCode, currencyCode) }, { signal });
  return rows.length ? String(rows[0][C.col.id]) : undefined;
}
