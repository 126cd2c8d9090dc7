/**
 * Ion's invoices for a billing period, from its Microsoft billing report (report-wire.ts): find the
 * report, read its data for the period (typed JSON rows, or the CSV form), and group the charges into
 * invoices by invoice number. Rows that cannot be understood are reported and skipped; a report Ion cut
 * short is refused (an invoice must never be imported with lines missing). Lines are numbered in a
 * stable order (customer, subscription, charge start, type, quantity), not in Ion's answer order, so a
 * re-import numbers every charge the same way.
 */
import { W365Error } from '../../../common/errors';
import { listingIncomplete, pageRequestOptions } from '../common/paging';
import type { DistributorInvoice, InvoiceListOptions, InvoiceRead, RecordProblem } from '../types';
import type { IonApi } from './api-client';
import { IonErrorCodes } from './errors';
import type { IonSettings } from './properties';
import {
  billingReportIdOf,
  chargeOf,
  columnsOf,
  readDataFrame,
  rowOfValues,
  rowsOfCsv,
  type ReportCharge,
  type ReportRow,
} from './report-parse';
import { dataRequest, INVOICE_MODULE } from './report-wire';
import { Failures } from './strings';

export type ReportFormat = 'json' | 'csv';

export interface IonInvoiceOptions {
  /** Read the report as typed JSON rows (default) or as CSV. */
  format?: ReportFormat;
  pageTimeoutInMs?: number;
}

async function rowsOf(
  api: IonApi,
  settings: IonSettings,
  reportId: string,
  options: InvoiceListOptions & IonInvoiceOptions,
): Promise<(ReportRow | string)[]> {
  const request = { ...pageRequestOptions(options), ...(options.signal ? { signal: options.signal } : {}) };
  const body = dataRequest(reportId, options.periodStart, options.periodEnd);
  if (options.format === 'csv') {
    // The CSV has titles, not template ids: the report's specs say which title is which column.
    const what = `the billing report ${reportId}`;
    const { titles } = columnsOf(
      await api.get(settings, `reports/${encodeURIComponent(reportId)}`, what, request),
      what,
    );
    const csvWhat = `the billing report ${reportId} as CSV`;
    const answer = await api.post(
      settings,
      `reports/${encodeURIComponent(reportId)}/reportDataCsv`,
      body,
      csvWhat,
      request,
    );
    const results = (answer as { results?: unknown })?.results;
    if (typeof results !== 'string')
      throw new W365Error(IonErrorCodes.DistributorError, Failures.unreadable(csvWhat, 'results is not CSV text'), {
        retryable: true,
      });
    return rowsOfCsv(results, titles, csvWhat);
  }
  const what = `the billing report ${reportId} data`;
  const frame = readDataFrame(
    await api.post(settings, `reports/${encodeURIComponent(reportId)}/data`, body, what, request),
    what,
  );
  return frame.rows.map((r) => rowOfValues(r, frame.fields));
}

const orderKey = (c: ReportCharge) =>
  [
    c.customerId,
    c.providerSubscriptionId ?? '',
    c.sku,
    c.periodStart,
    c.chargeType,
    String(c.quantity).padStart(12, '0'),
  ].join('\u0000');

function invoicesOf(
  charges: ReportCharge[],
  options: InvoiceListOptions,
  fallbackCurrency: string | undefined,
): DistributorInvoice[] {
  const byNumber = new Map<string, ReportCharge[]>();
  for (const c of charges) byNumber.set(c.invoiceNumber, [...(byNumber.get(c.invoiceNumber) ?? []), c]);
  return [...byNumber].map(([number, list]) => {
    list.sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : orderKey(a) > orderKey(b) ? 1 : 0));
    const currencyCode = list.find((c) => c.currencyCode)?.currencyCode ?? fallbackCurrency ?? '';
    return {
      number,
      invoiceDate: list.find((c) => c.invoiceDate)?.invoiceDate ?? options.periodEnd,
      periodStart: options.periodStart,
      periodEnd: options.periodEnd,
      currencyCode,
      source: 'ionReport' as const,
      lines: list.map(({ invoiceNumber: _n, invoiceDate: _d, currencyCode: lineCurrency, ...line }, i) => ({
        ...line,
        lineNumber: i + 1,
        // A line keeps a currency only when it is not the invoice's.
        ...(lineCurrency && lineCurrency !== currencyCode ? { currencyCode: lineCurrency } : {}),
      })),
    };
  });
}

export async function readIonInvoices(
  api: IonApi,
  settings: IonSettings,
  options: InvoiceListOptions & IonInvoiceOptions,
): Promise<InvoiceRead[]> {
  try {
    const request = { ...pageRequestOptions(options), ...(options.signal ? { signal: options.signal } : {}) };
    const listWhat = 'the list of reports';
    const reportId = billingReportIdOf(
      await api.get(settings, `reports?module=${INVOICE_MODULE}`, listWhat, request),
      listWhat,
    );
    if (!reportId) throw new W365Error(IonErrorCodes.DistributorError, Failures.noBillingReport);
    const problems: RecordProblem[] = [];
    const charges: ReportCharge[] = [];
    (await rowsOf(api, settings, reportId, options)).forEach((row, i) => {
      const parsed = chargeOf(row, i + 1, { start: options.periodStart, end: options.periodEnd });
      if (parsed.ok) charges.push(parsed.value);
      else problems.push(parsed.problem);
    });
    const invoices = invoicesOf(charges, options, settings.currencyCode);
    // Problems belong to the period's invoices; with several, each carries them all (they cannot be told apart).
    return invoices.map((invoice) => ({ invoice, problems }));
  } catch (err) {
    if (options.signal?.aborted || !(err instanceof W365Error)) throw err;
    throw listingIncomplete(err, Failures.listingIncomplete('invoices'), { kind: 'invoices' });
  }
}
