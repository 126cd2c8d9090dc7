/**
 * Dicker Data invoices of a billing period, from the invoice feed of our design (invoice-mapping.ts):
 * one invoice per month, read page by page (a few at once after the first, handed out in order). A
 * line that cannot be understood is reported and skipped; a page that cannot be read, or that names
 * another invoice than the first page, stops the read: an invoice is never imported with lines missing.
 */
import { W365Error } from '../../../common/errors';
import { MAX_PAGES, listingIncomplete, pageRequestOptions, pagesInOrder } from '../common/paging';
import type { DistributorInvoiceLine, InvoiceListOptions, InvoiceRead, RecordProblem } from '../types';
import type { DickerApi } from './api-client';
import { DickerErrorCodes } from './errors';
import { DEFAULT_INVOICE_PAGE_SIZE, invoiceLineOfRow, readInvoicePage, type InvoiceFrame } from './invoice-mapping';
import type { DickerSettings } from './properties';
import { Failures } from './strings';

export interface DickerInvoiceOptions {
  pageSize?: number;
  pageConcurrency?: number;
  pageTimeoutInMs?: number;
}

/** Dicker invoices calendar months [I]: the month the period starts in. */
const monthStartOf = (periodStart: string) => `${periodStart.slice(0, 7)}-01`;

export async function readDickerInvoices(
  api: DickerApi,
  settings: DickerSettings,
  options: InvoiceListOptions & DickerInvoiceOptions,
): Promise<InvoiceRead[]> {
  const pageSize = options.pageSize ?? DEFAULT_INVOICE_PAGE_SIZE;
  const periodStart = monthStartOf(options.periodStart);
  const request = pageRequestOptions(options);
  let first: InvoiceFrame | undefined;
  const fetchPage = async (page: number, signal: AbortSignal) => {
    const what = `invoice page ${page} of ${periodStart.slice(0, 7)}`;
    try {
      const frame = readInvoicePage(
        await api.invoicePage(settings, periodStart, page, pageSize, what, { ...request, signal }),
        pageSize,
        what,
      );
      if (frame.totalPages > MAX_PAGES)
        throw new W365Error(
          DickerErrorCodes.DistributorError,
          Failures.unreadable(what, `${frame.totalPages} pages is implausible`),
        );
      if (first && frame.number !== first.number)
        throw new W365Error(DickerErrorCodes.DistributorError, Failures.invoiceFrameChanged(what), { retryable: true });
      first ??= frame;
      return frame;
    } catch (err) {
      if (signal.aborted || !(err instanceof W365Error)) throw err;
      throw listingIncomplete(err, Failures.listingIncomplete('invoices'), { page, kind: 'invoices' });
    }
  };
  const lines: DistributorInvoiceLine[] = [];
  const problems: RecordProblem[] = [];
  for await (const { page, body } of pagesInOrder({
    fetchPage,
    totalPages: (f) => Math.max(1, f.totalPages),
    concurrency: options.pageConcurrency ?? 4,
    signal: options.signal,
  })) {
    body.rows.forEach((raw, i) => {
      const parsed = invoiceLineOfRow(raw, page, i, { start: options.periodStart, end: options.periodEnd });
      if (parsed.ok) lines.push(parsed.value);
      else problems.push(parsed.problem);
    });
  }
  if (!first?.number) return [];
  return [
    {
      invoice: {
        number: first.number,
        invoiceDate: first.invoiceDate ?? first.periodEnd ?? options.periodEnd,
        periodStart: first.periodStart ?? options.periodStart,
        periodEnd: first.periodEnd ?? options.periodEnd,
        currencyCode: first.currencyCode ?? settings.currencyCode,
        ...(first.total !== undefined ? { statedTotal: first.total } : {}),
        source: 'dickerFeed',
        lines,
      },
      problems,
    },
  ];
}
