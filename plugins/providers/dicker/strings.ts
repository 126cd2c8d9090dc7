/**
 * Every user-visible string of the Dicker Data connector, in one place: property labels and
 * descriptions, validation messages, Verify Connectivity outcomes and listing errors. Messages name the
 * field to fix and never include a secret value (callers pass only hosts, statuses and redacted text).
 * What every connector says in the same words is in ../common/strings.ts.
 */
import { TransportFailures, CommonLabels } from '../common/strings';

export const DISPLAY_NAME = 'Dicker Data (Microsoft CSP)';

export const Labels = {
  accountCode: 'Account Code',
  accessToken: 'Access Token',
  endpointUrl: 'End Point URL',
  currencyCode: CommonLabels.currencyCode,
} as const;

export const Descriptions = {
  accountCode:
    'Your Dicker Data account number: the account code you log in to the Dicker Data portal with. Enter it as the provider User Name.',
  accessToken:
    'The Dicker Data B2B access token ("Product Token Key"): New Zealand partners find it under My Account > Branding > Integration in portal.dickerdata.co.nz; Australian partners get it from their Dicker Data account manager. Enter it as the provider Password; it is never shown again.',
  endpointUrl:
    "The Dicker Data B2B API, https://b2b-api.dickerdata.com.au (or https://b2b-api-test.dickerdata.com.au for Dicker's test system).",
  currencyCode:
    'The ISO 4217 code of the currency Dicker Data bills you in: AUD for Australian accounts, NZD for New Zealand ones.',
} as const;

export const Validation = {
  accountCodeFormat: 'Account Code must be your Dicker Data account number: 3 to 20 letters or digits, without spaces.',
  accessTokenFormat: (length: number) =>
    `Access Token does not look like a Dicker Data access token: it must be at least 16 characters without spaces (the value entered has ${length} character${length === 1 ? '' : 's'} or contains spaces).`,
  endpointHasPath: (path: string) =>
    `End Point URL must be the Dicker Data B2B API host only, e.g. https://b2b-api.dickerdata.com.au, without a path (it has '${path}'): Work 365 adds /api/... itself.`,
  endpointHasQuery: 'End Point URL must be the Dicker Data B2B API host only, without ? or #.',
} as const;

export const Verify = {
  verified: (expiresAt: string, lines: number) =>
    `Connected to Dicker Data: the Account Code and Access Token were accepted (access key valid until ${expiresAt}; ${lines} subscription line${lines === 1 ? '' : 's'} in the CSP feed).`,
  unexpected:
    'Verify Connectivity failed unexpectedly while talking to Dicker Data; the service log has the details. Try again later.',
} as const;

export const Failures = {
  credentialsRejected: (detail: string) =>
    `Dicker Data refused the Account Code or Access Token${detail ? ` (${detail})` : ''}. Check the Account Code is your Dicker Data account number and the Access Token is the one issued for it (ask your Dicker Data account manager for a new one if in doubt).`,
  accessKeyUnreadable: (why: string) =>
    `Dicker Data answered the access key request without a usable key (${why}). Check the End Point URL is the Dicker Data B2B API.`,
  accessKeyRejectedByFeed: (detail: string) =>
    `Dicker Data refused a freshly issued access key${detail ? ` (${detail})` : ''}. Try again later; if it persists, ask Dicker Data whether your account is enabled for the CSP feed.`,
  endpointNotFound: (status: number) =>
    `The End Point URL answered HTTP ${status} for a known Dicker Data path: check it is the Dicker Data B2B API (https://b2b-api.dickerdata.com.au).`,
  apiError: (what: string, status: number, detail: string) =>
    `Dicker Data could not return ${what} (HTTP ${status}${detail ? `: ${detail}` : ''}). Try again later; if it persists, contact Dicker Data support.`,
  throttled: (what: string) =>
    `Dicker Data kept answering 429 Too Many Requests for ${what}, even after waiting as asked. Try again later.`,
  unreadable: (what: string, why: string) =>
    `Dicker Data's answer for ${what} could not be read (${why}). Try again later.`,
  ...TransportFailures,
  invoiceFrameChanged: (what: string) =>
    `Dicker Data's answer for ${what} names another invoice than its first page; the invoice changed while it was read. Try again.`,
  listingIncomplete: (what: string) =>
    `The Dicker Data listing of ${what} stopped before the end; nothing should be treated as removed.`,
  createCustomerNotSupported:
    'Customers cannot be created through the Dicker Data integration: create the customer (tenant) with Dicker Data, then run Sync Provider Accounts to bring it into Work 365.',
} as const;

export const Records = {
  rowAt: (page: number, index: number) => `feed line #${index + 1} on page ${page}`,
  subscription: (id: string) => `subscription ${id}`,
  tenant: (id: string) => `tenant ${id}`,
  notAnObject: 'is not a JSON object',
  badTenantId: (value: string) => `has tenant id ${value}, which is not a Microsoft tenant id (GUID)`,
  noTenantName: 'has no tenant name on any of its lines',
  noSubscriptionId: 'has no subscription id',
  badStockCode: (code: string, reason: string) => `has stock code ${code}, which ${reason}`,
  badQuantity: (value: string) => `has quantity ${value}, which is not a whole number of licences of 0 or more`,
  badStatus: (value: string) =>
    `has status ${value}, which is not a status Work 365 knows (Active, Suspended, Cancelled, Expired, Pending)`,
  badPrice: (field: string, value: string) => `has ${field} ${value}, which is not a number`,
  badDate: (field: string, value: string) => `has ${field} ${value}, which is not a date such as 01-Jan-2025`,
  invoiceLineAt: (page: number, index: number) => `invoice line #${index + 1} on page ${page}`,
  invoiceLine: (lineNumber: number) => `invoice line ${lineNumber}`,
  badLineNumber: (value: string) => `has LineNumber ${value}, which is not a whole number of 1 or more`,
  badChargeType: (value: string) =>
    `has ChargeType ${value}, which is not one Work 365 knows (Recurring, Pro Rata, Once Off, Usage)`,
  badNumber: (field: string, value: string) => `has ${field} ${value}, which is not a number`,
} as const;
