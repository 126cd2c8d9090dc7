/**
 * Every name the product-mapping control uses: the manifest's dataset, the columns it reads (from
 * the names module generated from solution/schema) and its own tuning numbers (the ones both grids
 * use are in shared/tuning.ts).
 */
import { ProductMapping } from '../../shared/generated/names';

export {
  BillingCycle,
  Product,
  ProductMapping,
  ProductMappingStatus,
  Provider,
  Subscription,
  SyncOperation,
  TransactionCurrency,
  Uom,
  UomSchedule,
} from '../../shared/generated/names';

/** `<data-set name=...>` in ControlManifest.Input.xml. */
export const DATASET = 'productMappings';

const PM = ProductMapping.col;

export const DATASET_COLUMNS: readonly string[] = [
  PM.name,
  PM.provider,
  PM.providerSku,
  PM.microsoftOfferId,
  PM.description,
  PM.product,
  PM.mappingStatus,
  PM.term,
  PM.billingCycle,
  PM.lastUnitPrice,
  PM.lastUnitCost,
  PM.currencyCode,
  PM.createdOn,
];

/** Control height when the platform gives none (allocatedHeight -1 on a form section). */
export const DEFAULT_HEIGHT_IN_PX = 600;
/** Dataverse's limits on a product's name and product number (Product ID). */
export const PRODUCT_NAME_MAX = 100;
export const PRODUCT_NUMBER_MAX = 100;
/** "Decimals Supported" on a product: 0 to 5. */
export const MAX_QUANTITY_DECIMALS = 5;
/** Retired products (statecode 1) are not offered; Draft and Active are (the sync resolves both). */
export const RETIRED_PRODUCT_STATE = 1;
