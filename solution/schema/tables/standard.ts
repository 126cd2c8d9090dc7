/**
 * Standard (Microsoft) tables we read or write, with the columns the product uses: what the product
 * expects of Microsoft's tables (the emulator's own platform tables must agree: a test checks it). The
 * solution carries only the columns we add (the `w365_` ones). Names and nav properties follow the Dataverse table reference; where a detail is a
 * guess it says so.
 */
import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';
import type { LookupTarget } from '../types';

/**
 * Product, Unit and Unit Group are "Added by: Product Management Solution" [C] (Microsoft Learn,
 * Dynamics 365 Sales table reference): environments without Dynamics 365 Sales or Customer Service lack them.
 */
export const PRODUCT_MANAGEMENT = 'msdynce_ProductManagement';

const std = (table: string, navigationProperty: string, relationshipName: string): LookupTarget => ({
  table,
  navigationProperty,
  relationshipName,
});

export const transactionCurrency = defineTable({
  logicalName: 'transactioncurrency',
  entitySetName: 'transactioncurrencies',
  displayName: 'Currency',
  pluralDisplayName: 'Currencies',
  description: 'Currency in which a financial transaction is carried out.',
  standard: true,
  primaryName: 'currencyName',
  columns: {
    currencyName: col.string('currencyname', 'Currency Name', 100, { required: 'systemrequired' }),
    isoCurrencyCode: col.string('isocurrencycode', 'Currency Code', 5, { required: 'systemrequired' }),
    currencySymbol: col.string('currencysymbol', 'Currency Symbol', 13),
    exchangeRate: col.decimal('exchangerate', 'Exchange Rate', { precision: 10, min: 0.0000000001, max: 100000000000 }),
    currencyPrecision: col.integer('currencyprecision', 'Currency Precision', { min: 0, max: 4 }),
  },
});

export const account = defineTable({
  logicalName: 'account',
  entitySetName: 'accounts',
  displayName: 'Account',
  pluralDisplayName: 'Accounts',
  description: 'Business that represents a customer or potential customer.',
  standard: true,
  primaryName: 'name',
  columns: {
    name: col.string('name', 'Account Name', 160, { required: 'required' }),
    accountNumber: col.string('accountnumber', 'Account Number', 20),
    websiteUrl: col.string('websiteurl', 'Website', 200, { format: 'url' }),
    emailAddress1: col.string('emailaddress1', 'Email', 100, { format: 'email' }),
    parentAccount: col.lookup('parentaccountid', 'Parent Account', [
      std('account', 'parentaccountid', 'account_parent_account'),
    ]),
    currency: col.lookup('transactioncurrencyid', 'Currency', [
      std('transactioncurrency', 'transactioncurrencyid', 'transactioncurrency_account'),
    ]),
    // Ours: what automap matches on besides the name.
    tenantId: col.string('w365_tenantid', 'Microsoft Tenant Id', 100),
    primaryDomain: col.string('w365_primarydomain', 'Primary Domain', 255),
  },
});

export const uomSchedule = defineTable({
  logicalName: 'uomschedule',
  entitySetName: 'uomschedules',
  displayName: 'Unit Group',
  pluralDisplayName: 'Unit Groups',
  description: 'Grouping of units.',
  standard: true,
  providedBy: PRODUCT_MANAGEMENT,
  primaryName: 'name',
  columns: {
    name: col.string('name', 'Name', 200, { required: 'systemrequired' }),
    baseUomName: col.string('baseuomname', 'Primary Unit', 100, { required: 'systemrequired' }),
  },
});

export const uom = defineTable({
  logicalName: 'uom',
  entitySetName: 'uoms',
  displayName: 'Unit',
  pluralDisplayName: 'Units',
  description: 'Unit of measure.',
  standard: true,
  providedBy: PRODUCT_MANAGEMENT,
  primaryName: 'name',
  states: [],
  columns: {
    name: col.string('name', 'Name', 100, { required: 'systemrequired' }),
    schedule: col.lookup(
      'uomscheduleid',
      'Unit Schedule',
      [std('uomschedule', 'uomscheduleid', 'unit_of_measure_schedule_conversions')],
      { required: 'systemrequired' },
    ),
    quantity: col.decimal('quantity', 'Quantity', { precision: 5, min: 0 }),
  },
});

const productStates = [
  { value: 0, label: 'Active', invariantName: 'Active', defaultStatus: 1, statuses: [{ value: 1, label: 'Active' }] },
  {
    value: 1,
    label: 'Retired',
    invariantName: 'Retired',
    defaultStatus: 2,
    statuses: [{ value: 2, label: 'Retired' }],
  },
  { value: 2, label: 'Draft', invariantName: 'Draft', defaultStatus: 0, statuses: [{ value: 0, label: 'Draft' }] },
  {
    value: 3,
    label: 'Under Revision',
    invariantName: 'UnderRevision',
    defaultStatus: 3,
    statuses: [{ value: 3, label: 'Under Revision' }],
  },
] as const;

