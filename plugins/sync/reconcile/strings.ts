/** Every user-visible string of the reconciliation: the one-sentence detail of each variance, and names. */

const n = (value: number) => String(Math.round(value * 100) / 100);
const money = (value: number) => value.toFixed(2);
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export const Details = {
  invoiceEmpty: (number: string) =>
    `Invoice ${number} has no lines: nothing was compared, and no subscription is reported missing because of it.`,
  duplicateLine: (line: number, first: number) =>
    `Line ${line} repeats line ${first} exactly: the charge is billed twice.`,
  unmappedAccount: (name: string, lines: number) =>
    `The invoice bills ${name} (${plural(lines, 'line')}), whose provider account is not mapped to a CRM account: nobody will be billed for it.`,
  unknownAccount: (customerId: string, lines: number) =>
    `The invoice bills customer ${customerId} (${plural(lines, 'line')}), which has no provider account: run Sync Provider Accounts, then map it.`,
  unmappedSku: (sku: string, lines: number) =>
    `SKU ${sku} (${plural(lines, 'line')}) is not mapped to a CRM product: map it once in Product Mappings.`,
  quantity: (sku: string, expected: number, actual: number, subscriptions: number) =>
    `${sku}: the invoice bills ${n(actual)} seats on average over the period, the CRM expects ${n(expected)}` +
    (subscriptions > 1 ? ` across ${plural(subscriptions, 'subscription')} of this SKU.` : '.'),
  unitCost: (sku: string, expected: number, actual: number) =>
    `${sku}: the distributor charges ${money(actual)} a seat, the CRM expects ${money(expected)}.`,
  priceBelowCost: (sku: string, price: number, cost: number) =>
    `${sku}: the customer is billed ${money(price)} a seat, below the distributor's cost of ${money(cost)}.`,
  currency: (invoice: string, others: readonly string[]) =>
    `The invoice is in ${invoice}, but ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} used for this subscription (its lines, itself or its billing contract): amounts were not compared.`,
  missingInCrm: (sku: string, subscriptionId: string | undefined) =>
    subscriptionId
      ? `The invoice bills subscription ${subscriptionId} (${sku}), which the CRM does not have.`
      : `The invoice bills ${sku}, for which the CRM has no subscription of this customer.`,
  noContract: (sku: string) =>
    `${sku}: the invoice bills this subscription, but it is on no billing contract, so nobody is billed for it.`,
  contractNotRunning: (sku: string) =>
    `${sku}: the invoice bills this subscription, but its billing contract does not run in the billing period.`,
  missingOnInvoice: (sku: string) =>
    `${sku}: the CRM bills this subscription in the period, but the invoice does not charge for it.`,
  customerNoLines: (name: string, subscriptions: number) =>
    `${name} has ${plural(subscriptions, 'subscription')} that bill in the period, but no line of the invoice is for this customer.`,
} as const;

/** The variance row's name: its type's label and what it is about. */
export const varianceName = (typeLabel: string, about: string | undefined) =>
  about ? `${typeLabel}: ${about}` : typeLabel;
