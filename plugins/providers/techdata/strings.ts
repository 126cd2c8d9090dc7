/**
 * Every user-visible string of the TechData connector, in one place: property labels and descriptions,
 * validation messages, Verify Connectivity outcomes and listing errors. Messages name the field to fix
 * and never include a secret value (callers pass only hosts, statuses and redacted distributor text).
 * What every connector says in the same words is in ../common/strings.ts.
 */
import { TransportFailures, CommonLabels } from '../common/strings';

export const DISPLAY_NAME = 'TechData StreamOne (legacy partner API)';

export const Labels = {
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  endpointUrl: 'End Point URL',
  soin: 'TechData SOIN',
  currencyCode: CommonLabels.currencyCode,
  apiEndpointUrl: 'API End Point URL',
  resellerRelationshipUrl: 'TechData Reseller Relationship URL',
} as const;

export const Descriptions = {
  clientId: 'The OAuth Client ID TechData issued for the StreamOne partner API. Enter it as the provider User Name.',
  clientSecret:
    'The OAuth Client Secret issued with the Client ID. Enter it as the provider Password; it is never shown again.',
  endpointUrl:
    'The TechData token URL (PingFederate), e.g. https://sso.techdata.com/as/token.oauth2 (US) or https://eauth.techdata.eu/as/token.oauth2 (EU).',
  soin: 'The 40-character hexadecimal SOIN TechData issued to your reseller account, for the same environment as the Client ID.',
  currencyCode: 'The ISO 4217 code of the currency TechData prices are in, e.g. USD, EUR, GBP.',
  apiEndpointUrl:
    'The base URL of the TechData partner API, e.g. https://partnerapi.tdstreamone.com/ (US) or https://partnerapi.tdstreamone.eu/ (EU).',
  resellerRelationshipUrl:
    'The Microsoft indirect reseller relationship link (admin.microsoft.com ... invType=IndirectResellerRelationship) your customers accept to make TechData their indirect provider.',
} as const;

export const Validation = {
  soinFormat: (length: number) =>
    `TechData SOIN must be exactly 40 hexadecimal characters (0-9, a-f); the value entered has ${length} character${length === 1 ? '' : 's'} or contains other characters.`,
  relationshipHost:
    'TechData Reseller Relationship URL must be a Microsoft admin center link (https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&...).',
  relationshipInvType:
    "TechData Reseller Relationship URL must be an indirect reseller link: its invType must be 'IndirectResellerRelationship' (copy the link TechData gave you, not a direct reseller link).",
  relationshipPartnerId: 'TechData Reseller Relationship URL must carry partnerId, your partner tenant id (a GUID).',
  relationshipMsppId: 'TechData Reseller Relationship URL must carry msppId, your Microsoft Partner ID (digits).',
  relationshipIndirectCspId:
    "TechData Reseller Relationship URL's indirectCSPId, when present, must be TechData's tenant id (a GUID).",
  relationshipDap: "TechData Reseller Relationship URL's DAP, when present, must be true or false.",
} as const;

export const Verify = {
  verified: (customersOnFirstPage: number, totalPages: number) =>
    `Connected to TechData: the Client ID, Client Secret and TechData SOIN were accepted (${customersOnFirstPage} customer${customersOnFirstPage === 1 ? '' : 's'} on the first page, ${totalPages} page${totalPages === 1 ? '' : 's'} in all).`,
  unexpected:
    'Verify Connectivity failed unexpectedly while talking to TechData; the service log has the details. Try again later.',
} as const;

/** Where a request went, for messages: the field the user can correct. */
export type Target = 'token' | 'api';
export const targetField = (target: Target): string =>
  target === 'token' ? Labels.endpointUrl : Labels.apiEndpointUrl;

export const Failures = {
  credentialsRejected: (detail: string) =>
    `TechData refused the Client ID or Client Secret${detail ? ` (${detail})` : ''}. Check both against what TechData issued, and that the End Point URL is the token URL of the same environment (production or UAT).`,
  tokenRejectedByApi: (detail: string) =>
    `The API End Point URL did not accept the token from the End Point URL${detail ? ` (${detail})` : ''}. Check that both URLs belong to the same TechData environment (production or UAT) and that the Client ID is enabled for the partner API.`,
  soinRejected: (detail: string) =>
    `TechData refused the TechData SOIN${detail ? ` (${detail})` : ''}. Check it is the SOIN TechData issued with this Client ID, for the same environment (production or UAT).`,
  tokenEndpointNotFound: (status: number) =>
    `The End Point URL answered HTTP ${status}: it is not TechData's token URL. It normally ends with /as/token.oauth2.`,
  tokenEndpointError: (status: number, detail: string) =>
    `The End Point URL answered HTTP ${status}${detail ? ` (${detail})` : ''} instead of a token. Try again later; if it persists, check the URL with TechData.`,
  tokenMissing:
    "The End Point URL answered without an access token. Check it is TechData's token URL (ending /as/token.oauth2).",
  apiNotFound: (status: number) =>
    `The API End Point URL answered HTTP ${status} for a known partner API path: check it is the base URL of the TechData partner API (e.g. https://partnerapi.tdstreamone.com/).`,
  apiError: (what: string, status: number, detail: string) =>
    `TechData could not return ${what} (HTTP ${status}${detail ? `: ${detail}` : ''}). Try again later; if it persists, contact TechData support.`,
  apiFailedEnvelope: (what: string, detail: string) =>
    `TechData answered 'Failed' for ${what}${detail ? `: ${detail}` : ''}. Try again later; if it persists, contact TechData support.`,
  throttled: (what: string) =>
    `TechData kept answering 429 Too Many Requests for ${what}, even after waiting as asked. Try again later.`,
  unreadable: (what: string, why: string) =>
    `TechData's answer for ${what} could not be read (${why}). The listing is incomplete; try again later.`,
  ...TransportFailures,
  listingIncomplete: (what: string) =>
    `The TechData listing of ${what} stopped before the end; nothing should be treated as removed.`,
  createCustomerNotSupported:
    'Customer accounts cannot be created through the TechData integration: create the customer in the TechData StreamOne portal, then run Sync Provider Accounts to bring it into Work 365.',
} as const;

export const Records = {
  customerAt: (page: number, index: number) => `customer #${index + 1} on page ${page}`,
  customer: (id: string) => `customer ${id}`,
  subscriptionAt: (page: number, index: number) => `subscription #${index + 1} on page ${page}`,
  subscription: (id: string) => `subscription ${id}`,
  notAnObject: 'is not a JSON object',
  noCustomerId: 'has no endCustomerId',
  noCompanyName: 'has no company name',
  notSingleKey: 'is not an object keyed by one subscription id',
  noSku: 'has no sku (the TechData part number)',
  noCustomerOfSubscription: 'has no endCustomerId, so it cannot be linked to a customer',
  badQuantity: (value: string) => `has quantity ${value}, which is not a whole number of licences of 0 or more`,
  badStatus: (value: string) =>
    `has lineStatus ${value}, which is not a known status (active, suspended, cancelled, expired, pending)`,
  badPrice: (value: string) => `has unitPrice ${value}, which is not a number`,
} as const;