export const product = defineTable({
  logicalName: 'product',
  entitySetName: 'products',
  displayName: 'Product',
  pluralDisplayName: 'Products',
  description: 'Information about products and their pricing information.',
  standard: true,
  providedBy: PRODUCT_MANAGEMENT,
  primaryName: 'name',
  states: productStates,
  columns: {
    name: col.string('name', 'Name', 100, { required: 'systemrequired' }),
    productNumber: col.string('productnumber', 'Product ID', 100, { required: 'systemrequired' }),
    description: col.memo('description', 'Description', 2000),
    price: col.money('price', 'List Price', { min: 0 }),
    currentCost: col.money('currentcost', 'Current Cost', { min: 0 }),
    standardCost: col.money('standardcost', 'Standard Cost', { min: 0 }),
    // [I] The Web API requires the unit group, default unit and decimals supported on create; we
    // enforce it so that code written here also sets them.
    quantityDecimal: col.integer('quantitydecimal', 'Decimals Supported', {
      min: 0,
      max: 5,
      required: 'systemrequired',
    }),
    defaultUomSchedule: col.lookup(
      'defaultuomscheduleid',
      'Unit Group',
      [std('uomschedule', 'defaultuomscheduleid', 'unit_of_measurement_schedule_products')],
      { required: 'systemrequired' },
    ),
    defaultUom: col.lookup(
      'defaultuomid',
      'Default Unit',
      [std('uom', 'defaultuomid', 'unit_of_measurement_products')],
      {
        required: 'systemrequired',
      },
    ),
    currency: col.lookup('transactioncurrencyid', 'Currency', [
      std('transactioncurrency', 'transactioncurrencyid', 'transactioncurrency_product'),
    ]),
    // Ours: the distributor SKU ("Provider Part Number") and an optional provider (blank: any).
    providerPartNumber: col.string('w365_providerpartnumber', 'Provider Part Number', 200),
    provider: customLookup('w365_providerid', 'w365_ProviderId', 'Provider', 'w365_provider', 'w365_provider_product'),
  },
});

export const systemUser = defineTable({
  logicalName: 'systemuser',
  entitySetName: 'systemusers',
  displayName: 'User',
  pluralDisplayName: 'Users',
  description: 'Person (or application user) with access to the system.',
  standard: true,
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

export const serviceEndpoint = defineTable({
  logicalName: 'serviceendpoint',
  entitySetName: 'serviceendpoints',
  displayName: 'Service Endpoint',
  pluralDisplayName: 'Service Endpoints',
  description: 'Service endpoint that can be contacted (webhooks).',
  standard: true,
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256, { required: 'systemrequired' }),
    description: col.memo('description', 'Description', 2000),
    url: col.string('url', 'Url Address', 2000, { format: 'url' }),
    contract: col.choice('contract', 'Contract', Choices.serviceEndpointContract, { required: 'systemrequired' }),
    authType: col.choice('authtype', 'Specifies mode of authentication with SB', Choices.serviceEndpointAuthType),
    authValue: col.string('authvalue', 'Authorization Value', 2048, { writeOnly: true }),
    messageFormat: col.choice('messageformat', 'Content type of the message', Choices.serviceEndpointMessageFormat),
    connectionMode: col.choice('connectionmode', 'Connection Mode', Choices.serviceEndpointConnectionMode),
    userClaim: col.choice('userclaim', 'User Claim', Choices.serviceEndpointUserClaim),
  },
});

export const sdkMessage = defineTable({
  logicalName: 'sdkmessage',
  entitySetName: 'sdkmessages',
  displayName: 'Sdk Message',
  pluralDisplayName: 'Sdk Messages',
  description: 'Message that is supported by the SDK.',
  standard: true,
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256),
  },
});

export const sdkMessageFilter = defineTable({
  logicalName: 'sdkmessagefilter',
  entitySetName: 'sdkmessagefilters',
  displayName: 'Sdk Message Filter',
  pluralDisplayName: 'Sdk Message Filters',
  description: 'Filter that defines which SDK messages are valid for each type of entity.',
  standard: true,
  primaryName: 'name',
  states: [],
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256),
    message: col.lookup('sdkmessageid', 'SDK Message', [
      std('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessagefilter'),
    ]),
    // A string in the Web API although its metadata type is EntityName.
    primaryObjectTypeCode: col.string('primaryobjecttypecode', 'Primary Object Type Code', 128),
  },
});

const stepStates = [
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
] as const;

export const sdkMessageProcessingStep = defineTable({
  logicalName: 'sdkmessageprocessingstep',
  entitySetName: 'sdkmessageprocessingsteps',
  displayName: 'Sdk Message Processing Step',
  pluralDisplayName: 'Sdk Message Processing Steps',
  description: 'Stage in the execution pipeline that a plug-in or service endpoint is to execute.',
  standard: true,
  primaryName: 'name',
  states: stepStates,
  optimisticConcurrency: false,
  columns: {
    name: col.string('name', 'Name', 256),
    description: col.memo('description', 'Description', 256),
    mode: col.choice('mode', 'Execution Mode', Choices.stepMode, { required: 'systemrequired' }),
    stage: col.choice('stage', 'Execution Stage', Choices.stepStage, { required: 'systemrequired' }),
    rank: col.integer('rank', 'Execution Order', { required: 'systemrequired' }),
    filteringAttributes: col.memo('filteringattributes', 'Filtering Attributes', 100000),
    asyncAutoDelete: col.boolean('asyncautodelete', 'Asynchronous Automatic Delete'),
    supportedDeployment: col.choice('supporteddeployment', 'Deployment', Choices.stepSupportedDeployment),
    configuration: col.memo('configuration', 'Configuration', 1073741823),
    eventHandler: col.lookup('eventhandler', 'Event Handler', [
      std('serviceendpoint', 'eventhandler_serviceendpoint', 'serviceendpoint_sdkmessageprocessingstep'),
    ]),
    message: col.lookup(
      'sdkmessageid',
      'SDK Message',
      [std('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessageprocessingstep')],
      {
        required: 'systemrequired',
      },
    ),
    messageFilter: col.lookup('sdkmessagefilterid', 'SdkMessage Filter', [
      std('sdkmessagefilter', 'sdkmessagefilterid', 'sdkmessagefilterid_sdkmessageprocessingstep'),
    ]),
  },
});
