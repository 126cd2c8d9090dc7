/**
 * Ion's Reports API as the sandbox serves it (schemas Report, ReportSpecs, ReportColumn, ReportValue,
 * GetReportDataResponse, GetReportDataCsvResponse, ListReportsResponse [C: the OpenAPI document]): two
 * report definitions, a billing report (Microsoft charges of a period, billing.ts) and a customer
 * report, whose data is computed on request for the date range the request selects. Which columns
 * Ion's billing report has, their template ids and how a row's values are typed are not documented
 * [?]: ours follow the document's own example ("aws_billing_summary.customer_cost") [I]. Every body
 * is validated against the document by tests/emulators/ion/reports-openapi.test.ts.
 */
import { stringify } from 'csv-stringify/sync';
import { REFERENCE_DATE, addDays, addMonths } from '../sandbox-kit/dates';
import type { BillingPeriod, BillingRow } from './billing';

export const BILLING_REPORT_ID = '7301';
export const CUSTOMER_REPORT_ID = '7302';
export const BILLING_TEMPLATE = 'microsoft_billing_details';

type ValueType = 'STRING' | 'FLOAT' | 'MONEY' | 'DATE';

interface ColumnDef {
  key: keyof BillingRow;
  template: string;
  displayName: string;
  type: ValueType;
}

/** The billing report's columns, in report order. */
export const BILLING_COLUMNS: readonly ColumnDef[] = [
  ['invoiceNumber', 'invoice_number', 'Invoice Number', 'STRING'],
  ['invoiceDate', 'invoice_date', 'Invoice Date', 'DATE'],
  ['customerId', 'customer_id', 'Customer ID', 'STRING'],
  ['customerName', 'customer_name', 'Customer Name', 'STRING'],
  ['subscriptionId', 'subscription_id', 'Subscription ID', 'STRING'],
  ['microsoftSubscriptionId', 'provider_subscription_id', 'Provider Subscription ID', 'STRING'],
  ['partNumber', 'mfg_part_number', 'Part Number', 'STRING'],
  ['productName', 'product_name', 'Product', 'STRING'],
  ['chargeType', 'charge_type', 'Charge Type', 'STRING'],
  ['quantity', 'quantity', 'Quantity', 'FLOAT'],
  ['unitPrice', 'unit_price', 'Unit Price', 'MONEY'],
  ['unitCost', 'unit_cost', 'Unit Cost', 'MONEY'],
  ['amount', 'amount', 'Amount', 'MONEY'],
  ['chargeStart', 'charge_start_date', 'Charge Start Date', 'DATE'],
  ['chargeEnd', 'charge_end_date', 'Charge End Date', 'DATE'],
].map(([key, template, displayName, type]) => ({
  key: key as keyof BillingRow,
  template: `${BILLING_TEMPLATE}.${template}`,
  displayName,
  type: type as ValueType,
}));

/** The customer report's columns (the connector must not take it for the billing report). */
const CUSTOMER_COLUMNS: readonly Omit<ColumnDef, 'key'>[] = [
  { template: 'customer_list.customer_id', displayName: 'Customer ID', type: 'STRING' },
  { template: 'customer_list.customer_name', displayName: 'Customer Name', type: 'STRING' },
];

/** A customer report row. */
export function customerRowToWire(customerId: string, name: string): { values: Record<string, unknown>[] } {
  return { values: [customerId, name].map((v) => ({ valueType: 'STRING', stringValue: v })) };
}

const CREATED = `${addMonths(REFERENCE_DATE, -14)}T09:12:00Z`;

function definition(id: string, accountId: string): Record<string, unknown> {
  const billing = id === BILLING_REPORT_ID;
  return {
    reportId: id,
    reportTemplateId: billing ? BILLING_TEMPLATE : 'customer_list',
    reportModule: billing ? 'INVOICE_REPORTS_MODULE' : 'REPORTS_REPORTS_MODULE',
    displayName: billing ? 'Microsoft billing details' : 'Customers',
    category: billing ? 'BILLING_REPORTS' : 'CUSTOMER_REPORTS',
    createdBy: `accounts/${accountId}/users/1001`,
    lastUpdatedBy: `accounts/${accountId}/users/1001`,
    accessTime: `${REFERENCE_DATE}T06:00:00Z`,
    createTime: CREATED,
    providerIds: ['30'],
  };
}

export const REPORT_IDS = [BILLING_REPORT_ID, CUSTOMER_REPORT_ID];

/** `GET /reports?module=`: the definitions without specs [C: "not including report options"]. */
export function reportList(accountId: string, module: string | undefined): Record<string, unknown> {
  const reports = REPORT_IDS.map((id) => definition(id, accountId)).filter(
    (r) => !module || module === 'REPORTS_MODULE_UNSPECIFIED' || r.reportModule === module,
  );
  return { reports };
}

const at = (day: string, end = false) => `${day}T${end ? '23:59:59' : '00:00:00'}Z`;

/** The report with its specs: columns, the date range asked for (resolved), the currency. */
/** The column titles of a report, as its CSV header writes them. */
export function csvHeaderOf(id: string): string[] {
  return (id === BILLING_REPORT_ID ? BILLING_COLUMNS : CUSTOMER_COLUMNS).map((c) => c.displayName);
}

