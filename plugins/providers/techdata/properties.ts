/**
 * The properties a TechData provider needs (techdata-provider-setup.txt): declared with labels,
 * sources, validation; checked as a whole (validateConfig) and read into one typed settings object.
 * Reading and the checks that are not about TechData are the connectors' shared ones (../common/properties.ts).
 */
import { checkCurrencyCode, checkServiceUrl, declaredValues, validateDeclared } from '../common/properties';
import type { SettingsReader } from '../common/settings';
import type { ConfigProblem, ConnectorPropertyDecl, ProviderConfig } from '../types';
import { checkResellerRelationshipUrl } from './relationship-url';
import { Descriptions, Labels, Validation } from './strings';

/** Additional Property names as stored on the provider: the labels the seed uses, defined once in ./strings. */
export const TechDataPropertyNames = {
  soin: Labels.soin,
  currencyCode: Labels.currencyCode,
  apiEndpointUrl: Labels.apiEndpointUrl,
  resellerRelationshipUrl: Labels.resellerRelationshipUrl,
} as const;

/** The SOIN is a per-reseller 40-hex-character identifier [C-3p]. */
export function checkSoin(value: string): string | undefined {
  return /^[0-9a-f]{40}$/i.test(value) ? undefined : Validation.soinFormat(value.length);
}

export const TECHDATA_PROPERTIES: readonly ConnectorPropertyDecl[] = [
  {
    name: 'userName',
    label: Labels.clientId,
    source: 'userName',
    required: true,
    secret: false,
    description: Descriptions.clientId,
  },
  {
    name: 'password',
    label: Labels.clientSecret,
    source: 'password',
    required: true,
    secret: true,
    description: Descriptions.clientSecret,
  },
  {
    name: 'endpointUrl',
    label: Labels.endpointUrl,
    source: 'endpointUrl',
    required: true,
    secret: false,
    description: Descriptions.endpointUrl,
    example: 'https://sso.techdata.com/as/token.oauth2',
    validate: (v) => checkServiceUrl(Labels.endpointUrl, v),
  },
  {
    name: TechDataPropertyNames.soin,
    label: Labels.soin,
    source: 'property',
    required: true,
    // An account identifier, not a credential: it is useless without the client secret. It is still
    // never echoed in messages, because public code has leaked real ones.
    secret: false,
    description: Descriptions.soin,
    example: '0123456789abcdef0123456789abcdef01234567',
    validate: checkSoin,
  },
  {
    name: TechDataPropertyNames.currencyCode,
    label: Labels.currencyCode,
    source: 'property',
    required: true,
    secret: false,
    description: Descriptions.currencyCode,
    example: 'USD',
    validate: checkCurrencyCode,
  },
  {
    name: TechDataPropertyNames.apiEndpointUrl,
    label: Labels.apiEndpointUrl,
    source: 'property',
    required: true,
    secret: false,
    description: Descriptions.apiEndpointUrl,
    example: 'https://partnerapi.tdstreamone.com/',
    validate: (v) => checkServiceUrl(Labels.apiEndpointUrl, v),
  },
  {
    name: TechDataPropertyNames.resellerRelationshipUrl,
    label: Labels.resellerRelationshipUrl,
    source: 'property',
    // Not needed to read customers or subscriptions, so a missing link must not block Verify or a sync;
    // when entered, it must have the right shape, since customers are sent to it.
    required: false,
    secret: false,
    description: Descriptions.resellerRelationshipUrl,
    example:
      'https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=<your tenant id>&msppId=<your Partner ID>&indirectCSPId=<TechData tenant id>&DAP=true#/BillingAccounts/partner-invitation',
    validate: checkResellerRelationshipUrl,
  },
];

export function validateTechDataConfig(config: ProviderConfig): ConfigProblem[] {
  return validateDeclared(TECHDATA_PROPERTIES, config);
}

/** Everything the connector needs to talk to TechData, validated. */
export interface TechDataSettings {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  soin: string;
  currencyCode: string;
  /** Always ends with '/', so relative paths resolve beneath it. */
  apiBaseUrl: string;
  resellerRelationshipUrl?: string;
}

/** Read the settings of a config that validateTechDataConfig found fine. */
export function readTechDataSettings(config: ProviderConfig): TechDataSettings {
  const get = declaredValues(TECHDATA_PROPERTIES, config);
  const apiBase = get(Labels.apiEndpointUrl) ?? '';
  return {
    clientId: get(Labels.clientId) ?? '',
    clientSecret: get(Labels.clientSecret) ?? '',
    tokenUrl: get(Labels.endpointUrl) ?? '',
    // Sent exactly as entered: whether TechData compares SOINs case-sensitively is unknown [?].
    soin: get(Labels.soin) ?? '',
    currencyCode: (get(Labels.currencyCode) ?? '').toUpperCase(),
    apiBaseUrl: apiBase.endsWith('/') ? apiBase : `${apiBase}/`,
    resellerRelationshipUrl: get(Labels.resellerRelationshipUrl),
  };
}

/** How the connector and Verify check and read the settings; the client secret is the secret. */
export const TECHDATA_SETTINGS: SettingsReader<TechDataSettings> = {
  validate: validateTechDataConfig,
  read: readTechDataSettings,
  secretOf: (settings) => settings.clientSecret,
};
