/**
 * Every user-visible string of the TD SYNNEX StreamOne Ion connector, in one place: property labels and
 * descriptions, validation messages, Verify Connectivity outcomes, token protocol failures and listing
 * errors. Messages name the field to fix and never include a secret value (callers pass only hosts,
 * statuses and redacted distributor text). What every connector says in the same words is in
 * ../common/strings.ts.
 */
import { TransportFailures, CommonLabels } from '../common/strings';

export const DISPLAY_NAME = 'TD SYNNEX StreamOne Ion (API v3)';

/** Where the admin gets new credentials; quoted in every message that asks for them [C: freshdesk article]. */
const NEW_CREDENTIALS_STEPS =
  "In the StreamOne Ion portal go to Settings > Users > Edit user > OAuth credentials > Request New Credentials, then paste the new refresh token into this provider's Refresh Token (Password) field and run Verify Connectivity.";

export const Labels = {
  accountId: 'Account ID',
  refreshToken: 'Refresh Token',
  endpointUrl: 'End Point URL',
  currencyCode: CommonLabels.currencyCode,
  microsoftProviderId: 'Ion Microsoft Provider ID',
} as const;

export const Descriptions = {
  accountId:
    'Your StreamOne Ion reseller account id ("Reseller Id in CCP"), shown in the Ion portal under Settings > Account > Account Information, e.g. 17017. Enter it as the provider User Name.',
  refreshToken:
    "The refresh token the Ion portal shows once under Settings > Users > Edit user > OAuth credentials > Request New Credentials. Enter it as the provider Password. Ion refresh tokens are single-use: Work 365 uses this one once and from then on keeps the rotated token in the provider's secured Token State. Replace it only when Work 365 asks you to request new credentials.",
  endpointUrl:
    'The StreamOne Ion host, https://ion.tdsynnex.com. Work 365 adds the token path (/oauth/token) and the API path (/api/v3/...) itself.',
  currencyCode:
    'Optional. The ISO 4217 code of the currency of your Ion account (e.g. USD, EUR, SEK): used for lines that carry no currency, and to find the currency in Dynamics.',
  microsoftProviderId:
    'Optional. The Ion cloud provider id of Microsoft; 30 unless TD SYNNEX tells you otherwise. Only subscriptions and cloud profiles of this provider are read.',
} as const;

export const Validation = {
  accountIdFormat:
    'Account ID must be your Ion reseller account id: digits only, e.g. 17017 (Settings > Account > Account Information).',
  refreshTokenFormat: (length: number) =>
    `Refresh Token does not look like an Ion refresh token: it must be at least 16 characters without spaces (the value entered has ${length} character${length === 1 ? '' : 's'} or contains spaces).`,
  endpointHasPath: (path: string) =>
    `End Point URL must be the Ion host only, e.g. https://ion.tdsynnex.com, without a path (it has '${path}'): Work 365 adds /oauth/token and /api/v3 itself.`,
  endpointHasQuery: 'End Point URL must be the Ion host only, e.g. https://ion.tdsynnex.com, without ? or #.',
  providerIdFormat: 'Ion Microsoft Provider ID must be a whole number such as 30.',
} as const;

export const Verify = {
  verified: (customersOnFirstPage: number, morePages: boolean, refreshDaysLeft: number | undefined) =>
    `Connected to TD SYNNEX StreamOne Ion: the refresh token and Account ID were accepted (${customersOnFirstPage} customer${customersOnFirstPage === 1 ? '' : 's'} on the first page${morePages ? ', more pages follow' : ''})` +
    (refreshDaysLeft === undefined
      ? '.'
      : `; the stored refresh token is good for ${refreshDaysLeft} more day${refreshDaysLeft === 1 ? '' : 's'} and is renewed on every sync.`),
  unexpected:
    'Verify Connectivity failed unexpectedly while talking to TD SYNNEX StreamOne Ion; the service log has the details. Try again later.',
  leaseBusy:
    'Another job of this provider is renewing the Ion token right now and did not finish in time. Try again in a minute.',
} as const;

/** Where a request went, for messages: the field the user can correct. */
export type Target = 'token' | 'api';
export const targetField = (_target: Target): string => Labels.endpointUrl;

