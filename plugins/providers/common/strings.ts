/**
 * The user-visible strings every connector says in the same words: property checks that are not about
 * one distributor, transport failures (which name the field to fix and its host, never a secret), and
 * the lead-in of a Verify message listing property problems. Each connector's own strings.ts keeps what
 * names its distributor.
 */

/** Additional Property names every connector shares, as a partner types them on the Provider. */
export const CommonLabels = {
  currencyCode: 'Currency Code',
} as const;

export const PropertyMessages = {
  missing: (label: string, underAdditionalProperties: boolean) =>
    `${label} is missing: enter it on the provider${underAdditionalProperties ? ' under Additional Properties' : ''}.`,
  notUrl: (label: string) => `${label} is not a valid URL.`,
  notHttps: (label: string) =>
    `${label} must start with https:// (plain http is only accepted for a local sandbox on this machine).`,
  urlHasCredentials: (label: string) => `${label} must not contain a user name or password.`,
  currencyFormat: 'Currency Code must be a three-letter ISO 4217 code such as USD, EUR or GBP.',
  currencyUnknown: (code: string) =>
    `Currency Code '${code}' is not an ISO 4217 currency code; use a code such as USD, EUR or GBP.`,
} as const;

/** Transport failures, by the field whose URL failed (spread into each connector's Failures). */
export const TransportFailures = {
  unreachable: (field: string, host: string, reason: string) =>
    `The ${field} (${host}) cannot be reached (${reason}). Check the URL, and that this service can reach it through any firewall or proxy.`,
  tls: (field: string, host: string) =>
    `The secure (TLS) connection to the ${field} (${host}) failed: its certificate is not trusted, or it does not speak https on that port. Check the URL.`,
  timeout: (field: string, host: string) =>
    `The ${field} (${host}) did not answer in time. Try again later; if it persists, check the URL.`,
  urlBlocked: (field: string, reason: string) => `The ${field} was refused by the service's network policy: ${reason}`,
  urlInvalid: (field: string, reason: string) => `The ${field} is not usable: ${reason}`,
  tooLarge: (field: string, host: string, limit: string) =>
    `The ${field} (${host}) answered with more than ${limit}, the most this service reads, so the answer was not read and nothing was changed. Check the URL; if the distributor really sends answers this large, raise W365_MAX_PROVIDER_RESPONSE_MB.`,
} as const;

/** The start of a Verify (or listing) message that lists every property problem at once. */
export const propertiesIntro = (count: number): string =>
  count === 1
    ? 'Fix this provider setting, then verify again: '
    : `Fix these ${count} provider settings, then verify again: `;
