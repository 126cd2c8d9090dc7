/**
 * The platform's base "System" solution: the tables every Dataverse environment has before anyone
 * imports a solution, with the columns integrators commonly use. Names and navigation properties follow
 * the Dataverse table reference [C]; where a detail is a guess it says [I].
 */
import * as C from './choices';
import { ACTIVE_INACTIVE, col, platformTable, to } from './define';

export const SYSTEM_SOLUTION = 'System';

export const transactionCurrency = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'transactioncurrency',
  schemaName: 'TransactionCurrency',
  entitySetName: 'transactioncurrencies',
  displayName: 'Currency',
  pluralDisplayName: 'Currencies',
  description: 'Currency in which a financial transaction is carried out.',
  primaryName: 'currencyName',
  columns: {
    currencyName: col.string('currencyname', 'Currency Name', 100, { required: 'systemrequired' }),
    isoCurrencyCode: col.string('isocurrencycode', 'Currency Code', 5, { required: 'systemrequired' }),
    currencySymbol: col.string('currencysymbol', 'Currency Symbol', 13),
    exchangeRate: col.decimal('exchangerate', 'Exchange Rate', { precision: 10, min: 0.0000000001, max: 100000000000 }),
    currencyPrecision: col.integer('currencyprecision', 'Currency Precision', { min: 0, max: 4 }),
  },
});

export const account = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'account',
  schemaName: 'Account',
  entitySetName: 'accounts',
  displayName: 'Account',
  pluralDisplayName: 'Accounts',
  description: 'Business that represents a customer or potential customer.',
  ownership: 'user',
  primaryName: 'name',
  columns: {
    name: col.string('name', 'Account Name', 160, { required: 'required' }),
    accountNumber: col.string('accountnumber', 'Account Number', 20),
    websiteUrl: col.string('websiteurl', 'Website', 200, { format: 'url' }),
    emailAddress1: col.string('emailaddress1', 'Email', 100, { format: 'email' }),
    parentAccount: col.lookup('parentaccountid', 'Parent Account', [
      to('account', 'parentaccountid', 'account_parent_account'),
    ]),
    currency: col.lookup('transactioncurrencyid', 'Currency', [
      to('transactioncurrency', 'transactioncurrencyid', 'transactioncurrency_account'),
    ]),
  },
});

export const systemUser = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'systemuser',
  schemaName: 'SystemUser',
  entitySetName: 'systemusers',
  displayName: 'User',
  pluralDisplayName: 'Users',
  description: 'Person (or application user) with access to the system.',
  ownership: 'none',
  primaryName: 'fullName',
  states: [],
  columns: {
    fullName: col.string('fullname', 'Full Name', 200),
    domainName: col.string('domainname', 'User Name', 1024),
    internalEmailAddress: col.string('internalemailaddress', 'Primary Email', 100, { format: 'email' }),
    applicationId: col.uniqueidentifier('applicationid', 'Application ID'),
    azureActiveDirectoryObjectId: col.uniqueidentifier('azureactivedirectoryobjectid', 'Azure AD Object ID'),
    isDisabled: col.boolean('isdisabled', 'Status', { trueLabel: 'Disabled', falseLabel: 'Enabled' }),
  },
});

export const serviceEndpoint = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'serviceendpoint',
  schemaName: 'ServiceEndpoint',
  entitySetName: 'serviceendpoints',
  displayName: 'Service Endpoint',
  pluralDisplayName: 'Service Endpoints',
  description: 'Service endpoint that can be contacted (webhooks).',
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256, { required: 'systemrequired' }),
    description: col.memo('description', 'Description', 2000),
    url: col.string('url', 'Url Address', 2000, { format: 'url' }),
    contract: col.choice('contract', 'Contract', C.serviceEndpointContract, { required: 'systemrequired' }),
    authType: col.choice('authtype', 'Specifies mode of authentication with SB', C.serviceEndpointAuthType),
    authValue: col.string('authvalue', 'Authorization Value', 2048, { writeOnly: true }),
    messageFormat: col.choice('messageformat', 'Content type of the message', C.serviceEndpointMessageFormat),
    connectionMode: col.choice('connectionmode', 'Connection Mode', C.serviceEndpointConnectionMode),
    userClaim: col.choice('userclaim', 'User Claim', C.serviceEndpointUserClaim),
  },
});

export const sdkMessage = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'sdkmessage',
  schemaName: 'SdkMessage',
  entitySetName: 'sdkmessages',
  displayName: 'Sdk Message',
  pluralDisplayName: 'Sdk Messages',
  description: 'Message that is supported by the SDK.',
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: { name: col.string('name', 'Name', 256) },
});

