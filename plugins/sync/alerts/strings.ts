/** Every user-visible string of the alerts (titles stay under the notification's 200 characters). */
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const when = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

export const AlertTitles = {
  CancellationWindowClosing: (name: string) => `Cancellation window closing: ${name}`.slice(0, 200),
  RenewalWithoutAutoRenew: (name: string) => `Renews without auto-renew: ${name}`.slice(0, 200),
  UnmappedAccount: (name: string) => `New unmapped customer: ${name}`.slice(0, 200),
  UnmappedSku: (sku: string) => `New unmapped SKU: ${sku}`.slice(0, 200),
  DistributorCostChange: (sku: string) => `Distributor cost changed: ${sku}`.slice(0, 200),
  JobFailedTwice: (name: string) => `Failed twice in a row: ${name}`.slice(0, 200),
  CredentialsExpiring: (name: string) => `Credentials expire soon: ${name}`.slice(0, 200),
  digest: (count: number, provider: string) => `${plural(count, 'alert')} for ${provider}`.slice(0, 200),
} as const;

export const AlertMessages = {
  cancellationWindowClosing: (name: string, seats: number, until: string) =>
    `${name} gained ${plural(seats, 'seat')}, and its cancellation window closes at ${when(until)}: after that the seats cannot be reduced with a refund until the term ends. Check the increase was wanted.`,
  renewalWithoutAutoRenew: (name: string, renewal: string, days: number) =>
    `${name} ends its term on ${renewal} (in ${plural(days, 'day')}) and will not renew automatically: renew it at the distributor, or let the customer know it will end.`,
  unmappedAccount: (name: string, id: string) =>
    `The distributor has a customer ${name} (${id}) that is not mapped to a CRM account, so its subscriptions are not synced. Map it in Provider Accounts.`,
  unmappedSku: (sku: string) =>
    `SKU ${sku} is not mapped to a CRM product, so its subscriptions carry no price or cost. Map it once in Product Mappings.`,
  distributorCostChange: (
    sku: string,
    crm: number,
    distributor: number,
    currency: string,
    invoice: string,
    name?: string,
  ) =>
    `Invoice ${invoice} charges ${currency} ${money(distributor)} a seat for ${sku}${name ? ` (${name})` : ''}, where the CRM expects ${currency} ${money(crm)}. Update the product's cost (or the subscription's) if the distributor changed its price.`,
  jobFailedTwice: (name: string, code: string | undefined) =>
    `${name} failed twice in a row${code ? ` (${code})` : ''}. Open the Sync Jobs to see why; the provider's data is not being kept up to date until it runs again.`,
  credentialsExpiring: (name: string, expiresOn: string) =>
    `${name} expires at ${when(expiresOn)}. Renew it before then, or the provider's syncs will fail.`,
  digest: (count: number, lines: readonly string[]) =>
    [`${plural(count, 'alert')} fired at once; the Alerts view lists them all.`, ...lines].join('\n').slice(0, 5000),
} as const;
