/**
 * Security roles and field security profiles. The provider's secret column (and the rotating token
 * state) are field-secured: only a user in a profile granting read can ever read them, whatever their
 * role. The Work 365 User role can read providers and start syncs but is in no profile, so the
 * browser never receives a secret.
 */
import { billingContract, providerAccount } from './tables/accounts';
import { syncJob, syncJobItem } from './tables/jobs';
import { productMapping } from './tables/products';
import { provider, providerProperty } from './tables/provider';
import { alert } from './tables/alerts';
import { distributorInvoice, invoiceLine } from './tables/invoices';
import { account, product, transactionCurrency, uom, uomSchedule } from './tables/standard';
import { variance } from './tables/variances';
import { licenseChangeLog, subscription } from './tables/subscriptions';

export type PrivilegeVerb = 'Create' | 'Read' | 'Write' | 'Delete' | 'Append' | 'AppendTo';
/** Dataverse privilege depth; our tables are organization-owned, so Global is the only meaningful depth. */
export type PrivilegeDepth = 'Basic' | 'Local' | 'Deep' | 'Global';

export interface TablePrivileges {
  table: string;
  verbs: readonly PrivilegeVerb[];
  depth: PrivilegeDepth;
}

/** A platform privilege by its name (`prvReadSystemForm`), for what every app user needs besides our tables. */
export interface PlatformPrivilege {
  name: string;
  depth: PrivilegeDepth;
}

export interface RoleDef {
  name: string;
  /** Stable key used to derive the role's GUID. */
  key: string;
  description: string;
  privileges: readonly TablePrivileges[];
  /** Privileges on platform tables (forms, views, the app, user settings) a person needs to open the app. */
  platformPrivileges?: readonly PlatformPrivilege[];
}

export interface FieldPermissionDef {
  table: string;
  column: string;
  canRead: boolean;
  canCreate: boolean;
  canUpdate: boolean;
}

export interface FieldSecurityProfileDef {
  name: string;
  key: string;
  description: string;
  permissions: readonly FieldPermissionDef[];
}

const ALL: readonly PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo'];
/** Nothing we write is ever deleted, so the service holds no Delete privilege at all. */
const NO_DELETE: readonly PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Append', 'AppendTo'];
const READ: readonly PrivilegeVerb[] = ['Read', 'AppendTo'];
const g = (table: { logicalName: string }, verbs: readonly PrivilegeVerb[]): TablePrivileges => ({
  table: table.logicalName,
  verbs,
  depth: 'Global',
});

/**
 * What a person needs, besides our tables, to open a model-driven app and use its forms and views: read
 * the app, its forms, views, web resources and the metadata, keep personal views and settings. Names
 * and depths as the roles of a 2026 CrmLive export carry them [C] (Apollo: every role starts from these);
 * that this subset suffices without Microsoft's Basic User is [I], so the README still names Basic User.
 */
const g2 = (name: string): PlatformPrivilege => ({ name, depth: 'Global' });
const basic = (name: string): PlatformPrivilege => ({ name, depth: 'Basic' });
const local = (name: string): PlatformPrivilege => ({ name, depth: 'Local' });
export const APP_USER_PRIVILEGES: readonly PlatformPrivilege[] = [
  g2('prvReadAppModule'),
  g2('prvReadSystemForm'),
  g2('prvReadQuery'),
  g2('prvReadWebResource'),
  g2('prvReadCustomization'),
  g2('prvReadEntity'),
  g2('prvReadAttribute'),
  g2('prvReadRelationship'),
  g2('prvReadOrganization'),
  g2('prvReadBusinessUnit'),
  g2('prvReadUser'),
  g2('prvReadTeam'),
  local('prvReadRole'),
  g2('prvReadPluginAssembly'),
  g2('prvReadPluginType'),
  g2('prvReadSdkMessage'),
  g2('prvReadSdkMessageProcessingStep'),
  g2('prvReadSdkMessageProcessingStepImage'),
  g2('prvReadUserSettings'),
  local('prvWriteUserSettings'),
  basic('prvCreateUserQuery'),
  basic('prvReadUserQuery'),
  basic('prvWriteUserQuery'),
  basic('prvDeleteUserQuery'),
  basic('prvCreateUserEntityUISettings'),
  basic('prvReadUserEntityUISettings'),
  basic('prvWriteUserEntityUISettings'),
];

/**
 * Issue 17: notes carry invoice files (a note's privileges are named after "Note", not its table name
 * annotation [C]: prvCreateNote, prvReadNote, prvAppendNote); the service reads them, reads users (the
 * Alert Recipients) and sends in-app notifications (prvCreateAppNotification [I]: the name follows the
 * table's SchemaName, AppNotification).
 */
export const INVOICE_FILE_PRIVILEGES: readonly PlatformPrivilege[] = [
  g2('prvCreateNote'),
  g2('prvReadNote'),
  g2('prvAppendNote'),
];
const SERVICE_NOTIFY_PRIVILEGES: readonly PlatformPrivilege[] = [
  g2('prvReadNote'),
  g2('prvReadUser'),
  g2('prvCreateAppNotification'),
];

