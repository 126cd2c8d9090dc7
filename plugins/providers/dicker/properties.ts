/**
 * The properties a Dicker Data provider needs (the CSP Portal seed's "Account Code / Access Code", and
 * the B2B API's handshake [C-3p]): the Account Code (User Name), the Access Token (Password), the B2B
 * API host (End Point URL) and the Currency Code. Declared with labels, sources and validation; checked
 * as a whole and read into one settings object. Reading and the checks that are not about Dicker are
 * the connectors' shared ones (../common/properties.ts).
 */
import {
  checkCurrencyCode,
  checkHostOnly,
  declaredValues,
  looksLikeToken,
  validateDeclared,
} from '../common/properties';
import type { SettingsReader } from '../common/settings';
import type { ConfigProblem, ConnectorPropertyDecl, ProviderConfig } from '../types';
import { Descriptions, Labels, Validation } from './strings';

export const DickerPropertyNames = { currencyCode: Labels.currencyCode } as const;

/** Dicker account numbers' exact format is unknown [?]; this only refuses what cannot be one. */
export function checkAccountCode(value: string): string | undefined {
  return /^[A-Za-z0-9]{3,20}$/.test(value) ? undefined : Validation.accountCodeFormat;
}

export function checkAccessToken(value: string): string | undefined {
  return looksLikeToken(value) ? undefined : Validation.accessTokenFormat(value.length);
}

/** The host only: the handshake and the feed hang off it at fixed paths [C-3p: /api/AccessKeyRequest]. */
export function checkDickerHost(value: string): string | undefined {
  return checkHostOnly(Labels.endpointUrl, value, Validation);
}

export const DICKER_PROPERTIES: readonly ConnectorPropertyDecl[] = [
  {
    name: 'userName',
    label: Labels.accountCode,
    source: 'userName',
    required: true,
    secret: false,
    description: Descriptions.accountCode,
    example: '123456',
    validate: checkAccountCode,
  },
  {
    name: 'password',
    label: Labels.accessToken,
    source: 'password',
    required: true,
    secret: true,
    description: Descriptions.accessToken,
    validate: checkAccessToken,
  },
  {
    name: 'endpointUrl',
    label: Labels.endpointUrl,
    source: 'endpointUrl',
    required: true,
    secret: false,
    description: Descriptions.endpointUrl,
    example: 'https://b2b-api.dickerdata.com.au',
    validate: checkDickerHost,
  },
  {
    name: DickerPropertyNames.currencyCode,
    label: Labels.currencyCode,
    source: 'property',
    // The feed carries no currency (Dicker's exports have none) [C-3p], so prices need this one.
    required: true,
    secret: false,
    description: Descriptions.currencyCode,
    example: 'AUD',
    validate: checkCurrencyCode,
  },
];

export function validateDickerConfig(config: ProviderConfig): ConfigProblem[] {
  return validateDeclared(DICKER_PROPERTIES, config);
}

export interface DickerSettings {
  accountCode: string;
  accessToken: string;
  /** `${host}/` */
  baseUrl: string;
  currencyCode: string;
}

/** Read the settings of a config that validateDickerConfig found fine. */
export function readDickerSettings(config: ProviderConfig): DickerSettings {
  const get = declaredValues(DICKER_PROPERTIES, config);
  return {
    accountCode: get(Labels.accountCode) ?? '',
    accessToken: get(Labels.accessToken) ?? '',
    baseUrl: `${new URL(get(Labels.endpointUrl) ?? '').origin}/`,
    currencyCode: (get(Labels.currencyCode) ?? '').toUpperCase(),
  };
}

/** How the connector and Verify check and read the settings; the access token is the secret. */
export const DICKER_SETTINGS: SettingsReader<DickerSettings> = {
  validate: validateDickerConfig,
  read: readDickerSettings,
  secretOf: (settings) => settings.accessToken,
};
