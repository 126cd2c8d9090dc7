/** What the alert deciders take and give (no I/O). */
/** The members of the Alert Kind choice (solution/schema/tables/alerts.ts). */
export type AlertKindName =
  | 'CancellationWindowClosing'
  | 'RenewalWithoutAutoRenew'
  | 'UnmappedAccount'
  | 'UnmappedSku'
  | 'DistributorCostChange'
  | 'JobFailedTwice'
  | 'CredentialsExpiring';

/** One cause that needs a person. `key` names the cause, never when it was seen: it fires once. */
export interface AlertCause {
  kind: AlertKindName;
  key: string;
  providerId: string;
  /** The notification's title (one line). */
  title: string;
  /** What happened and what to do. */
  message: string;
  record?: { type: string; id: string; name: string };
}

/** A subscription as the alert deciders read it. */
export interface SubscriptionAlertFacts {
  id: string;
  name: string;
  active: boolean;
  quantity: number;
  autoRenew?: boolean;
  /** yyyy-mm-dd. */
  renewalDate?: string;
  termEndDate?: string;
  /** An instant (ISO 8601). */
  cancellationAllowedUntil?: string;
  /** When the License Change Log last recorded a seat increase (ISO 8601), if it did. */
  lastIncreaseOn?: string;
  lastIncreaseBy?: number;
}

export interface AccountAlertFacts {
  id: string;
  name: string;
  providerSpecificId: string;
  mapped: boolean;
  removedAtProvider: boolean;
}

export interface SkuAlertFacts {
  sku: string;
  mapped: boolean;
}

/** A distributor's cost for a SKU that differs from what the CRM holds (Reconcile's unit cost variances). */
export interface CostChangeFacts {
  sku: string;
  subscriptionId?: string;
  subscriptionName?: string;
  crmCost: number;
  distributorCost: number;
  currencyCode: string;
  invoiceNumber: string;
}

/** A job of the provider, newest first. */
export interface JobAlertFacts {
  id: string;
  name: string;
  operation: string;
  failed: boolean;
  errorCode?: string;
}

/** A credential whose end the service knows. */
export interface CredentialFacts {
  name: string;
  /** An instant (ISO 8601). */
  expiresOn: string;
}

export interface AlertSettings {
  /** A renewal without auto-renew alerts this many days ahead. Default 30. */
  renewalNoticeInDays: number;
  /** Credentials alert this many days before they end. Default 7. */
  credentialNoticeInDays: number;
  /** More alerts than this in one run go out as one digest notification. Default 5. */
  maxSingleNotifications: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  renewalNoticeInDays: 30,
  credentialNoticeInDays: 7,
  maxSingleNotifications: 5,
};
