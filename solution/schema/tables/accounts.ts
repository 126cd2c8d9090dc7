import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

export const providerAccount = defineTable({
  logicalName: 'w365_provideraccount',
  entitySetName: 'w365_provideraccounts',
  displayName: 'Provider Account',
  pluralDisplayName: 'Provider Accounts',
  description: 'One customer at the distributor, mapped 1:1 to a CRM account within its provider.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_provideraccount',
      {
        required: 'required',
      },
    ),
    providerSpecificId: col.string('w365_providerspecificid', 'Provider Specific Id', 200, { required: 'required' }),
    tenantId: col.string('w365_tenantid', 'Microsoft Tenant Id', 100),
    primaryDomain: col.string('w365_primarydomain', 'Primary Domain', 255),
    email: col.string('w365_email', 'Email', 200, { format: 'email' }),
    account: customLookup('w365_accountid', 'w365_AccountId', 'CRM Account', 'account', 'w365_account_provideraccount'),
    mappingStatus: col.choice('w365_mappingstatus', 'Mapping Status', Choices.mappingStatus, {
      required: 'required',
      defaultValue: Choices.mappingStatus.NotSetup,
    }),
    mappingSource: col.choice('w365_mappingsource', 'Mapped By', Choices.mappingSource, {
      schemaName: 'w365_MappingSource',
    }),
    suggestedAccount: customLookup(
      'w365_suggestedaccountid',
      'w365_SuggestedAccountId',
      'Suggested Account',
      'account',
      'w365_account_provideraccount_suggested',
    ),
    matchScore: col.decimal('w365_matchscore', 'Match Score', { precision: 4, min: 0, max: 1 }),
    matchReason: col.string('w365_matchreason', 'Match Reason', 500),
    matchCode: col.string('w365_matchcode', 'Match Code', 50, {
      description: "Automap's stable reason code (same_name, name_ambiguous, similar_name, ...), for the mapping grid.",
    }),
    syncEnabled: col.boolean('w365_syncenabled', 'Sync Enabled', { defaultValue: true }),
    syncDescription: col.choice('w365_syncdescription', 'Sync Description', Choices.syncDescription, {
      defaultValue: Choices.syncDescription.AlwaysOff,
    }),
    removedAtProvider: col.boolean('w365_removedatprovider', 'Removed At Provider', { defaultValue: false }),
    lastSeenOn: col.datetime('w365_lastseenon', 'Last Seen'),
    providerStatus: col.string('w365_providerstatus', 'Status At Provider', 100),
  },
  keys: [
    {
      logicalName: 'w365_provideraccount_providerid',
      displayName: 'Provider and Provider Specific Id',
      columns: ['provider', 'providerSpecificId'],
    },
    // One CRM account per provider account within a provider. Unmapped rows (null account) never
    // collide: Dataverse does not enforce uniqueness on a key while one of its columns is null.
    {
      logicalName: 'w365_provideraccount_account',
      displayName: 'Provider and CRM Account',
      columns: ['provider', 'account'],
    },
  ],
});

export const billingContract = defineTable({
  logicalName: 'w365_billingcontract',
  entitySetName: 'w365_billingcontracts',
  displayName: 'Billing Contract',
  pluralDisplayName: 'Billing Contracts',
  description: 'How a customer is billed; synced subscriptions land on the customer default contract.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 200, { required: 'required' }),
    customer: customLookup(
      'w365_customerid',
      'w365_CustomerId',
      'Customer',
      'account',
      'w365_account_billingcontract',
      {
        required: 'required',
      },
    ),
    isDefault: col.boolean('w365_isdefault', 'Is Default', { defaultValue: false }),
    billingFrequency: col.choice('w365_billingfrequency', 'Billing Frequency', Choices.billingFrequency, {
      defaultValue: Choices.billingFrequency.Monthly,
    }),
    billingPolicy: col.choice('w365_billingpolicy', 'Billing Policy', Choices.billingPolicy, {
      defaultValue: Choices.billingPolicy.Advance,
    }),
    startDate: col.datetime('w365_startdate', 'Start Date', { behavior: 'dateonly' }),
    endDate: col.datetime('w365_enddate', 'End Date', { behavior: 'dateonly' }),
  },
});
