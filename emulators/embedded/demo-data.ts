/**
 * Demo data for the embedded default: CRM accounts built from the TechData sandbox's customers so that
 * every automap path shows (same name, a different legal suffix, same domain, same tenant, a similar
 * name, ambiguity, no match), products whose Provider Part Number is the TechData SKU (a few left out so
 * Product Mapping has work), billing contracts (one default per customer, with exceptions), and the demo
 * Provider pointing at the sandbox. Written through the Web API with fixed ids and insert-only: a row
 * that exists is never touched (insert-only.ts says why), so seeding at every start changes nothing a
 * flow or a person changed. The one exception is a demo provider's connection to its sandbox (the
 * sandbox is new at every start, on a new port): see `seedProvider`.
 */
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { eq } from '../../plugins/dataverse/odata';
import type { SandboxCustomer, TechDataDataset } from '../techdata/dataset';
import { catalogSkus } from '../techdata/catalog';
import { demoId } from './ids';
import { InsertOnlyWriter } from './insert-only';

export interface DemoProviderInput {
  name: string;
  internalName: string;
  userName: string;
  password: string;
  endpointUrl: string;
  properties: Record<string, string>;
  providerType?: number;
}

/** A product of another distributor's SKU (Ion part number, Dicker stock code), for its Product Mapping demo. */
export interface DemoProductInput {
  sku: string;
  name: string;
  price: number;
  cost: number;
  /** ISO code of the product's currency; default the demo's currency. */
  currencyCode?: string;
}

/** A currency the environment should also have (e.g. AUD for the Dicker Data demo provider). */
export interface DemoCurrencyInput {
  code: string;
  symbol: string;
  /** Units per the base currency. */
  exchangeRate: number;
}

export interface DemoSeedResult {
  providerIds: Record<string, string>;
  accounts: number;
  products: number;
  contracts: number;
  /** A billing contract whose customer is mapped automatically, for the demo's scoped sync. */
  demoContractId?: string;
}

const A = Tables.account;
const BC = Tables.billingContract;
const PR = Tables.product;

/** Loopback hosts: a demo provider whose End Point URL is one still points at a local sandbox. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLocalSandboxUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return LOCAL_HOSTS.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** Variants that exercise automap: the CRM account that a person would have for this customer. */
function crmVariant(
  c: SandboxCustomer,
  index: number,
): { name: string; domain?: string; tenantId?: string; kind: string }[] {
  const base = c.companyName;
  switch (index % 10) {
    case 0:
    case 1:
    case 2:
      return [{ name: base, kind: 'same-name' }];
    case 3: {
      // Same company, written differently: Ltd <-> Limited, or case and '&' -> 'and'.
      const swapped = /\bLimited$/i.test(base)
        ? base.replace(/\bLimited$/i, 'Ltd')
        : /\bLtd\.?$/i.test(base)
          ? base.replace(/\bLtd\.?$/i, 'Limited')
          : base.toUpperCase().replace(/&/g, 'AND');
      return [{ name: swapped, kind: 'legal-suffix' }];
    }
    case 4:
      return c.microsoftDomain && !c.microsoftDomain.endsWith('onmicrosoft.com')
        ? [{ name: `${base.split(' ')[0]} Holdings`, domain: c.microsoftDomain, kind: 'same-domain' }]
        : [{ name: base, kind: 'same-name' }];
    case 5:
      return c.microsoftTenantId
        ? [{ name: `${base.split(' ')[0]} (Head Office)`, tenantId: c.microsoftTenantId, kind: 'same-tenant' }]
        : [{ name: base, kind: 'same-name' }];
    case 6:
      return [{ name: `${base.split(' ')[0]} Group Services`, kind: 'similar' }];
    case 7:
      return [];
    case 8:
      return [
        { name: `${base}`, kind: 'ambiguous' },
        { name: `${base.toUpperCase()}`, kind: 'ambiguous' },
      ];
    default:
      return [{ name: base, kind: 'same-name' }];
  }
}

