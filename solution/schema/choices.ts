/**
 * Every choice (option set) of the product, with its values. Code compares against these members
 * (`Choices.syncJobStatus.Running`), never against numbers.
 */
import { defineChoice, optionValue as v } from './define';

export * from './tables/invoice-choices';
export { alertKind } from './tables/alerts';
export { appNotificationIcon, appNotificationPriority, appNotificationToast } from './tables/notifications';

export const providerType = defineChoice('w365_providertype', 'Provider Type', {
  Automatic: [v(0), 'Automatic'],
  Manual: [v(1), 'Manual'],
  DoNothing: [v(2), 'Do Nothing'],
});

export const connectivityStatus = defineChoice('w365_connectivitystatus', 'Connectivity Status', {
  NotVerified: [v(0), 'Not Verified'],
  Verified: [v(1), 'Verified'],
  Failed: [v(2), 'Failed'],
});

export const mappingStatus = defineChoice('w365_mappingstatus', 'Mapping Status', {
  NotSetup: [v(0), 'Not Setup'],
  Suggested: [v(1), 'Suggested'],
  Mapped: [v(2), 'Mapped'],
  Excluded: [v(3), 'Excluded'],
});

/** Who made a provider account's mapping; automap never touches a mapping a person made. */
export const mappingSource = defineChoice('w365_mappingsource', 'Mapping Source', {
  Automap: [v(0), 'Automap'],
  Person: [v(1), 'Person'],
});

export const syncDescription = defineChoice('w365_syncdescription', 'Sync Description', {
  AlwaysOff: [v(0), 'Always Off'],
  AlwaysOn: [v(1), 'Always On'],
});

export const billingFrequency = defineChoice('w365_billingfrequency', 'Billing Frequency', {
  Monthly: [v(0), 'Monthly'],
  Quarterly: [v(1), 'Quarterly'],
  Annual: [v(2), 'Annual'],
  Triennial: [v(3), 'Triennial'],
});

export const billingPolicy = defineChoice('w365_billingpolicy', 'Billing Policy', {
  Advance: [v(0), 'Advance'],
  Arrears: [v(1), 'Arrears'],
});

export const productMappingStatus = defineChoice('w365_productmappingstatus', 'Product Mapping Status', {
  NotMapped: [v(0), 'Not Mapped'],
  Mapped: [v(1), 'Mapped'],
});

export const subscriptionStatus = defineChoice('w365_subscriptionstatus', 'Subscription Status', {
  Active: [v(0), 'Active'],
  Suspended: [v(1), 'Suspended'],
  Cancelled: [v(2), 'Cancelled'],
  Expired: [v(3), 'Expired'],
  Pending: [v(4), 'Pending'],
});

export const billingCycle = defineChoice('w365_billingcycle', 'Billing Cycle', {
  Monthly: [v(0), 'Monthly'],
  Annual: [v(1), 'Annual'],
  Triennial: [v(2), 'Triennial'],
  OneTime: [v(3), 'One Time'],
  None: [v(4), 'None'],
});

export const channel = defineChoice('w365_channel', 'Channel', {
  Provider: [v(0), 'Provider'],
  Manual: [v(1), 'Manual'],
});

export const changeType = defineChoice('w365_changetype', 'Change Type', {
  Create: [v(0), 'Create'],
  Increase: [v(1), 'Increase'],
  Decrease: [v(2), 'Decrease'],
  Suspend: [v(3), 'Suspend'],
  Reactivate: [v(4), 'Reactivate'],
  PriceChange: [v(5), 'Price Change'],
});

export const provisioningStatus = defineChoice('w365_provisioningstatus', 'Provisioning Status', {
  AwaitingProvisioning: [v(0), 'Awaiting Provisioning'],
  NotApplicable: [v(1), 'Not Applicable'],
  Provisioned: [v(2), 'Provisioned'],
  FailedProvisioning: [v(3), 'Failed Provisioning'],
});

export const changeSource = defineChoice('w365_changesource', 'Change Source', {
  ProviderSync: [v(0), 'Provider Sync'],
  Manual: [v(1), 'Manual'],
  Migration: [v(2), 'Migration'],
});

