/** Dataset records and Web API entities -> ProductRow, and the grid's order (Not Mapped first). */
import { lookupOf, numberOf, stringOf, type DatasetRecord } from '../../../shared/dataset';
import { entityNumber as num, entityString as str, FORMATTED, type Entity } from '../../../shared/entity';
import { normaliseGuid } from '../../../shared/odata';
import { searchKey } from '../../../shared/text';
import { ProductMapping, ProductMappingStatus } from '../ManifestConstants';
import type { ProductRow } from './types';

const PM = ProductMapping.col;

function build(fields: Omit<ProductRow, 'searchKey'>): ProductRow {
  return {
    ...fields,
    searchKey: searchKey(fields.sku, fields.name, fields.description, fields.microsoftOfferId, fields.product?.name),
  };
}

export function rowFromRecord(record: DatasetRecord): ProductRow {
  return build({
    id: normaliseGuid(record.getRecordId()),
    name: stringOf(record, PM.name) ?? '',
    sku: stringOf(record, PM.providerSku) ?? '',
    microsoftOfferId: stringOf(record, PM.microsoftOfferId),
    description: stringOf(record, PM.description),
    term: stringOf(record, PM.term),
    billingCycle: numberOf(record, PM.billingCycle),
    status: numberOf(record, PM.mappingStatus) ?? ProductMappingStatus.NotMapped,
    product: lookupOf(record, PM.product),
    providerId: lookupOf(record, PM.provider)?.id,
    lastUnitPrice: numberOf(record, PM.lastUnitPrice),
    lastUnitCost: numberOf(record, PM.lastUnitCost),
    currencyCode: stringOf(record, PM.currencyCode),
    createdOn: stringOf(record, PM.createdOn),
  });
}

export function rowFromEntity(e: Entity): ProductRow {
  const V = ProductMapping.val;
  const productId = str(e[V.product]);
  const providerId = str(e[V.provider]);
  return build({
    id: normaliseGuid(String(e[PM.id] ?? '')),
    name: str(e[PM.name]) ?? '',
    sku: str(e[PM.providerSku]) ?? '',
    microsoftOfferId: str(e[PM.microsoftOfferId]),
    description: str(e[PM.description]),
    term: str(e[PM.term]),
    billingCycle: num(e[PM.billingCycle]),
    status: num(e[PM.mappingStatus]) ?? ProductMappingStatus.NotMapped,
    product: productId ? { id: normaliseGuid(productId), name: str(e[`${V.product}${FORMATTED}`]) ?? '' } : undefined,
    providerId: providerId ? normaliseGuid(providerId) : undefined,
    lastUnitPrice: num(e[PM.lastUnitPrice]),
    lastUnitCost: num(e[PM.lastUnitCost]),
    currencyCode: str(e[PM.currencyCode]),
    createdOn: str(e[PM.createdOn]),
  });
}

export const ENTITY_SELECT: readonly string[] = [
  PM.id,
  PM.name,
  PM.providerSku,
  PM.microsoftOfferId,
  PM.description,
  PM.term,
  PM.mappingStatus,
  ProductMapping.val.product,
  ProductMapping.val.provider,
  PM.lastUnitPrice,
  PM.lastUnitCost,
  PM.currencyCode,
  PM.billingCycle,
  PM.createdOn,
];

/**
 * Not Mapped first (the work to do), then by SKU. Sorted once on load, by the status as loaded, so
 * that a row a person has just mapped stays where it is instead of jumping away from their focus.
 */
export function sortNotMappedFirst(rows: readonly ProductRow[]): ProductRow[] {
  const rank = (r: ProductRow) => (r.status === ProductMappingStatus.NotMapped ? 0 : 1);
  return [...rows].sort(
    (a, b) => rank(a) - rank(b) || a.sku.localeCompare(b.sku, undefined, { numeric: true }) || a.id.localeCompare(b.id),
  );
}
