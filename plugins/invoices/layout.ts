/**
 * The invoice CSV layout of docs/invoice-csv.md: one row per invoice line, with the invoice's own
 * fields repeated on every row (as distributor exports do), so a file can be split, sorted or filtered
 * in a spreadsheet and still be read. The header row names the columns; their order does not matter.
 * A partner's own export is read through a column mapping (mapping.ts) onto these fields.
 */

export type FieldKind = 'text' | 'number' | 'wholeNumber' | 'date' | 'currency' | 'chargeType';

export interface FieldDef {
  /** The column title of our layout (what the header row says, matched case-insensitively). */
  column: string;
  kind: FieldKind;
  required: boolean;
  /** Invoice fields must be the same on every row of one invoice. */
  invoiceLevel: boolean;
  maxLength?: number;
}

const f = (column: string, kind: FieldKind, required: boolean, invoiceLevel = false, maxLength?: number): FieldDef => ({
  column,
  kind,
  required,
  invoiceLevel,
  ...(maxLength ? { maxLength } : {}),
});

/** Every field, by the name code uses. */
export const FIELDS = {
  invoiceNumber: f('InvoiceNumber', 'text', true, true, 100),
  invoiceDate: f('InvoiceDate', 'date', false, true),
  billingPeriodStart: f('BillingPeriodStart', 'date', true, true),
  billingPeriodEnd: f('BillingPeriodEnd', 'date', true, true),
  currencyCode: f('Currency', 'currency', true, true),
  invoiceTotal: f('InvoiceTotal', 'number', false, true),
  lineNumber: f('LineNumber', 'wholeNumber', false),
  customerId: f('CustomerId', 'text', true, false, 200),
  subscriptionId: f('SubscriptionId', 'text', false, false, 200),
  sku: f('Sku', 'text', true, false, 200),
  description: f('Description', 'text', false, false, 500),
  quantity: f('Quantity', 'number', true),
  unitPrice: f('UnitPrice', 'number', false),
  unitCost: f('UnitCost', 'number', true),
  amount: f('Amount', 'number', true),
  chargeType: f('ChargeType', 'chargeType', true),
  periodStart: f('PeriodStart', 'date', false),
  periodEnd: f('PeriodEnd', 'date', false),
  lineCurrency: f('LineCurrency', 'currency', false),
} as const satisfies Record<string, FieldDef>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

/** Charge type words read case-insensitively, spaces, dashes and underscores ignored. */
export const CHARGE_TYPE_WORDS: Readonly<Record<string, 'recurring' | 'proration' | 'oneoff' | 'usage'>> = {
  recurring: 'recurring',
  proration: 'proration',
  prorated: 'proration',
  prorata: 'proration',
  oneoff: 'oneoff',
  onetime: 'oneoff',
  usage: 'usage',
};