export async function seedDemoData(
  dv: DataverseClient,
  input: {
    dataset: TechDataDataset;
    providers: DemoProviderInput[];
    currencyCode: string;
    extraProducts?: DemoProductInput[];
    extraCurrencies?: DemoCurrencyInput[];
  },
): Promise<DemoSeedResult> {
  const writer = new InsertOnlyWriter(dv);
  // Currency (the emulator has USD; others are added as a real environment would have them).
  const C = Tables.transactionCurrency;
  const currencies = await dv.all(C.entitySetName, {
    select: [C.col.id],
    filter: eq(C.col.isoCurrencyCode, input.currencyCode),
  });
  const currencyId = currencies.length
    ? String(currencies[0][C.col.id])
    : await dv.create(C.entitySetName, {
        [C.col.currencyName]: input.currencyCode,
        [C.col.isoCurrencyCode]: input.currencyCode,
        [C.col.currencySymbol]: '$',
        [C.col.exchangeRate]: 1,
        [C.col.currencyPrecision]: 2,
      });
  const currency = `/${C.entitySetName}(${currencyId})`;

  const scheduleId = demoId('uomschedule', 'Licences');
  writer.queue(Tables.uomSchedule.entitySetName, scheduleId, {
    [Tables.uomSchedule.col.name]: 'Licences',
    [Tables.uomSchedule.col.baseUomName]: 'Licence',
  });
  const uomId = demoId('uom', 'Licence');
  writer.queue(Tables.uom.entitySetName, uomId, {
    [Tables.uom.col.name]: 'Licence',
    [Tables.uom.col.quantity]: 1,
    [`${Tables.uom.nav.schedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
  });

  let accounts = 0;
  let contracts = 0;
  let demoContractId: string | undefined;
  const customers = input.dataset.customers;
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    const variants = crmVariant(c, i);
    for (let v = 0; v < variants.length; v++) {
      const variant = variants[v];
      const accountId = demoId('account', c.endCustomerId, v);
      writer.queue(A.entitySetName, accountId, {
        [A.col.name]: variant.name,
        [A.col.accountNumber]: `CUST-${c.endCustomerId}${v ? `-${v}` : ''}`,
        [A.col.emailAddress1]: variant.kind === 'same-domain' ? `accounts@${variant.domain}` : null,
        [A.col.websiteUrl]: variant.domain ? `https://www.${variant.domain}` : null,
        [A.col.tenantId]: variant.tenantId ?? null,
        [`${A.nav.currency}@odata.bind`]: currency,
      });
      accounts++;
      // One default contract per customer, except: every 11th customer has none, and ambiguous
      // customers have two defaults (the sync then warns and leaves the contract empty).
      if (i % 11 === 10) continue;
      const defaults = variant.kind === 'ambiguous' ? 2 : 1;
      for (let k = 0; k < defaults; k++) {
        const contractId = demoId('contract', c.endCustomerId, v, k);
        writer.queue(BC.entitySetName, contractId, {
          [BC.col.name]: `${variant.name} - Microsoft licences${k ? ` (${k + 1})` : ''}`,
          [`${BC.nav.customer}@odata.bind`]: `/${A.entitySetName}(${accountId})`,
          [BC.col.isDefault]: true,
          [BC.col.billingFrequency]: Choices.billingFrequency.Monthly,
          [BC.col.billingPolicy]: Choices.billingPolicy.Advance,
          [BC.col.startDate]: '2025-01-01',
        });
        contracts++;
        if (!demoContractId && variant.kind === 'same-name') demoContractId = contractId;
      }
    }
  }
  // Accounts that match nobody, as in any real CRM.
  for (const name of [
    'Northwind Traders',
    'Fabrikam Residences',
    'Tailspin Toys',
    'Wide World Importers',
    'Adventure Works Cycles',
  ]) {
    writer.queue(A.entitySetName, demoId('account', 'other', name), {
      [A.col.name]: name,
      [`${A.nav.currency}@odata.bind`]: currency,
    });
    accounts++;
  }

  // Products: the TechData SKU is the Provider Part Number. Every fifth SKU is left out, so that
  // subscriptions with it show up as Not Mapped in Product Mapping.
  let products = 0;
  const skus = catalogSkus();
  for (let i = 0; i < skus.length; i++) {
    if (i % 5 === 4) continue;
    const s = skus[i];
    writer.queue(PR.entitySetName, demoId('product', s.sku), {
      // The catalogue's description already says the term and billing ("(1 year, billed monthly)").
      [PR.col.name]: s.description.slice(0, 100),
      [PR.col.productNumber]: `TD-${s.sku}`,
      [PR.col.providerPartNumber]: s.sku,
      [PR.col.price]: Math.round(s.unitPrice * 115) / 100,
      [PR.col.currentCost]: s.unitPrice,
      [PR.col.quantityDecimal]: 0,
      [`${PR.nav.defaultUomSchedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
      [`${PR.nav.defaultUom}@odata.bind`]: `/${Tables.uom.entitySetName}(${uomId})`,
      [`${PR.nav.currency}@odata.bind`]: currency,
    });
    products++;
  }

  // Products of the other demo distributors' SKUs (a few only, so their Product Mapping has work too).
  const currencyIds = new Map<string, string>([[input.currencyCode, currencyId]]);
  for (const extra of input.extraCurrencies ?? []) {
    const found = await dv.all(C.entitySetName, { select: [C.col.id], filter: eq(C.col.isoCurrencyCode, extra.code) });
    currencyIds.set(
      extra.code,
      found.length
        ? String(found[0][C.col.id])
        : await dv.create(C.entitySetName, {
            [C.col.currencyName]: extra.code,
            [C.col.isoCurrencyCode]: extra.code,
            [C.col.currencySymbol]: extra.symbol,
            [C.col.exchangeRate]: extra.exchangeRate,
            [C.col.currencyPrecision]: 2,
          }),
    );
  }
  for (const extra of input.extraProducts ?? []) {
    const productCurrency = currencyIds.get(extra.currencyCode ?? input.currencyCode) ?? currencyId;
    writer.queue(PR.entitySetName, demoId('product', extra.sku), {
      [PR.col.name]: extra.name.slice(0, 100),
      [PR.col.productNumber]: extra.sku.slice(0, 100),
      [PR.col.providerPartNumber]: extra.sku,
      [PR.col.price]: extra.price,
      [PR.col.currentCost]: extra.cost,
      [PR.col.quantityDecimal]: 0,
      [`${PR.nav.defaultUomSchedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
      [`${PR.nav.defaultUom}@odata.bind`]: `/${Tables.uom.entitySetName}(${uomId})`,
      [`${PR.nav.currency}@odata.bind`]: `/${C.entitySetName}(${productCurrency})`,
    });
    products++;
  }

  await writer.flush();
  const providerIds: Record<string, string> = {};
  for (const p of input.providers) providerIds[p.name] = await seedProvider(dv, p);
  return { providerIds, accounts, products, contracts, ...(demoContractId ? { demoContractId } : {}) };
}

/**
 * A Provider row and its Additional Properties, with fixed ids, created when missing. A demo provider
 * that exists keeps every column a person or a job wrote, except its connection to the sandbox: the
 * sandbox starts anew on every start, on a new port and with its credentials and token chain reset,
 * so when the row's End Point URL still points at a local sandbox, the End Point URL, User Name,
 * Password and URL properties are re-pointed at this start's sandbox and a rotated token state (of
 * the sandbox that is gone) is cleared. A provider re-pointed by a person at anything else is left alone.
 */
export async function seedProvider(dv: DataverseClient, p: DemoProviderInput): Promise<string> {
  const P = Tables.provider;
  const PP = Tables.providerProperty;
  const writer = new InsertOnlyWriter(dv);
  const id = demoId('provider', p.internalName, p.name);
  const connection = {
    [P.col.userName]: p.userName,
    [P.col.password]: p.password,
    [P.col.endpointUrl]: p.endpointUrl,
  };
  const created = await writer.insert(P.entitySetName, id, {
    [P.col.name]: p.name,
    [P.col.internalName]: p.internalName,
    ...connection,
    [P.col.providerType]: p.providerType ?? Choices.providerType.Automatic,
  });
  let repoint = false;
  if (!created) {
    const row = await dv.retrieve(P.entitySetName, id, [P.col.endpointUrl]);
    const current = row?.[P.col.endpointUrl];
    repoint = isLocalSandboxUrl(current) && current !== p.endpointUrl;
    if (repoint) await dv.update(P.entitySetName, id, { ...connection, [P.col.tokenState]: null });
  }
  for (const [name, value] of Object.entries(p.properties)) {
    const propertyId = demoId('property', id, name);
    const added = await writer.insert(PP.entitySetName, propertyId, {
      [PP.col.name]: name,
      [PP.col.value]: value,
      [`${PP.nav.provider}@odata.bind`]: `/${P.entitySetName}(${id})`,
    });
    if (added || !repoint || !isLocalSandboxUrl(value)) continue;
    const row = await dv.retrieve(PP.entitySetName, propertyId, [PP.col.value]);
    if (isLocalSandboxUrl(row?.[PP.col.value]))
      await dv.update(PP.entitySetName, propertyId, { [PP.col.value]: value });
  }
  return id;
}
