/**
 * What the pure reconciliation reads and what it finds. The facts are plain data the Reconcile job
 * reads from Dataverse (phase 2) or a benchmark generates; nothing here knows Dataverse or HTTP.
 */
import type { BillingCycleName, DistributorInvoiceLine, SubscriptionStatusName } from '../../providers/types';

/** The invoice being reconciled, with its lines. Dates are yyyy-mm-dd, inclusive. */
export interface InvoiceFacts {
  /** Row id of the Distributor Invoice (variances refer to it). */
  id: string;
  providerId: string;
  number: string;
  currencyCode: string;
  periodStart: string;
  periodEnd: string;
  lines: readonly InvoiceLineFacts[];
}

export interface InvoiceLineFacts extends DistributorInvoiceLine {
  /** Row id of the Invoice Line, when it is in Dataverse. */
  id?: string;
}

export interface ProviderAccountFacts {
  /** Row id of the Provider Account. */
  id: string;
  /** The distributor's id of the customer: what invoice lines name. */
  providerSpecificId: string;
  /** The mapped CRM account; undefined while unmapped. */
  accountId?: string;
  name?: string;
}

export interface SubscriptionFacts {
  id: string;
  providerSubscriptionId?: string;
  providerAccountId?: string;
  /** The distributor SKU (Provider Part Number). */
  sku: string;
  quantity: number;
  status: SubscriptionStatusName;
  /** What the customer is billed per unit for a full period. */
  unitPrice?: number;
  /** What the partner expects to pay the distributor per unit for a full period. */
  unitCost?: number;
  billingContractId?: string;
  /** The subscription's own currency, when it has one. */
  currencyCode?: string;
  startDate?: string;
  endDate?: string;
  /**
   * How the distributor bills it. An annual or triennial subscription is paid up front: charged in full
   * only in the period its term starts (or renews), and in other periods only for its changes of seats.
   * Undefined counts as monthly.
   */
  billingCycle?: BillingCycleName;
}

export type LicenseChangeName = 'create' | 'increase' | 'decrease' | 'suspend' | 'reactivate' | 'priceChange';

/** One License Change Log entry of a subscription. */
export interface LicenseChangeFacts {
  subscriptionId: string;
  /** ISO date or date-time; the change counts from that day. */
  effectiveDate: string;
  changeType: LicenseChangeName;
  quantityDelta: number;
  quantityAfter: number;
}

/** The catalogue as mapped for the provider: SKU -> CRM product, list price and expected cost. */
export interface CatalogFacts {
  sku: string;
  /** Undefined while the SKU is not mapped to a product. */
  productId?: string;
  unitPrice?: number;
  unitCost?: number;
}

export interface BillingContractFacts {
  id: string;
  currencyCode?: string;
  startDate?: string;
  endDate?: string;
}

/**
 * Differences within either bound are rounding, not variances: an amount at stake of at most
 * `amount` (invoice currency), or of at most `percent` per cent of what the CRM expected.
 */
export interface Tolerance {
  amount: number;
  percent: number;
}

export interface ReconcileInput {
  invoice: InvoiceFacts;
  providerAccounts: readonly ProviderAccountFacts[];
  subscriptions: readonly SubscriptionFacts[];
  /** The subscriptions' License Change Log entries (all of them, or at least those up to the period's end). */
  licenseChanges: readonly LicenseChangeFacts[];
  catalog: readonly CatalogFacts[];
  billingContracts: readonly BillingContractFacts[];
  tolerance: Tolerance;
}

export const VARIANCE_TYPES = [
  'quantity',
  'unitCost',
  'priceBelowCost',
  'missingInCrm',
  'missingOnInvoice',
  'unmappedSku',
  'unmappedAccount',
  'currencyMismatch',
  'duplicateLine',
  'invoiceEmpty',
  'customerNoLines',
] as const;
export type VarianceTypeName = (typeof VARIANCE_TYPES)[number];

/** One finding. `expected` is the CRM's side, `actual` the invoice's. */
export interface Variance {
  type: VarianceTypeName;
  /** Stable: derived from what the variance is about, never from its values. */
  key: string;
  /** One sentence for the person reviewing it. */
  detail: string;
  expected?: number;
  actual?: number;
  /** In the invoice currency; positive when the invoice charges more than the CRM expects. */
  amountAtStake: number;
  currencyCode: string;
  /** The invoice lines it is about (line numbers), first one first. */
  lineNumbers: number[];
  /** Row id of the first of those lines, when known. */
  lineId?: string;
  subscriptionId?: string;
  providerAccountId?: string;
  /** The distributor's customer id. */
  customerId?: string;
  sku?: string;
}

export interface ReconcileStats {
  lines: number;
  /** Lines that were compared with a subscription (by id, quantity or as a pool). */
  matchedLines: number;
  subscriptionsCompared: number;
  byType: Record<VarianceTypeName, number>;
}

export interface ReconcileResult {
  variances: Variance[];
  stats: ReconcileStats;
}
