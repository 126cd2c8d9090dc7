/**
 * The connector interface: what every distributor connector (TechData StreamOne, StreamOne Ion, Dicker
 * Data, ...) declares and implements. Connectors parse the distributor's wire format into these types
 * and never see Dataverse; the sync engine sees only these types and never sees HTTP.
 */
import type { Logger } from '../shared/logger';
import type { HttpClient } from '../shared/http';
import type { Redactor } from '../shared/redact';

/** Where a declared value lives on the Provider row. */
export type PropertySource = 'userName' | 'password' | 'endpointUrl' | 'property';

export interface ConnectorPropertyDecl {
  /** For `property`: the Additional Property name as stored (e.g. "TechData SOIN"). */
  name: string;
  /** Label the Provider form shows ("Client ID" for the user name of TechData). */
  label: string;
  source: PropertySource;
  required: boolean;
  /** Secret values never leave the service: not logged, not echoed, not sent to the browser. */
  secret: boolean;
  description: string;
  /** Example value shown as a hint (never a real credential). */
  example?: string;
  /** Returns a message saying what is wrong with `value`, or undefined when it is fine. */
  validate?: (value: string) => string | undefined;
}

/** The provider row and its additional properties, as a connector receives them. */
export interface ProviderConfig {
  providerId: string;
  name: string;
  internalName: string;
  userName?: string;
  /** The secret (client secret / access token). Held in memory only as long as a job needs it. */
  password?: string;
  endpointUrl?: string;
  /** Additional properties by name. */
  properties: Readonly<Record<string, string>>;
}

export interface ConfigProblem {
  /** The declared property's label, so the message says which field is wrong. */
  field: string;
  code: 'PROVIDER_PROPERTY_MISSING' | 'PROVIDER_PROPERTY_INVALID';
  message: string;
}

/** Outcomes of Verify Connectivity: a fixed set, each with a stable code. */
export const VerifyOutcomes = {
  Verified: 'VERIFIED',
  PropertyMissing: 'PROVIDER_PROPERTY_MISSING',
  PropertyInvalid: 'PROVIDER_PROPERTY_INVALID',
  CredentialsRejected: 'PROVIDER_CREDENTIALS_REJECTED',
  AccountRejected: 'PROVIDER_ACCOUNT_REJECTED',
  Unreachable: 'PROVIDER_UNREACHABLE',
  TlsFailure: 'PROVIDER_TLS_FAILURE',
  DistributorError: 'PROVIDER_DISTRIBUTOR_ERROR',
  Timeout: 'PROVIDER_TIMEOUT',
  UrlBlocked: 'PROVIDER_URL_BLOCKED',
  ResponseTooLarge: 'PROVIDER_RESPONSE_TOO_LARGE',
} as const;
export type VerifyOutcomeCode = (typeof VerifyOutcomes)[keyof typeof VerifyOutcomes];

export interface VerifyResult {
  outcome: VerifyOutcomeCode;
  /** What the user should do, in plain words. Never contains a secret. */
  message: string;
  /** The step that failed or passed last: properties, token, read. */
  step: 'properties' | 'token' | 'read';
}

export interface DistributorCustomer {
  /** The distributor's id of the customer (provider-specific id). */
  providerSpecificId: string;
  name: string;
  tenantId?: string;
  primaryDomain?: string;
  email?: string;
  /** The distributor's own status text, as received. */
  status?: string;
}

export type SubscriptionStatusName = 'active' | 'suspended' | 'cancelled' | 'expired' | 'pending';
export type BillingCycleName = 'monthly' | 'annual' | 'triennial' | 'onetime' | 'none';

export interface DistributorSubscription {
  providerSubscriptionId: string;
  /** providerSpecificId of the customer it belongs to. */
  customerId: string;
  microsoftSubscriptionId?: string;
  /** The distributor SKU / stock code: the product's Provider Part Number. */
  sku: string;
  /** Microsoft product and SKU, e.g. CFQ7TTC0LCHC:0002, where the distributor tells it. */
  microsoftOfferId?: string;
  description: string;
  quantity: number;
  status: SubscriptionStatusName;
  billingCycle?: BillingCycleName;
  /** ISO 8601 duration: P1M, P1Y, P3Y. */
  term?: string;
  /** ISO dates (yyyy-mm-dd). */
  startDate?: string;
  endDate?: string;
  renewalDate?: string;
  autoRenew?: boolean;
  unitPrice?: number;
  unitCost?: number;
  currencyCode?: string;
  // NCE commitment facts (issue 17): set only from what the distributor states, never computed.
  /** Last day of the current commitment term, inclusive (yyyy-mm-dd). */
  termEndDate?: string;
  /** End of the cancellation window, an instant (ISO 8601 UTC, e.g. Ion's cancellationAllowedUntilDate). */
  cancellationAllowedUntil?: string;
  /** Seats that can still be reduced with a refund. */
  refundableQuantity?: number;
  /** Changes the distributor has scheduled for the renewal. */
  scheduledChanges?: ScheduledChange[];
}

