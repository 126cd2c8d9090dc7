/**
 * Ion's Reports API as the connector reads it [C: paths and schemas of the OpenAPI document]:
 *   GET  reports?module=INVOICE_REPORTS_MODULE      { reports: [Report] } (no specs)
 *   GET  reports/{reportId}                         Report, with specs.allColumns (id, columnTemplateId, displayName)
 *   POST reports/{reportId}/data                    { report, results: { rows: [{ values: [ReportValue] }] },
 *                                                     resultCount, availableRowsCount } (int64 as strings)
 *   POST reports/{reportId}/reportDataCsv           { results: "<csv>", resultCount }
 * The request body of both POSTs is a Report whose specs select the date range.
 *
 * Which report is the Microsoft billing report, its columns' template ids and its charge type words
 * are not documented [?]: we look for a BILLING_REPORTS report with the template below and read the
 * columns by template id ("microsoft_billing_details.quantity"), after the document's own example
 * ("aws_billing_summary.customer_cost") [I]. Everything that rests on that guess is in this file.
 */

export const INVOICE_MODULE = 'INVOICE_REPORTS_MODULE';
export const BILLING_CATEGORY = 'BILLING_REPORTS';
export const BILLING_REPORT_TEMPLATE = 'microsoft_billing_details';

/** Our fields -> the last part of the billing report's column template ids [I]. */
export const REPORT_COLUMNS = {
  invoiceNumber: 'invoice_number',
  invoiceDate: 'invoice_date',
  customerId: 'customer_id',
  subscriptionId: 'subscription_id',
  partNumber: 'mfg_part_number',
  productName: 'product_name',
  chargeType: 'charge_type',
  quantity: 'quantity',
  unitPrice: 'unit_price',
  unitCost: 'unit_cost',
  amount: 'amount',
  chargeStart: 'charge_start_date',
  chargeEnd: 'charge_end_date',
} as const;
export type ReportField = keyof typeof REPORT_COLUMNS;

/** Columns a charge cannot be read without. */
export const REQUIRED_COLUMNS: readonly ReportField[] = [
  'invoiceNumber',
  'customerId',
  'partNumber',
  'chargeType',
  'quantity',
  'unitCost',
  'amount',
];

/** Charge type words, lower case, spaces and dashes removed [I]. */
export const CHARGE_TYPES = {
  recurring: 'recurring',
  prorated: 'proration',
  proration: 'proration',
  onetime: 'oneoff',
  oneoff: 'oneoff',
  usage: 'usage',
} as const;

/** The body of a data or CSV request: the report, its whole date range given as a fixed one. */
export function dataRequest(reportId: string, periodStart: string, periodEnd: string): Record<string, unknown> {
  return {
    reportId,
    specs: {
      dateRangeOption: {
        selectedRange: {
          relativeDateRange: 'CUSTOM',
          fixedDateRange: { startDate: `${periodStart}T00:00:00Z`, endDate: `${periodEnd}T23:59:59Z` },
        },
      },
      // 0: no limit [C: ReportSpecs.rowsLimit]. The answer's availableRowsCount still says if Ion cut it.
      rowsLimit: '0',
    },
  };
}