export function reportWithSpecs(
  id: string,
  accountId: string,
  currency: string,
  period: BillingPeriod,
  relative: string,
) {
  const columns = id === BILLING_REPORT_ID ? BILLING_COLUMNS : CUSTOMER_COLUMNS;
  const range = { startDate: at(period.start), endDate: at(period.end, true) };
  return {
    ...definition(id, accountId),
    specs: {
      allColumns: columns.map((c, i) => ({
        id: String(i + 1),
        columnTemplateId: c.template,
        displayName: c.displayName,
        groupable: c.type === 'STRING',
      })),
      dateRangeOption: {
        availableRange: {
          relativeDateRange: 'CUSTOM',
          fixedDateRange: { startDate: CREATED, endDate: at(REFERENCE_DATE) },
        },
        selectedRange: {
          relativeDateRange: relative,
          relativeActualDateRange: range,
          ...(relative === 'CUSTOM' ? { fixedDateRange: range } : {}),
        },
        billingDay: '0',
      },
      currencyOption: {
        availableCurrencies: [
          { code: currency, symbol: currency === 'USD' ? '$' : currency, name: currency, displayOrder: 1 },
        ],
        selected_currency: {
          code: currency,
          symbol: currency === 'USD' ? '$' : currency,
          name: currency,
          displayOrder: 1,
        },
      },
      rowsLimit: '0',
    },
  };
}

/**
 * The period a request selects: `CUSTOM` with a fixed range, or one of the relative ranges a billing
 * report is read with, relative to the sandbox's today (the reference date). Undefined when the
 * request asks for something else or for an impossible range.
 */
export function periodOf(body: unknown): { period: BillingPeriod; relative: string } | undefined {
  const selected = (body as { specs?: { dateRangeOption?: { selectedRange?: Record<string, unknown> } } })?.specs
    ?.dateRangeOption?.selectedRange;
  const relative = typeof selected?.relativeDateRange === 'string' ? selected.relativeDateRange : 'LAST_MONTH';
  const month = (back: number) => ({
    start: addMonths(REFERENCE_DATE, -back),
    end: addDays(addMonths(REFERENCE_DATE, 1 - back), -1),
  });
  if (relative === 'LAST_MONTH') return { period: month(1), relative };
  if (relative === 'TWO_MONTHS_AGO') return { period: month(2), relative };
  if (relative === 'MONTH_TO_DATE') return { period: { start: REFERENCE_DATE, end: REFERENCE_DATE }, relative };
  const fixed = selected?.fixedDateRange as { startDate?: unknown; endDate?: unknown } | undefined;
  if (relative !== 'CUSTOM' || typeof fixed?.startDate !== 'string' || typeof fixed.endDate !== 'string')
    return undefined;
  const [start, end] = [fixed.startDate.slice(0, 10), fixed.endDate.slice(0, 10)];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || start > end) return undefined;
  return { period: { start, end }, relative };
}

/** One typed value [C: ReportValue]; the first customer column carries the invoice key [C]. */
function valueOf(c: ColumnDef, row: BillingRow, currency: string): Record<string, unknown> {
  const v = row[c.key];
  if (c.type === 'MONEY') return { valueType: 'MONEY', moneyValue: { currency, value: v } };
  if (c.type === 'FLOAT') return { valueType: 'FLOAT', floatValue: v };
  if (c.type === 'DATE') return { valueType: 'DATE', dateValue: at(String(v)) };
  const value: Record<string, unknown> = { valueType: 'STRING', stringValue: String(v) };
  if (c.key === 'customerId')
    value.invoiceKey = { providerId: ['30'], customerId: String(v), providerCurrency: [currency] };
  return value;
}

export type RowBreak = 'noCustomer' | 'textQuantity' | 'unknownChargeType' | 'shortRow';
export const ROW_BREAKS: readonly RowBreak[] = ['noCustomer', 'textQuantity', 'unknownChargeType', 'shortRow'];

export function rowToWire(row: BillingRow, currency: string, broken?: RowBreak): { values: Record<string, unknown>[] } {
  const values = BILLING_COLUMNS.map((c) => valueOf(c, row, currency));
  const index = (key: keyof BillingRow) => BILLING_COLUMNS.findIndex((c) => c.key === key);
  if (broken === 'noCustomer') values[index('customerId')] = { valueType: 'STRING', stringValue: '' };
  else if (broken === 'textQuantity') values[index('quantity')] = { valueType: 'STRING', stringValue: 'ten' };
  else if (broken === 'unknownChargeType')
    values[index('chargeType')] = { valueType: 'STRING', stringValue: 'Adjustment?' };
  else if (broken === 'shortRow') values.pop();
  return { values };
}

/** The same rows as CSV: a header of display names, dates as yyyy-mm-dd, money as plain numbers [I]. */
export function rowsToCsv(header: readonly string[], rows: readonly { values: Record<string, unknown>[] }[]): string {
  const cell = (v: Record<string, unknown>) =>
    v.valueType === 'MONEY'
      ? String((v.moneyValue as { value: number }).value)
      : v.valueType === 'FLOAT'
        ? String(v.floatValue)
        : v.valueType === 'DATE'
          ? String(v.dateValue).slice(0, 10)
          : String(v.stringValue ?? '');
  return stringify([[...header], ...rows.map((r) => r.values.map(cell))]);
}