/** A change scheduled for a subscription's renewal (Partner Center's "scheduled changes"). */
export interface ScheduledChange {
  /** yyyy-mm-dd the change takes effect (the renewal date). */
  effectiveDate?: string;
  quantity?: number;
  sku?: string;
  /** ISO 8601 duration: P1M, P1Y, P3Y. */
  term?: string;
  billingCycle?: BillingCycleName;
}

/** What an invoice line charges for. */
export type InvoiceChargeType = 'recurring' | 'proration' | 'oneoff' | 'usage';
export type InvoiceSourceName = 'ionReport' | 'dickerFeed' | 'file';

/**
 * One charge of a distributor invoice, as the distributor billed it. Prices are per unit for a full
 * billing period; `amount` is what the line charges (quantity x unit cost, prorated for a part period,
 * negative for a credit).
 */
export interface DistributorInvoiceLine {
  /** 1-based position on the invoice: with the invoice, the line's key. */
  lineNumber: number;
  /** providerSpecificId of the customer the line bills for. */
  customerId: string;
  providerSubscriptionId?: string;
  /** The distributor SKU / stock code, as on the subscriptions (the product's Provider Part Number). */
  sku: string;
  description: string;
  /** Negative for a credit (a reduction part-way through the period). */
  quantity: number;
  unitPrice?: number;
  unitCost: number;
  amount: number;
  chargeType: InvoiceChargeType;
  /** yyyy-mm-dd, inclusive. */
  periodStart: string;
  periodEnd: string;
  /** Only when the line states its own currency. */
  currencyCode?: string;
}

/** One distributor invoice for one billing period. */
export interface DistributorInvoice {
  number: string;
  /** yyyy-mm-dd. */
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  currencyCode: string;
  /** The total the distributor states; undefined when it states none (the lines' sum is the total). */
  statedTotal?: number;
  source: InvoiceSourceName;
  lines: DistributorInvoiceLine[];
}

/** An invoice as read, with the lines that could not be understood (reported, and left out of `lines`). */
export interface InvoiceRead {
  invoice: DistributorInvoice;
  problems: RecordProblem[];
}

export interface InvoiceListOptions extends ListOptions {
  /** The billing period wanted, yyyy-mm-dd, inclusive. */
  periodStart: string;
  periodEnd: string;
}

/** A distributor record that could not be understood: reported on the job and skipped. */
export interface RecordProblem {
  code: 'RECORD_MALFORMED';
  /** The record's own id (subscription or customer id) when it could be read despite the fault. */
  id?: string;
  /** What the record is, as far as it could be read ("subscription 2293353"). */
  record: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: RecordProblem };

export interface ListOptions {
  signal?: AbortSignal;
}

export interface SubscriptionListOptions extends ListOptions {
  /** Only this customer's subscriptions (providerSpecificId). */
  customerId?: string;
}

/** Token state persisted in Dataverse (secured) for connectors with rotating refresh tokens. */
export interface TokenStore {
  /** Run `fn` holding the provider's refresh lease; see the Ion connector for the protocol. */
  withLease<T>(providerId: string, fn: (state: TokenStateAccess) => Promise<T>, signal?: AbortSignal): Promise<T>;
}
export interface TokenStateAccess {
  read(): Promise<string | undefined>;
  /** Must complete (durably) before the new access token is used. */
  write(state: string): Promise<void>;
}

export interface ConnectorDeps {
  http: HttpClient;
  logger: Logger;
  /** Connectors register every secret they see or receive (tokens) here. */
  redactor: Redactor;
  now?: () => Date;
  tokenStore?: TokenStore;
}

export interface ProviderConnector {
  readonly internalName: string;
  readonly displayName: string;
  readonly properties: readonly ConnectorPropertyDecl[];
  readonly canCreateCustomers: boolean;
  /** Check the declared properties of `config`; an empty list means they are fine. */
  validateConfig(config: ProviderConfig): ConfigProblem[];
  /** Properties first, then a token, then one cheap read. Never throws for an expected failure. */
  verifyConnectivity(config: ProviderConfig, options?: ListOptions): Promise<VerifyResult>;
  /** Every customer. Throws (W365Error) when the listing cannot be completed. */
  listCustomers(config: ProviderConfig, options?: ListOptions): AsyncIterable<Parsed<DistributorCustomer>>;
  listSubscriptions(
    config: ProviderConfig,
    options?: SubscriptionListOptions,
  ): AsyncIterable<Parsed<DistributorSubscription>>;
  /** Connectors that cannot create customers throw PROVIDER_OPERATION_NOT_SUPPORTED with a message saying so. */
  createCustomer(
    config: ProviderConfig,
    customer: Omit<DistributorCustomer, 'providerSpecificId'>,
  ): Promise<DistributorCustomer>;
  /**
   * The distributor's invoices for a billing period, for connectors whose distributor has them (absent
   * otherwise: invoices then come from a file). Throws (W365Error) when they cannot be read completely.
   */
  readInvoices?(config: ProviderConfig, options: InvoiceListOptions): Promise<InvoiceRead[]>;
}

export type ConnectorFactory = (deps: ConnectorDeps) => ProviderConnector;