export const Failures = {
  refreshRejected: (detail: string, issuedDaysAgo: number | undefined) =>
    `TD SYNNEX StreamOne Ion refused the stored refresh token${detail ? ` (${detail})` : ''}` +
    (issuedDaysAgo !== undefined && issuedDaysAgo >= 32
      ? `: it was issued ${issuedDaysAgo} days ago and Ion refresh tokens expire after 32 days unused.`
      : ': it has expired, was revoked, or was already used by another system (Ion refresh tokens are single-use).') +
    ` ${NEW_CREDENTIALS_STEPS}`,
  refreshLost: (startedAt: string, detail: string) =>
    `TD SYNNEX StreamOne Ion no longer accepts the stored refresh token${detail ? ` (${detail})` : ''}. A token renewal that started at ${startedAt} was interrupted after Ion may have accepted it, and the new refresh token Ion issued never reached Work 365. Ion refresh tokens are single-use, so this connection cannot renew itself. ${NEW_CREDENTIALS_STEPS}`,
  refreshDead: (since: string, why: string) =>
    `Work 365 stopped using the Ion credentials on ${since} because ${why} ${NEW_CREDENTIALS_STEPS}`,
  deadWhyRejected: 'Ion refused the stored refresh token.',
  deadWhyLost: 'an interrupted token renewal lost the refresh token Ion issued.',
  tokenAnswerUnreadable: (why: string) =>
    `The End Point URL answered the token request without a usable token (${why}). Check it is the StreamOne Ion host (https://ion.tdsynnex.com).`,
  tokenEndpointNotFound: (status: number) =>
    `The End Point URL answered HTTP ${status} for /oauth/token: it is not the StreamOne Ion host. Enter https://ion.tdsynnex.com.`,
  tokenEndpointError: (status: number, detail: string) =>
    `The Ion token endpoint answered HTTP ${status}${detail ? ` (${detail})` : ''} instead of a token. The stored refresh token is kept and tried again on the next run; if this persists, contact TD SYNNEX support.`,
  tokenNotSaved: (detail: string) =>
    `Ion issued a new refresh token but Work 365 could not save it to the provider's Token State (${detail}). It is kept in this server's token journal and saved on the next run; do not request new credentials yet. Try again in a few minutes.`,
  tokenStateCorrupt: `The provider's stored Ion Token State cannot be read (it was edited or damaged). ${NEW_CREDENTIALS_STEPS}`,
  tokenStoreMissing:
    'This service was started without a token store, which TD SYNNEX StreamOne Ion needs: Ion refresh tokens are single-use and every renewal must be saved to Dataverse before it is used. Start the service with the Dataverse token store (see plugins/providers/ion/dataverse-token-store.ts).',
  leaseBusy: (waitedInMs: number) =>
    `Another job of this provider held the Ion token lease for ${Math.round(waitedInMs / 1000)} s and did not release it. Try again in a minute.`,
  leaseLost: 'The Ion token lease of this job expired before it finished its work. Try again.',
  stateConflict: 'Another job changed the stored Ion Token State while this one was renewing it. Try again.',
  accessTokenRejected: (detail: string) =>
    `TD SYNNEX StreamOne Ion refused a freshly issued access token${detail ? ` (${detail})` : ''}. Check that the Refresh Token belongs to a user of the Account ID's account, and try again later.`,
  accountRejected: (detail: string) =>
    `TD SYNNEX StreamOne Ion refused access to this Account ID${detail ? ` (${detail})` : ''}. Check the Account ID (Settings > Account > Account Information) and that the user whose credentials you requested can access it.`,
  apiNotFound: (status: number) =>
    `The End Point URL answered HTTP ${status} for a known Ion API path: check it is the StreamOne Ion host (https://ion.tdsynnex.com).`,
  apiError: (what: string, status: number, detail: string) =>
    `TD SYNNEX StreamOne Ion could not return ${what} (HTTP ${status}${detail ? `: ${detail}` : ''}). Try again later; if it persists, contact TD SYNNEX support.`,
  throttled: (what: string) =>
    `TD SYNNEX StreamOne Ion kept answering 429 Too Many Requests for ${what}, even after waiting as asked. Try again later.`,
  unreadable: (what: string, why: string) =>
    `TD SYNNEX StreamOne Ion's answer for ${what} could not be read (${why}). Try again later.`,
  ...TransportFailures,
  listingIncomplete: (what: string) =>
    `The Ion listing of ${what} stopped before the end; nothing should be treated as removed.`,
  tooManyPages: (what: string) =>
    `TD SYNNEX StreamOne Ion kept returning more pages of ${what} than any account has; the listing was stopped.`,
  repeatedPageToken: (what: string) =>
    `TD SYNNEX StreamOne Ion returned the same nextPageToken twice for ${what}; the listing was stopped instead of looping.`,
  noBillingReport:
    'TD SYNNEX StreamOne Ion lists no Microsoft billing report for this account (a Billing report of the Invoice module, "Microsoft billing details"). Ask TD SYNNEX to enable billing reports for the account, or import the invoice from a file.',
  reportCut: (what: string, rows: number, available: number) =>
    `TD SYNNEX StreamOne Ion returned ${rows} of the ${available} rows of ${what}; an invoice is never imported with lines missing. Try again later.`,
  createCustomerNotSupported:
    'Customers cannot be created through the StreamOne Ion integration of Work 365 yet: create the customer in the StreamOne Ion portal, then run Sync Provider Accounts to bring it into Work 365.',
} as const;

export const Records = {
  customerAt: (page: number, index: number) => `customer #${index + 1} on page ${page}`,
  customer: (id: string) => `customer ${id}`,
  subscriptionAt: (offset: number, index: number) => `subscription #${offset + index + 1}`,
  subscription: (id: string) => `subscription ${id}`,
  notAnObject: 'is not a JSON object',
  badName: (name: string) => `has name ${name}, which is not accounts/<account id>/customers/<customer id>`,
  noOrganization: 'has no customerOrganization (company name)',
  noId: 'has no id (the Ion line id)',
  noCustomerId: 'has no customerId, so it cannot be linked to a customer',
  noSku: 'has neither mfgPartNumber nor ccpProductId/ccpSkuId/ccpPlanId, so it has no part number to map to a product',
  badQuantity: (value: string) =>
    `has subscriptionTotalLicenses ${value}, which is not a whole number of licences of 0 or more`,
  badStatus: (value: string) => `has subscriptionStatus ${value}, which is not a status Work 365 knows`,
  badPrice: (field: string, value: string) => `has ${field} ${value}, which is not a number`,
  reportRow: (n: number) => `billing report row #${n}`,
  reportRowLength: (values: number, columns: number) => `has ${values} values, but the report has ${columns} columns`,
  reportValueMissing: (column: string) => `has no ${column}`,
  reportChargeType: (value: string) =>
    `has charge type ${value}, which is not one Work 365 knows (Recurring, Prorated, One-time, Usage)`,
  reportNumber: (column: string, value: string) => `has ${column} ${value}, which is not a number`,
} as const;