export const syncServiceRole: RoleDef = {
  name: 'Work 365 Sync Service',
  key: 'role.syncservice',
  description:
    'For the sync service application user: reads providers, writes accounts, subscriptions, logs and jobs. Never deletes.',
  platformPrivileges: SERVICE_NOTIFY_PRIVILEGES,
  privileges: [
    g(provider, ['Read', 'Write', 'Append', 'AppendTo']),
    g(providerProperty, READ),
    g(providerAccount, NO_DELETE),
    g(billingContract, ['Read', 'AppendTo']),
    g(productMapping, NO_DELETE),
    g(subscription, NO_DELETE),
    g(licenseChangeLog, NO_DELETE),
    g(syncJob, NO_DELETE),
    g(syncJobItem, NO_DELETE),
    // Issue 17: invoices, their variances and alerts; it reads the invoice file (a note) and notifies.
    g(distributorInvoice, NO_DELETE),
    g(invoiceLine, NO_DELETE),
    g(variance, NO_DELETE),
    g(alert, NO_DELETE),
    g(account, ['Read', 'AppendTo']),
    g(product, ['Read', 'AppendTo']),
    g(transactionCurrency, READ),
    g(uom, READ),
    g(uomSchedule, READ),
  ],
};

export const administratorRole: RoleDef = {
  name: 'Work 365 Administrator',
  key: 'role.administrator',
  description: 'Sets up providers and credentials, maps accounts and products, runs every operation.',
  platformPrivileges: [...APP_USER_PRIVILEGES, ...INVOICE_FILE_PRIVILEGES],
  privileges: [
    g(provider, ALL),
    g(providerProperty, ALL),
    g(providerAccount, NO_DELETE),
    g(billingContract, ALL),
    g(productMapping, NO_DELETE),
    g(subscription, NO_DELETE),
    g(licenseChangeLog, NO_DELETE),
    g(syncJob, NO_DELETE),
    g(syncJobItem, ['Read', 'AppendTo']),
    // Issue 17: never delete an invoice (deactivate it); review variances; upload invoice files as notes.
    g(distributorInvoice, ['Read', 'Write', 'Append', 'AppendTo']),
    g(invoiceLine, READ),
    g(variance, ['Read', 'Write', 'Append', 'AppendTo']),
    g(alert, READ),
    g(account, ['Read', 'Append', 'AppendTo']),
    g(product, ['Create', 'Read', 'Write', 'Append', 'AppendTo']),
    g(transactionCurrency, READ),
    g(uom, READ),
    g(uomSchedule, READ),
  ],
};

export const userRole: RoleDef = {
  name: 'Work 365 User',
  key: 'role.user',
  description: 'Reads providers and starts syncs; maps accounts and products. Can never read a provider secret.',
  platformPrivileges: [...APP_USER_PRIVILEGES, ...INVOICE_FILE_PRIVILEGES],
  privileges: [
    g(provider, ['Read', 'Append', 'AppendTo']),
    g(providerProperty, READ),
    g(providerAccount, ['Read', 'Write', 'Append', 'AppendTo']),
    g(billingContract, ['Create', 'Read', 'Write', 'Append', 'AppendTo']),
    g(productMapping, ['Read', 'Write', 'Append', 'AppendTo']),
    g(subscription, ['Read', 'Write', 'Append', 'AppendTo']),
    g(licenseChangeLog, ['Create', 'Read', 'Append', 'AppendTo']),
    g(syncJob, ['Create', 'Read', 'Append', 'AppendTo']),
    g(syncJobItem, READ),
    // Issue 17: read invoices, review (accept) variances, upload invoice files as notes.
    g(distributorInvoice, READ),
    g(invoiceLine, READ),
    g(variance, ['Read', 'Write', 'AppendTo']),
    g(alert, READ),
    g(account, ['Read', 'AppendTo']),
    g(product, ['Create', 'Read', 'Append', 'AppendTo']),
    g(transactionCurrency, READ),
    g(uom, READ),
    g(uomSchedule, READ),
  ],
};

export const ROLES: readonly RoleDef[] = [syncServiceRole, administratorRole, userRole];

const securedColumns = () =>
  [provider].flatMap((t) =>
    t.columns.filter((c) => c.secured).map((c) => ({ table: t.logicalName, column: c.logicalName })),
  );

export const syncServiceSecretsProfile: FieldSecurityProfileDef = {
  name: 'Work 365 Sync Service Secrets',
  key: 'fsp.syncservice',
  description: 'Add the sync service application user here: it reads the secret and stores rotated tokens.',
  permissions: securedColumns().map((c) => ({ ...c, canRead: true, canCreate: true, canUpdate: true })),
};

export const administratorSecretsProfile: FieldSecurityProfileDef = {
  name: 'Work 365 Administrator Secrets',
  key: 'fsp.administrator',
  description: 'Add Work 365 administrators here: they can enter and replace secrets but never read them back.',
  permissions: securedColumns().map((c) => ({ ...c, canRead: false, canCreate: true, canUpdate: true })),
};

export const FIELD_SECURITY_PROFILES: readonly FieldSecurityProfileDef[] = [
  syncServiceSecretsProfile,
  administratorSecretsProfile,
];
