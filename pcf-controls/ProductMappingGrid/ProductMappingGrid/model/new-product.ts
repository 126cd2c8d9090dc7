/**
 * Creating a product from the distributor's SKU when none in the catalog fits: the form's starting
 * values (name from the distributor's description, Provider Part Number = the SKU, price and cost
 * from the distributor's last unit price and cost, and the SKU's term and billing cycle in the
 * description: the Product table has no column of its own for them), its validation, and the Web API
 * body. Dataverse
 * refuses a product without a unit group, a default unit and "decimals supported", so the form asks
 * for them rather than letting the create fail.
 */
import { bindPath } from '../../../shared/odata';
import {
  MAX_QUANTITY_DECIMALS,
  Product,
  PRODUCT_NAME_MAX,
  PRODUCT_NUMBER_MAX,
  Provider,
  TransactionCurrency,
  Uom,
  UomSchedule,
} from '../ManifestConstants';
import type { ProductRow } from './types';

export interface NewProductDraft {
  readonly name: string;
  readonly productNumber: string;
  readonly partNumber: string;
  /** Text as typed; '' for none. */
  readonly price: string;
  readonly cost: string;
  readonly unitGroupId: string;
  readonly unitId: string;
  readonly decimals: string;
  /** The product's description: the SKU's term and billing cycle, as the person may edit it. */
  readonly description: string;
}

export type DraftField = keyof NewProductDraft;
export type DraftProblem = 'required' | 'tooLong' | 'notANumber' | 'negative' | 'decimalsRange';

const amount = (v: number | undefined) => (v === undefined ? '' : String(v));

/** Dataverse's limit on a product's description. */
const DESCRIPTION_MAX = 2000;

/** The form's starting values for a mapping row; `terms` says the SKU's term and billing cycle in words. */
export function draftFor(row: ProductRow, terms: string): NewProductDraft {
  // The mapping's name is "<SKU>: <description>"; the description alone makes the better product name.
  const name = (
    row.description ?? row.name.replace(new RegExp(`^${row.sku.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s*`), '')
  ).trim();
  return {
    name: name.slice(0, PRODUCT_NAME_MAX),
    productNumber: row.sku.slice(0, PRODUCT_NUMBER_MAX),
    partNumber: row.sku,
    price: amount(row.lastUnitPrice),
    cost: amount(row.lastUnitCost),
    unitGroupId: '',
    unitId: '',
    decimals: '0',
    description: terms.slice(0, DESCRIPTION_MAX),
  };
}

function money(text: string): number | undefined | 'notANumber' | 'negative' {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return 'notANumber';
  return n < 0 ? 'negative' : n;
}

/** Problems per field; an empty object means the draft can be created. */
export function validateDraft(d: NewProductDraft): Partial<Record<DraftField, DraftProblem>> {
  const out: Partial<Record<DraftField, DraftProblem>> = {};
  if (!d.name.trim()) out.name = 'required';
  else if (d.name.trim().length > PRODUCT_NAME_MAX) out.name = 'tooLong';
  if (!d.productNumber.trim()) out.productNumber = 'required';
  else if (d.productNumber.trim().length > PRODUCT_NUMBER_MAX) out.productNumber = 'tooLong';
  if (!d.partNumber.trim()) out.partNumber = 'required';
  for (const f of ['price', 'cost'] as const) {
    const m = money(d[f]);
    if (m === 'notANumber' || m === 'negative') out[f] = m;
  }
  if (!d.unitGroupId) out.unitGroupId = 'required';
  if (!d.unitId) out.unitId = 'required';
  const decimals = Number(d.decimals);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_QUANTITY_DECIMALS) out.decimals = 'decimalsRange';
  if (d.description.length > DESCRIPTION_MAX) out.description = 'tooLong';
  return out;
}

/**
 * The create body. The product is this provider's (a distributor SKU means nothing to another
 * distributor) and, when the distributor's currency is a currency of the environment, priced in it.
 */
export function productBody(
  d: NewProductDraft,
  providerId: string | undefined,
  currencyId: string | undefined,
): ComponentFramework.WebApi.Entity {
  const P = Product;
  const body: ComponentFramework.WebApi.Entity = {
    [P.col.name]: d.name.trim(),
    [P.col.productNumber]: d.productNumber.trim(),
    [P.col.providerPartNumber]: d.partNumber.trim(),
    [P.col.quantityDecimal]: Number(d.decimals),
    [`${P.nav.defaultUomSchedule}@odata.bind`]: bindPath(UomSchedule.entitySetName, d.unitGroupId),
    [`${P.nav.defaultUom}@odata.bind`]: bindPath(Uom.entitySetName, d.unitId),
  };
  const price = money(d.price);
  const cost = money(d.cost);
  if (d.description.trim()) body[P.col.description] = d.description.trim();
  if (typeof price === 'number') body[P.col.price] = price;
  if (typeof cost === 'number') body[P.col.currentCost] = cost;
  if (providerId) body[`${P.nav.provider}@odata.bind`] = bindPath(Provider.entitySetName, providerId);
  if (currencyId) body[`${P.nav.currency}@odata.bind`] = bindPath(TransactionCurrency.entitySetName, currencyId);
  return body;
}
