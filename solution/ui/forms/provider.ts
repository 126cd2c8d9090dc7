/**
 * Provider and Provider Account main forms. The Provider form is where a partner sets up a
 * distributor connection and runs its syncs (product.md flows 1 to 4): credentials, the connector's
 * additional properties, its provider accounts (the account-mapping grid once issue 8 builds it), its
 * product mappings and the jobs that ran for it.
 */
import { Tables } from '../../schema';
import type { FormDef } from '../types';
import { field, readOnly, section, subgrid, tab } from './helpers';

const p = Tables.provider.col;
const pa = Tables.providerAccount.col;

export const providerForm: FormDef = {
  key: `${Tables.provider.logicalName}.main`,
  table: Tables.provider,
  name: 'Provider',
  description: 'Distributor connection: credentials, additional properties, provider accounts and sync jobs.',
  header: [p.providerType, p.connectivityStatus, p.lastAccountSyncOn, p.lastSubscriptionSyncOn],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        field(p.name),
        field(p.internalName),
        field(p.providerType),
        readOnly(p.connectivityStatus),
        readOnly(p.connectivityCheckedOn),
        readOnly(p.connectivityCode),
        readOnly(p.connectivityMessage),
        readOnly(p.lastAccountSyncOn),
        readOnly(p.lastSubscriptionSyncOn),
      ]),
      // The password is field-secured: users outside a field security profile see it masked and
      // cannot read it back; administrators (create/update only) can replace it.
      section('credentials', 'Credentials', [field(p.userName), field(p.password), field(p.endpointUrl)]),
      section(
        'additionalproperties',
        'Additional Properties',
        [
          subgrid(
            'additionalproperties',
            'Additional Properties',
            Tables.providerProperty,
            Tables.providerProperty.col.provider,
          ),
        ],
        1,
      ),
    ]),
    tab('provideraccounts', 'Provider Accounts', [
      section(
        'provideraccounts',
        'Provider Accounts',
        [
          subgrid('provideraccounts', 'Provider Accounts', Tables.providerAccount, pa.provider, {
            recordsPerPage: 50,
            pcf: { constructor: 'AccountMappingGrid' },
          }),
        ],
        1,
      ),
    ]),
    tab('productmappings', 'Product Mappings', [
      section(
        'productmappings',
        'Product Mappings',
        [
          subgrid('productmappings', 'Product Mappings', Tables.productMapping, Tables.productMapping.col.provider, {
            recordsPerPage: 50,
            pcf: { constructor: 'ProductMappingGrid' },
          }),
        ],
        1,
      ),
    ]),
    tab('syncjobs', 'Sync Jobs', [
      section(
        'syncjobs',
        'Sync Jobs',
        [subgrid('syncjobs', 'Sync Jobs', Tables.syncJob, Tables.syncJob.col.provider)],
        1,
      ),
    ]),
  ],
};

export const providerAccountForm: FormDef = {
  key: `${Tables.providerAccount.logicalName}.main`,
  table: Tables.providerAccount,
  name: 'Provider Account',
  description: 'One customer at the distributor and the CRM account it is mapped to.',
  header: [pa.provider, pa.mappingStatus, pa.syncEnabled],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        field(pa.name),
        field(pa.provider),
        readOnly(pa.providerSpecificId),
        readOnly(pa.tenantId),
        readOnly(pa.primaryDomain),
        readOnly(pa.email),
        readOnly(pa.providerStatus),
        readOnly(pa.removedAtProvider),
        readOnly(pa.lastSeenOn),
      ]),
      section('mapping', 'Mapping', [
        field(pa.account),
        field(pa.mappingStatus),
        readOnly(pa.mappingSource),
        readOnly(pa.suggestedAccount),
        readOnly(pa.matchScore),
        readOnly(pa.matchReason),
      ]),
      section('sync', 'Sync', [field(pa.syncEnabled), field(pa.syncDescription)]),
    ]),
    tab('subscriptions', 'Subscriptions', [
      section(
        'subscriptions',
        'Subscriptions',
        [subgrid('subscriptions', 'Subscriptions', Tables.subscription, Tables.subscription.col.providerAccount)],
        1,
      ),
    ]),
  ],
};
