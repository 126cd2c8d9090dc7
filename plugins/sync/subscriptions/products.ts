/**
 * Product resolution: a distributor SKU resolves to a CRM product through a Product Mapping a person
 * made, or else through the product whose Provider Part Number equals the SKU (a product of this
 * provider first, then one for any provider). Each SKU seen gets one Product Mapping row: Mapped when it
 * resolved, Not Mapped (with the distributor's description) for a person to map once, for every customer.
 */
import { Choices, Tables } from '../../../solution/schema';
import { diff } from '../../dataverse/diff';
import { bind, createRow, updateRow, type WriteIntent } from '../../dataverse/intents';
import type { DistributorSubscription } from '../../providers/types';
import { stableId } from '../ids';
import type { CatalogProduct, ProductMappingRow, ReferenceData } from './reference';

const PM = Tables.productMapping;

export type ProductResolution =
  | { kind: 'mapping' | 'partnumber'; product: CatalogProduct }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: CatalogProduct[] };

export function resolveProduct(sku: string, ref: ReferenceData, providerId: string): ProductResolution {
  const mapping = ref.mappingsBySku.get(sku);
  if (mapping?.mapped && mapping.productId) {
    const product = ref.productsById.get(mapping.productId);
    if (product) return { kind: 'mapping', product };
  }
  const candidates = ref.productsByPartNumber.get(sku) ?? [];
  const own = candidates.filter((p) => p.providerId === providerId);
  const pool = own.length ? own : candidates;
  if (pool.length === 1) return { kind: 'partnumber', product: pool[0] };
  if (pool.length > 1) return { kind: 'ambiguous', candidates: pool };
  return { kind: 'none' };
}

export interface SkuSeen {
  sku: string;
  description: string;
  microsoftOfferId?: string;
  term?: string;
  billingCycle?: number;
  unitPrice?: number;
  unitCost?: number;
  currencyCode?: string;
  subscriptions: number;
  resolution: ProductResolution;
}

export function recordSku(
  seen: Map<string, SkuSeen>,
  sub: DistributorSubscription,
  resolution: ProductResolution,
  billingCycle?: number,
): void {
  const s = seen.get(sub.sku);
  if (s) {
    s.subscriptions++;
    return;
  }
  seen.set(sub.sku, {
    sku: sub.sku,
    description: sub.description,
    microsoftOfferId: sub.microsoftOfferId,
    term: sub.term,
    billingCycle,
    unitPrice: sub.unitPrice,
    unitCost: sub.unitCost,
    currencyCode: sub.currencyCode,
    subscriptions: 1,
    resolution,
  });
}

/** A Product Mapping write: its own unit of work, named by the SKU it is for. */
export interface ProductMappingWrite {
  sku: string;
  intent: WriteIntent;
}

/** The Product Mapping writes for the SKUs seen: creates for new SKUs, updates where something changed. */
export function planProductMappings(
  providerId: string,
  seen: Iterable<SkuSeen>,
  ref: ReferenceData,
): ProductMappingWrite[] {
  const writes: ProductMappingWrite[] = [];
  for (const s of seen) {
    const existing = ref.mappingsBySku.get(s.sku);
    const intent = existing ? refreshMapping(s, existing) : newMapping(providerId, s);
    if (intent) writes.push({ sku: s.sku, intent });
  }
  return writes;
}

function resolvedProduct(s: SkuSeen) {
  return s.resolution.kind === 'mapping' || s.resolution.kind === 'partnumber' ? s.resolution.product : undefined;
}

function newMapping(providerId: string, s: SkuSeen): WriteIntent {
  const resolved = resolvedProduct(s);
  return createRow(PM, {
    values: {
      [PM.col.id]: stableId('productmapping', providerId, s.sku),
      [PM.col.providerSku]: s.sku,
      [PM.col.mappingStatus]: resolved ? Choices.productMappingStatus.Mapped : Choices.productMappingStatus.NotMapped,
      [PM.col.name]: `${s.sku}: ${s.description}`.slice(0, 400),
      [PM.col.description]: s.description.slice(0, 500),
      [PM.col.microsoftOfferId]: s.microsoftOfferId,
      [PM.col.term]: s.term,
      [PM.col.billingCycle]: s.billingCycle,
      [PM.col.lastUnitPrice]: s.unitPrice,
      [PM.col.lastUnitCost]: s.unitCost,
      [PM.col.currencyCode]: s.currencyCode,
    },
    lookups: {
      [PM.col.provider]: bind(Tables.provider, providerId),
      [PM.col.product]: resolved ? bind(Tables.product, resolved.id) : undefined,
    },
  });
}

/**
 * A Not Mapped row whose SKU now matches a product's Provider Part Number becomes Mapped; a row a
 * person mapped is never changed here. Only the distributor's facts are refreshed.
 */
function refreshMapping(s: SkuSeen, existing: ProductMappingRow): WriteIntent | undefined {
  const resolved = existing.mapped ? undefined : resolvedProduct(s);
  const current = {
    [PM.col.description]: existing.description,
    [PM.col.microsoftOfferId]: existing.microsoftOfferId,
    [PM.col.mappingStatus]: existing.mapped
      ? Choices.productMappingStatus.Mapped
      : Choices.productMappingStatus.NotMapped,
    [`_${PM.col.product}_value`]: existing.productId,
  };
  const changes = diff(PM, current, {
    values: {
      [PM.col.description]: s.description.slice(0, 500),
      [PM.col.microsoftOfferId]: s.microsoftOfferId,
      [PM.col.mappingStatus]: resolved ? Choices.productMappingStatus.Mapped : undefined,
    },
    lookups: { [PM.col.product]: resolved ? bind(Tables.product, resolved.id) : undefined },
  });
  return changes ? updateRow(PM, existing.id, changes) : undefined;
}