export const syncOperation = defineChoice('w365_syncoperation', 'Operation', {
  VerifyConnectivity: [v(0), 'Verify Connectivity'],
  SyncProviderAccounts: [v(1), 'Sync Provider Accounts'],
  SyncSubscriptions: [v(2), 'Sync Subscriptions'],
  MigrateManualSubscriptions: [v(3), 'Migrate Manual Subscriptions'],
  ImportInvoice: [v(4), 'Import Invoice'],
  Reconcile: [v(5), 'Reconcile'],
});

export const syncTrigger = defineChoice('w365_synctrigger', 'Trigger', {
  Manual: [v(0), 'Manual'],
  Scheduled: [v(1), 'Scheduled'],
});

/**
 * Job status. `NotStarted` is ours (not in product.md): a job refused because another job of the same
 * operation was already running for the provider ends at once in this final status. `Cancelled`: a
 * person asked to stop it (Cancel Requested) and the service ended it at its next checkpoint; what it
 * had written stays (every unit it writes is atomic), what it had not reached is left for the next run.
 */
export const syncJobStatus = defineChoice('w365_syncjobstatus', 'Job Status', {
  Queued: [v(0), 'Queued'],
  Running: [v(1), 'Running'],
  Succeeded: [v(2), 'Succeeded'],
  SucceededWithWarnings: [v(3), 'Succeeded With Warnings'],
  NoChange: [v(4), 'No Change'],
  Failed: [v(5), 'Failed'],
  NotStarted: [v(6), 'Not Started'],
  Cancelled: [v(7), 'Cancelled'],
});

export const severity = defineChoice('w365_severity', 'Severity', {
  Info: [v(0), 'Information'],
  Warning: [v(1), 'Warning'],
  Error: [v(2), 'Error'],
});

// ---- Standard (Microsoft) choices the emulator validates; not part of our solution. ----

export const serviceEndpointContract = defineChoice('serviceendpoint_contract', 'Contract', {
  OneWay: [1, 'OneWay'],
  Queue: [2, 'Queue'],
  Rest: [3, 'Rest'],
  TwoWay: [4, 'TwoWay'],
  Topic: [5, 'Topic'],
  QueuePersistent: [6, 'Queue (Persistent)'],
  EventHub: [7, 'Event Hub'],
  Webhook: [8, 'Webhook'],
  EventGrid: [9, 'Event Grid'],
  ManagedDataLake: [10, 'Managed Data Lake'],
});

export const serviceEndpointAuthType = defineChoice('serviceendpoint_authtype', 'Auth Type', {
  ACS: [1, 'ACS'],
  SASKey: [2, 'SAS Key'],
  SASToken: [3, 'SAS Token'],
  WebhookKey: [4, 'Webhook Key'],
  HttpHeader: [5, 'Http Header'],
  HttpQueryString: [6, 'Http Query String'],
  ConnectionString: [7, 'Connection String'],
  AccessKey: [8, 'Access Key'],
});

export const serviceEndpointMessageFormat = defineChoice('serviceendpoint_messageformat', 'Message Format', {
  BinaryXML: [1, 'Binary XML'],
  Json: [2, 'Json'],
  TextXML: [3, 'Text XML'],
});

export const serviceEndpointConnectionMode = defineChoice('serviceendpoint_connectionmode', 'Connection Mode', {
  Normal: [1, 'Normal'],
  Federated: [2, 'Federated'],
});

export const serviceEndpointUserClaim = defineChoice('serviceendpoint_userclaim', 'User Information Sent', {
  None: [1, 'None'],
  UserId: [2, 'UserId'],
  UserInfo: [3, 'UserInfo'],
});

export const stepMode = defineChoice('sdkmessageprocessingstep_mode', 'Execution Mode', {
  Synchronous: [0, 'Synchronous'],
  Asynchronous: [1, 'Asynchronous'],
});

export const stepStage = defineChoice('sdkmessageprocessingstep_stage', 'Execution Stage', {
  PreValidation: [10, 'Initial Pre-operation (For internal use only)'],
  PreOperation: [20, 'Pre-operation'],
  MainOperation: [30, 'Main Operation (For internal use only)'],
  PostOperation: [40, 'Post-operation'],
});

export const stepSupportedDeployment = defineChoice('sdkmessageprocessingstep_supporteddeployment', 'Deployment', {
  ServerOnly: [0, 'Server Only'],
  MicrosoftDynamics365Client: [1, 'Microsoft Dynamics 365 Client for Outlook Only'],
  Both: [2, 'Both'],
});
