/**
 * The properties a Dicker Data provider needs (the CSP Portal seed's "Account Code / Access Code", and
 * the B2B API's handshake [C-3p]): the Account Code (User Name), the Access Token (Password), the B2B
 * API host (End Point URL) and the Currency Code. Declared with labels, sources and validation; checked
 * as a whole and read into one settings object. (readDeclared, checkServiceUrl and checkCurrencyCode are
 * the TechData connector's generic helpers.)
 */
import { checkCurrencyCode, checkServiceUrl, readDeclared } from '../techdata/properties';
import type { ConfigProblem, ConnectorPropertyDecl, ProviderConfig } from '../types';
import { Descriptions, Labels, Validation } from './strings';

export const DickerPropertyNames = { currencyCode: 'Currency Code' } as const;

/** Dicker account numbers' exact format is unknown [?]; this only refuses what cannot be one. */
export function checkAccountCode(value: string): string | undefined {
  return /^[A-Za-z0-9]{3,20}$/.test(value) ? undefined : Validation.accountCodeFormat;
}

export function checkAccessToken(value: string): string | undefined {
  return value.length >= 16 && !/\s/.test(value) ? undefined : Validation.accessTokenFormat(value.length);
}

/** The host only: the handshake and the feed hang off it at fixed paths [C-3p: /api/AccessKeyRequest]. */
export function checkDickerHost(value: string): string | undefined {
  const shape = checkServiceUrl(Labels.endpointUrl, value);
  if (shape) return shape;
  const url = new URL(value);
  if (url.search || url.hash) return Validation.endpointHasQuery;
  if (url.pathname !== '/' && url.pathname !== '') return Validation.endpointHasPath(url.pathname);
  return undefined;
}

export const DICKER_PROPERTIES: readonly ConnectorPropertyDecl[] = [
  { name: 'userName', label: Labels.accountCode, source: 'userName', required: true, secret: false, description: Descriptions.accountCode, example: '123456', validate: checkAccountCode },
  { name: 'password', label: Labels.accessToken, source: 'password', required: true, secret: true, description: Descriptions.accessToken, validate: checkAccessToken },
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
  const problems: ConfigProblem[] = [];
  for (const decl of DICKER_PROPERTIES) {
    const value = readDeclared(config, decl);
    if (value === undefined) {
      if (decl.required) problems.push({ field: decl.label, code: 'PROVIDER_PROPERTY_MISSING', message: Validation.missing(decl.label, decl.source === 'property') });
      continue;
    }
    const message = decl.validate?.(value);
    if (message) problems.push({ field: decl.label, code: 'PROVIDER_PROPERTY_INVALID', message });
  }
  return problems;
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
  const get = (label: string) => {
    const decl = DICKER_PROPERTIES.find((d) => d.label === label);
    return decl ? readDeclared(config, decl) : undefined;
  };
  return {
    accountCode: get(Labels.accountCode) ?? '',
    accessToken: get(Labels.accessToken) ?? '',
    baseUrl: `${new URL(get(Labels.endpointUrl) ?? '').origin}/`,
    currencyCode: (get(Labels.currencyCode) ?? '').toUpperCase(),
  };
}
