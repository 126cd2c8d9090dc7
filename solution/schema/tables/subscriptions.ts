import * as Choices from '../choices';
import { col, currencyLookup, customLookup, defineTable, optionValue } from '../define';
import { nceSubscriptionColumns } from './nce-columns';

export const subscription = defineTable({
  logicalName: 'w365_subscription',
  entitySetName: 'w365_subscriptions',
  displayName: 'Subscription',
  pluralDisplayName: 'Subscriptions',
  description: 'One licence subscription, synced from a provider or kept by hand. Never deleted: deactivated.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_subscription',
      {
        required: 'required',
      },
    ),
    providerAccount: customLookup(
      'w365_provideraccountid',
      'w365_ProviderAccountId',
      'Provider Account',
      'w365_provideraccount',
      'w365_provideraccount_subscription',
    ),
    customer: customLookup('w365_customerid', 'w365_CustomerId', 'Customer', 'account', 'w365_account_subscription'),
    billingContract: customLookup(
      'w365_billingcontractid',
      'w365_BillingContractId',
      'Billing Contract',
      'w365_billingcontract',
      'w365_billingcontract_subscription',
    ),
    product: customLookup('w365_productid', 'w365_ProductId', 'Product', 'product', 'w365_product_subscription'),
    providerSubscriptionId: col.string('w365_providersubscriptionid', 'Provider Subscription Id', 200),
    microsoftSubscriptionId: col.string('w365_microsoftsubscriptionid', 'Microsoft Subscription Id', 100),
    providerPartNumber: col.string('w365_providerpartnumber', 'Provider Part Number', 200, {
      description: 'The distributor SKU as received.',
    }),
    productDescription: col.string('w365_productdescription', 'Distributor Description', 500, {
      schemaName: 'w365_ProductDescription',
    }),
    quantity: col.integer('w365_quantity', 'Quantity', { min: 0, max: 10000000 }),
    subscriptionStatus: col.choice('w365_subscriptionstatus', 'Subscription Status', Choices.subscriptionStatus, {
      defaultValue: Choices.subscriptionStatus.Active,
    }),
    billingCycle: col.choice('w365_billingcycle', 'Billing Cycle', Choices.billingCycle),
    term: col.string('w365_term', 'Term', 20),
    startDate: col.datetime('w365_startdate', 'Start Date', { behavior: 'dateonly' }),
    endDate: col.datetime('w365_enddate', 'End Date', { behavior: 'dateonly' }),
    renewalDate: col.datetime('w365_renewaldate', 'Renewal Date', { behavior: 'dateonly' }),
    autoRenew: col.boolean('w365_autorenew', 'Auto Renew', { defaultValue: false }),
    unitPrice: col.money('w365_unitprice', 'Unit Price', { min: 0 }),
    unitCost: col.money('w365_unitcost', 'Unit Cost', { min: 0 }),
    currency: currencyLookup('w365_Subscription'),
    channel: col.choice('w365_channel', 'Channel', Choices.channel, { defaultValue: Choices.channel.Manual }),
    isSynced: col.boolean('w365_issynced', 'Synced', {
      schemaName: 'w365_IsSynced',
      defaultValue: false,
      trueLabel: 'Automatic',
      falseLabel: 'Manual',
    }),
    lastSyncedOn: col.datetime('w365_lastsyncedon', 'Last Synced'),
    syncedValues: col.memo('w365_syncedvalues', 'Last Synced Values', 4000, {
      description: 'JSON of the values the sync service last wrote, so that a later hand edit can be told apart.',
    }),
    removedAtProvider: col.boolean('w365_removedatprovider', 'Removed At Provider', { defaultValue: false }),
    ...nceSubscriptionColumns,
  },
  keys: [
    {
      logicalName: 'w365_subscription_providersubid',
      displayName: 'Provider and Provider Subscription Id',
      columns: ['provider', 'providerSubscriptionId'],
    },
  ],
});

/** LCL status reasons: Active (not yet invoiced) and Archived (invoiced), both in the Active state. */
export const LICENSE_LOG_ARCHIVED_STATUS = optionValue(0);

export const licenseChangeLog = defineTable({
  logicalName: 'w365_licensechangelog',
  entitySetName: 'w365_licensechangelogs',
  displayName: 'License Change Log',
  pluralDisplayName: 'License Change Logs',
  description: 'Immutable history of every quantity or status change of a subscription. Never deleted.',
  primaryName: 'name',
  states: [
    {
      value: 0,
      label: 'Active',
      invariantName: 'Active',
      defaultStatus: 1,
      statuses: [
        { value: 1, label: 'Active' },
        { value: LICENSE_LOG_ARCHIVED_STATUS, label: 'Archived' },
      ],
    },
    {
      value: 1,
      label: 'Inactive',
      invariantName: 'Inactive',
      defaultStatus: 2,
      statuses: [{ value: 2, label: 'Inactive' }],
    },
  ],
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    subscription: customLookup(
      'w365_subscriptionid',
      'w365_SubscriptionId',
      'Subscription',
      'w365_subscription',
      'w365_subscription_licensechangelog',
      { required: 'required' },
    ),
    changeType: col.choice('w365_changetype', 'Change Type', Choices.changeType, { required: 'required' }),
    quantityDelta: col.integer('w365_quantitydelta', 'Quantity Change', { min: -10000000, max: 10000000 }),
    quantityAfter: col.integer('w365_quantityafter', 'Quantity After', { min: 0, max: 10000000 }),
    unitPrice: col.decimal('w365_unitprice', 'Unit Price', { precision: 4, min: 0 }),
    effectiveDate: col.datetime('w365_effectivedate', 'Effective Date'),
    provisioningStatus: col.choice('w365_provisioningstatus', 'Provisioning Status', Choices.provisioningStatus, {
      required: 'required',
    }),
    source: col.choice('w365_source', 'Source', Choices.changeSource, { required: 'required' }),
    syncJob: customLookup(
      'w365_syncjobid',
      'w365_SyncJobId',
      'Sync Job',
      'w365_syncjob',
      'w365_syncjob_licensechangelog',
    ),
    changeKey: col.string('w365_changekey', 'Change Key', 300, {
      description: 'Deterministic key of the change, so that a rerun after a crash can never write it twice.',
    }),
  },
  keys: [{ logicalName: 'w365_licensechangelog_changekey', displayName: 'Change Key', columns: ['changeKey'] }],
});