export const sdkMessageFilter = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'sdkmessagefilter',
  schemaName: 'SdkMessageFilter',
  entitySetName: 'sdkmessagefilters',
  displayName: 'Sdk Message Filter',
  pluralDisplayName: 'Sdk Message Filters',
  description: 'Filter that defines which SDK messages are valid for each type of entity.',
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256),
    message: col.lookup('sdkmessageid', 'SDK Message', [
      to('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessagefilter'),
    ]),
    // A string in the Web API although its metadata type is EntityName.
    primaryObjectTypeCode: col.string('primaryobjecttypecode', 'Primary Object Type Code', 128),
  },
});

export const sdkMessageProcessingStep = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'sdkmessageprocessingstep',
  schemaName: 'SdkMessageProcessingStep',
  entitySetName: 'sdkmessageprocessingsteps',
  displayName: 'Sdk Message Processing Step',
  pluralDisplayName: 'Sdk Message Processing Steps',
  description: 'Stage in the execution pipeline that a plug-in or service endpoint is to execute.',
  primaryName: 'name',
  states: [
    {
      value: 0,
      label: 'Enabled',
      invariantName: 'Enabled',
      defaultStatus: 1,
      statuses: [{ value: 1, label: 'Enabled' }],
    },
    {
      value: 1,
      label: 'Disabled',
      invariantName: 'Disabled',
      defaultStatus: 2,
      statuses: [{ value: 2, label: 'Disabled' }],
    },
  ],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256),
    description: col.memo('description', 'Description', 256),
    mode: col.choice('mode', 'Execution Mode', C.stepMode, { required: 'systemrequired' }),
    stage: col.choice('stage', 'Execution Stage', C.stepStage, { required: 'systemrequired' }),
    rank: col.integer('rank', 'Execution Order', { required: 'systemrequired' }),
    filteringAttributes: col.memo('filteringattributes', 'Filtering Attributes', 100000),
    asyncAutoDelete: col.boolean('asyncautodelete', 'Asynchronous Automatic Delete'),
    supportedDeployment: col.choice('supporteddeployment', 'Deployment', C.stepSupportedDeployment),
    configuration: col.memo('configuration', 'Configuration', 1073741823),
    eventHandler: col.lookup('eventhandler', 'Event Handler', [
      to('serviceendpoint', 'eventhandler_serviceendpoint', 'serviceendpoint_sdkmessageprocessingstep'),
    ]),
    message: col.lookup(
      'sdkmessageid',
      'SDK Message',
      [to('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessageprocessingstep')],
      {
        required: 'systemrequired',
      },
    ),
    messageFilter: col.lookup('sdkmessagefilterid', 'SdkMessage Filter', [
      to('sdkmessagefilter', 'sdkmessagefilterid', 'sdkmessagefilterid_sdkmessageprocessingstep'),
    ]),
  },
});

/** Installed solutions (read-only to clients: only an import writes it) [C: solution table reference]. */
export const solution = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'solution',
  schemaName: 'Solution',
  entitySetName: 'solutions',
  displayName: 'Solution',
  pluralDisplayName: 'Solutions',
  description: 'A solution which contains CRM customizations.',
  primaryName: 'friendlyName',
  states: [],
  optimisticConcurrency: false,
  columns: {
    uniqueName: col.string('uniquename', 'Name', 65, { required: 'systemrequired' }),
    friendlyName: col.string('friendlyname', 'Display Name', 256, { required: 'systemrequired' }),
    version: col.string('version', 'Version', 256, { required: 'systemrequired' }),
    isManaged: col.boolean('ismanaged', 'Package Type', {
      trueLabel: 'Managed',
      falseLabel: 'Unmanaged',
      systemManaged: true,
    }),
    installedOn: col.datetime('installedon', 'Installed On', { systemManaged: true }),
  },
});

/**
 * System jobs. States and status reasons as the asyncoperation reference lists them [C]: Ready (Waiting
 * For Resources), Suspended (Waiting), Locked (In Progress, Pausing, Canceling), Completed (Succeeded,
 * Failed, Canceled).
 */
