/** The product-mapping grid's view-model types (plain data: no DOM, no platform). */
import type { Ref } from '../../../shared/dataset';
import type { GridFilter } from '../../../shared/mapping-rules';

export type { Ref };

/** One Product Mapping (a distributor SKU of this provider) as loaded. */
export interface MappingRow {
  readonly id: string;
  readonly name: string;
  readonly sku: string;
  readonly microsoftOfferId?: string;
  readonly description?: string;
  readonly term?: string;
  /** Product Mapping Status choice value. */
  readonly status: number;
  readonly product?: Ref;
  readonly providerId?: string;
  /** The distributor's last unit price and cost, for prefilling a new product. */
  readonly lastUnitPrice?: number;
  readonly lastUnitCost?: number;
  readonly currencyCode?: string;
  readonly searchKey: string;
}

export interface ProductEdit {
  readonly status: number;
  readonly product: Ref | null;
}

export type ProductEdits = ReadonlyMap<string, ProductEdit>;

export type ProductFilter = GridFilter;
