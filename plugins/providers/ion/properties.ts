/**
 * The properties a StreamOne Ion provider needs: the reseller Account ID (User Name), the initial
 * refresh token (Password), the Ion host (End Point URL), and two optional Additional Properties.
 * Declared with labels, sources and validation; checked as a whole and read into one settings object.
 * Reading and the checks that are not about Ion are the connectors' shared ones (../common/properties.ts).
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

export const IonPropertyNames = {
  currencyCode: Labels.currencyCode,
  microsoftProviderId: Labels.microsoftProviderId,
} as const;

/** providerId 30 = Microsoft is [I]: the spec's cloudProviderId example and every Microsoft sample line say 30. */
export const DEFAULT_MICROSOFT_PROVIDER_ID = '30';

export function checkAccountId(value: string): string | undefined {
  // "Reseller Id in CCP", an integer [C spec]; 12 digits is far beyond any real id.
  return /^\d{1,12}$/.test(value) ? undefined : Validation.accountIdFormat;
}

/** Ion's token format is not documented [?]; real ones are long base64-like strings [C spec example]. */
export function checkRefreshToken(value: string): string | undefined {
  return looksLikeToken(value) ? undefined : Validation.refreshTokenFormat(value.length);
}

/** The host root only: token and API paths hang off it at fixed places [C]. */
export function checkIonHost(value: string): string | undefined {
  return checkHostOnly(Labels.endpointUrl, value, Validation);
}

export const ION_PROPERTIES: readonly ConnectorPropertyDecl[] = [
  {
    name: 'userName',
    label: Labels.accountId,
    source: 'userName',
    required: true,
    secret: false,
    description: Descriptions.accountId,
    example: '17017',
    validate: checkAccountId,
  },
  {
    name: 'password',
    label: Labels.refreshToken,
    source: 'password',
    // Required at setup; it stays after the first renewal so that Work 365 can tell when the admin pastes
    // a new one (then the stored chain is replaced by it).
    required: true,
    secret: true,
    description: Descriptions.refreshToken,
    validate: checkRefreshToken,
  },
  {
    name: 'endpointUrl',
    label: Labels.endpointUrl,
    source: 'endpointUrl',
    required: true,
    secret: false,
    description: Descriptions.endpointUrl,
    example: 'https://ion.tdsynnex.com',
    validate: checkIonHost,
  },
  {
    name: IonPropertyNames.currencyCode,
    label: Labels.currencyCode,
    source: 'property',
    // Ion lines carry their own currency [C sample], so this is only a fallback.
    required: false,
    secret: false,
    description: Descriptions.currencyCode,
    example: 'USD',
    validate: checkCurrencyCode,
  },
  {
    name: IonPropertyNames.microsoftProviderId,
    label: Labels.microsoftProviderId,
    source: 'property',
    required: false,
    secret: false,
    description: Descriptions.microsoftProviderId,
    example: DEFAULT_MICROSOFT_PROVIDER_ID,
    validate: (v) => (/^\d{1,6}$/.test(v) ? undefined : Validation.providerIdFormat),
  },
];

export function validateIonConfig(config: ProviderConfig): ConfigProblem[] {
  return validateDeclared(ION_PROPERTIES, config);
}

/** Everything the connector needs to talk to Ion, validated. */
export interface IonSettings {
  providerId: string;
  accountId: string;
  /** The refresh token the admin entered: the seed of the stored token chain. */
  seedRefreshToken: string;
  /** `${host}/oauth/token` (at the host root, not under /api [C]). */
  tokenUrl: string;
  /** `${host}/oauth/validateAccess`. */
  validateUrl: string;
  /** `${host}/api/v3/accounts/${accountId}/`, always ending with '/'. */
  accountApiUrl: string;
  currencyCode?: string;
  microsoftProviderId: string;
}

/** Read the settings of a config that validateIonConfig found fine. */
export function readIonSettings(config: ProviderConfig): IonSettings {
  const get = declaredValues(ION_PROPERTIES, config);
  const host = new URL(get(Labels.endpointUrl) ?? '').origin;
  const accountId = get(Labels.accountId) ?? '';
  const currency = get(Labels.currencyCode);
  return {
    providerId: config.providerId,
    accountId,
    seedRefreshToken: get(Labels.refreshToken) ?? '',
    tokenUrl: `${host}/oauth/token`,
    validateUrl: `${host}/oauth/validateAccess`,
    accountApiUrl: `${host}/api/v3/accounts/${encodeURIComponent(accountId)}/`,
    ...(currency ? { currencyCode: currency.toUpperCase() } : {}),
    microsoftProviderId: get(Labels.microsoftProviderId) ?? DEFAULT_MICROSOFT_PROVIDER_ID,
  };
}

/** How the connector and Verify check and read the settings; the refresh token entered is the secret. */
export const ION_SETTINGS: SettingsReader<IonSettings> = {
  validate: validateIonConfig,
  read: readIonSettings,
  secretOf: (settings) => settings.seedRefreshToken,
};