export const asyncOperation = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'asyncoperation',
  schemaName: 'AsyncOperation',
  entitySetName: 'asyncoperations',
  displayName: 'System Job',
  pluralDisplayName: 'System Jobs',
  description: 'Process whose execution can proceed independently or in the background.',
  primaryName: 'name',
  optimisticConcurrency: false,
  states: [
    {
      value: 0,
      label: 'Ready',
      invariantName: 'Ready',
      defaultStatus: 0,
      statuses: [{ value: 0, label: 'Waiting For Resources' }],
    },
    {
      value: 1,
      label: 'Suspended',
      invariantName: 'Suspended',
      defaultStatus: 10,
      statuses: [{ value: 10, label: 'Waiting' }],
    },
    {
      value: 2,
      label: 'Locked',
      invariantName: 'Locked',
      defaultStatus: 20,
      statuses: [
        { value: 20, label: 'In Progress' },
        { value: 21, label: 'Pausing' },
        { value: 22, label: 'Canceling' },
      ],
    },
    {
      value: 3,
      label: 'Completed',
      invariantName: 'Completed',
      defaultStatus: 30,
      statuses: [
        { value: 30, label: 'Succeeded' },
        { value: 31, label: 'Failed' },
        { value: 32, label: 'Canceled' },
      ],
    },
  ],
  columns: {
    name: col.string('name', 'System Job Name', 256),
    operationType: col.choice('operationtype', 'System Job Type', C.asyncOperationType, { systemManaged: true }),
    message: col.memo('message', 'Message', 1073741823, { systemManaged: true }),
    friendlyMessage: col.memo('friendlymessage', 'Friendly message', 1073741823, { systemManaged: true }),
    startedOn: col.datetime('startedon', 'Started On', { systemManaged: true }),
    completedOn: col.datetime('completedon', 'Completed On', { systemManaged: true }),
    correlationId: col.uniqueidentifier('correlationid', 'Correlation Id', { systemManaged: true }),
  },
});

/**
 * One solution import, with its progress in percent [C] (importjob table reference: `progress`,
 * `solutionname`, `startedon`, `completedon`, `data` holding the import's XML log).
 */
export const importJob = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'importjob',
  schemaName: 'ImportJob',
  entitySetName: 'importjobs',
  displayName: 'Import Job',
  pluralDisplayName: 'Import Jobs',
  description: 'For internal use only.',
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 100),
    solutionName: col.string('solutionname', 'Solution Name', 256, { systemManaged: true }),
    progress: col.decimal('progress', 'Progress', { precision: 2, min: 0, max: 100, systemManaged: true }),
    startedOn: col.datetime('startedon', 'Started On', { systemManaged: true }),
    completedOn: col.datetime('completedon', 'Completed On', { systemManaged: true }),
    data: col.memo('data', 'Data', 1073741823, { systemManaged: true }),
  },
});

export const environmentVariableDefinition = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'environmentvariabledefinition',
  schemaName: 'EnvironmentVariableDefinition',
  entitySetName: 'environmentvariabledefinitions',
  displayName: 'Environment Variable Definition',
  pluralDisplayName: 'Environment Variable Definitions',
  description: 'Contains information about the settable variable: its type, default value, and etc.',
  primaryName: 'schemaName',
  states: ACTIVE_INACTIVE,
  columns: {
    schemaName: col.string('schemaname', 'Schema Name', 100, { required: 'systemrequired' }),
    displayName: col.string('displayname', 'Display Name', 100),
    description: col.memo('description', 'Description', 2000),
    type: col.choice('type', 'Type', C.environmentVariableType),
    defaultValue: col.memo('defaultvalue', 'Default Value', 2000),
    isRequired: col.boolean('isrequired', 'Is Required'),
  },
});

/**
 * A value of a definition in this environment. The lookup's navigation property and the relationship's
 * name are [C] in the table reference (`EnvironmentVariableDefinitionId`,
 * `environmentvariabledefinition_environmentvariablevalue`).
 */
export const environmentVariableValue = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'environmentvariablevalue',
  schemaName: 'EnvironmentVariableValue',
  entitySetName: 'environmentvariablevalues',
  displayName: 'Environment Variable Value',
  pluralDisplayName: 'Environment Variable Values',
  description: 'Holds the value for the associated EnvironmentVariableDefinition entity.',
  primaryName: 'schemaName',
  columns: {
    schemaName: col.string('schemaname', 'Schema Name', 100),
    value: col.memo('value', 'Value', 2000),
    definition: col.lookup('environmentvariabledefinitionid', 'Environment Variable Definition', [
      to(
        'environmentvariabledefinition',
        'EnvironmentVariableDefinitionId',
        'environmentvariabledefinition_environmentvariablevalue',
      ),
    ]),
  },
});

export const SYSTEM_TABLES = [
  transactionCurrency,
  account,
  systemUser,
  serviceEndpoint,
  sdkMessage,
  sdkMessageFilter,
  sdkMessageProcessingStep,
  solution,
  asyncOperation,
  importJob,
  environmentVariableDefinition,
  environmentVariableValue,
] as const;
