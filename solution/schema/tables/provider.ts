import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

export const provider = defineTable({
  logicalName: 'w365_provider',
  entitySetName: 'w365_providers',
  displayName: 'Provider',
  pluralDisplayName: 'Providers',
  description: 'One distributor connection (TD SYNNEX / TechData, Dicker Data): credentials, endpoints and sync state.',
  primaryName: 'name',
  // Issue 17: Import Invoice uploads the invoice file as a note on the provider.
  hasNotes: true,
  columns: {
    name: col.string('w365_name', 'Name', 200, { required: 'required' }),
    internalName: col.string('w365_internalname', 'Internal Name', 200, {
      required: 'required',
      description: 'The connector that serves this provider, e.g. Providers.TechDataCspProvider.',
    }),
    userName: col.string('w365_username', 'User Name', 400, {
      description: 'Client ID (TechData), account code (Dicker Data) or API user, as the connector declares.',
    }),
    password: col.string('w365_password', 'Password', 4000, {
      secured: true,
      description: 'Client secret or access token. Field-secured: only the sync service can read it.',
    }),
    endpointUrl: col.string('w365_endpointurl', 'End Point URL', 1000, {
      format: 'url',
      description: 'Token (authentication) endpoint of the distributor.',
    }),
    providerType: col.choice('w365_providertype', 'Provider Type', Choices.providerType, {
      required: 'required',
      defaultValue: Choices.providerType.Automatic,
    }),
    connectivityStatus: col.choice('w365_connectivitystatus', 'Connectivity Status', Choices.connectivityStatus, {
      defaultValue: Choices.connectivityStatus.NotVerified,
    }),
    connectivityCode: col.string('w365_connectivitycode', 'Connectivity Code', 100),
    connectivityMessage: col.memo('w365_connectivitymessage', 'Connectivity Message', 4000),
    connectivityCheckedOn: col.datetime('w365_connectivitycheckedon', 'Connectivity Checked On'),
    lastAccountSyncOn: col.datetime('w365_lastaccountsyncon', 'Last Account Sync'),
    lastSubscriptionSyncOn: col.datetime('w365_lastsubscriptionsyncon', 'Last Subscription Sync'),
    tokenState: col.memo('w365_tokenstate', 'Token State', 8000, {
      secured: true,
      description: 'Rotating refresh token of connectors that use one (StreamOne Ion). Field-secured.',
    }),
    tokenLeaseOwner: col.string('w365_tokenleaseowner', 'Token Lease Owner', 200),
    tokenLeaseUntil: col.datetime('w365_tokenleaseuntil', 'Token Lease Until'),
  },
});

export const providerProperty = defineTable({
  logicalName: 'w365_providerproperty',
  schemaName: 'w365_ProviderProperty',
  entitySetName: 'w365_providerproperties',
  displayName: 'Additional Property',
  pluralDisplayName: 'Additional Properties',
  description: 'A name/value property of a provider, declared by its connector (e.g. TechData SOIN).',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 200, { required: 'required' }),
    value: col.string('w365_value', 'Value', 4000),
    provider: customLookup(
      'w365_providerid',
      'w365_ProviderId',
      'Provider',
      'w365_provider',
      'w365_provider_providerproperty',
      // A property belongs to its provider: deleting the provider deletes its properties.
      { required: 'required', cascadeDelete: 'Cascade' },
    ),
  },
  keys: [
    { logicalName: 'w365_providerproperty_name', displayName: 'Provider and Name', columns: ['provider', 'name'] },
  ],
});
