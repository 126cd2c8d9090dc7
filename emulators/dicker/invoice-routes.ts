/**
 * The Dicker Data sandbox's invoice feed (OUR DESIGN; plugins/providers/dicker/invoice-mapping.ts):
 *   POST /api/Csp/InvoiceLines
 *   { "RequestHeader": { TransactionID, Token, AccessKey }, "PeriodStart": "01-Jun-2025", "PageNumber": 1, "PageSize": 200 }
 *   -> { Status, Message, InvoiceNumber, InvoiceDate, PeriodStart, PeriodEnd, Currency, InvoiceTotal,
 *        TotalRecords, PageNumber, PageSize, Lines: [...] }
 * A month without an invoice yet (the current one, or later) answers no invoice number and no lines.
 */
import type { FastifyInstance } from 'fastify';
import { malformedPositions } from '../sandbox-kit/faults';
import { REFERENCE_DATE } from '../sandbox-kit/dates';
import { dickerInvoiceOf, INVOICE_LINE_MALFORMATIONS, invoiceLineToWire } from './invoice';
import { admit, isWholeNumber } from './routes';
import type { DickerSandboxState } from './state';
import { exportDate, failure } from './wire';

export const INVOICE_PATH = '/api/Csp/InvoiceLines';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `01-Jun-2025` -> `2025-06-01`, only for the first day of a month. */
function monthStartOf(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^01-([A-Za-z]{3})-(\d{4})$/.exec(value) : null;
  const month = m ? MONTHS.findIndex((x) => x.toLowerCase() === m[1].toLowerCase()) : -1;
  return m && month >= 0 ? `${m[2]}-${String(month + 1).padStart(2, '0')}-01` : undefined;
}

export function registerInvoiceRoutes(
  app: FastifyInstance,
  state: DickerSandboxState,
  account: { accountCode: string; currency: string },
): void {
  app.post(INVOICE_PATH, async (request, reply) => {
    if (!(await admit(state, 'invoice', reply))) return reply;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const auth = state.auth.check(body.RequestHeader);
    if (!auth.ok) {
      state.counters.authFailures++;
      return reply.code(401).send(failure(auth.message));
    }
    if (!isWholeNumber(body.PageNumber, 1) || !isWholeNumber(body.PageSize, 1))
      return reply.code(400).send(failure('PageNumber and PageSize must be whole numbers of 1 or more.'));
    const periodStart = monthStartOf(body.PeriodStart);
    if (!periodStart)
      return reply.code(400).send(failure('PeriodStart must be the first day of a month, e.g. 01-Jun-2025.'));
    state.counters.invoicePages++;
    const frame = { Status: 'Success', PageNumber: body.PageNumber, PageSize: body.PageSize };
    // The month in progress is not invoiced yet [I: Dicker invoices CSP in arrears, after month end].
    if (periodStart >= REFERENCE_DATE.slice(0, 8) + '01')
      return reply.send({ ...frame, Message: 'No invoice for the period.', TotalRecords: 0, Lines: [] });
    const invoice = dickerInvoiceOf(state.lines(), account.accountCode, account.currency, periodStart);
    const broken = new Map<number, (typeof INVOICE_LINE_MALFORMATIONS)[number]>();
    malformedPositions(invoice.lines.length, state.faults.current().malformedInvoiceLines).forEach((pos, k) =>
      broken.set(pos, INVOICE_LINE_MALFORMATIONS[k % INVOICE_LINE_MALFORMATIONS.length]),
    );
    const size = Math.min(body.PageSize, 1000);
    const first = (body.PageNumber - 1) * size;
    return reply.send({
      ...frame,
      Message: '',
      InvoiceNumber: invoice.invoiceNumber,
      InvoiceDate: exportDate(invoice.invoiceDate),
      PeriodStart: exportDate(invoice.periodStart),
      PeriodEnd: exportDate(invoice.periodEnd),
      Currency: invoice.currency,
      InvoiceTotal: invoice.total,
      TotalRecords: invoice.lines.length,
      Lines: invoice.lines
        .slice(first, first + size)
        .map((l, i) => invoiceLineToWire(l, state.tenantById(l.line.tenantId), broken.get(first + i))),
    });
  });
}
