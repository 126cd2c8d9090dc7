/** The product-mapping grid's view-model types (plain data: no DOM, no platform). */
import type { Ref } from '../../../shared/dataset';

export type { Ref };

/** One Product Mapping (a distributor SKU of this provider) as loaded. */
export interface ProductRow {
  readonly id: string;
  readonly name: string;
  readonly sku: string;
  readonly microsoftOfferId?: string;
  readonly description?: string;
  /** The distributor's term (ISO 8601 duration as distributors write it: `P1M`, `P1Y`, `P3Y`). */
  readonly term?: string;
  /** Billing Cycle choice value. */
  readonly billingCycle?: number;
  /** Product Mapping Status choice value. */
  readonly status: number;
  readonly product?: Ref;
  readonly providerId?: string;
  /** The distributor's last unit price and cost, for prefilling a new product. */
  readonly lastUnitPrice?: number;
  readonly lastUnitCost?: number;
  readonly currencyCode?: string;
  /** When the row was created (ISO), to mark the SKUs new since the last sync. */
  readonly createdOn?: string;
  readonly searchKey: string;
}

export interface ProductEdit {
  readonly status: number;
  readonly product: Ref | null;
}

export type ProductEdits = ReadonlyMap<string, ProductEdit>;
