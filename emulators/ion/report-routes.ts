/**
 * The Reports API routes of the Ion sandbox [C: paths, methods and bodies of the OpenAPI document]:
 *   GET  /api/v3/accounts/{accountId}/reports?module=          ListReportsResponse
 *   GET  /api/v3/accounts/{accountId}/reports/{reportId}       Report (with specs)
 *   POST /api/v3/accounts/{accountId}/reports/{reportId}/data  GetReportDataResponse (body: a Report
 *        whose specs select the date range; rowsLimit cuts the rows, availableRowsCount says how many)
 *   POST /api/v3/accounts/{accountId}/reports/{reportId}/reportDataCsv   GetReportDataCsvResponse
 * Faults, latency and authentication as for every API request (kind 'reports').
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { billingRows, type BillingPeriod } from './billing';
import {
  BILLING_REPORT_ID,
  REPORT_IDS,
  csvHeaderOf,
  customerRowToWire,
  periodOf,
  reportList,
  reportWithSpecs,
  rowToWire,
  rowsToCsv,
} from './reports';
import type { IonSandboxState } from './state';
import { admit, sendError } from './routes';

const API = '/api/v3/accounts/:accountId/reports';
type Params = { accountId: string; reportId: string };

function rowsOf(state: IonSandboxState, reportId: string, period: BillingPeriod) {
  if (reportId !== BILLING_REPORT_ID)
    return state.store.customerView().map((c) => customerRowToWire(c.customerId, c.organization));
  const rows = billingRows(
    state.store.subscriptionView(),
    (id) => state.store.customerById(id),
    state.accountId,
    period,
  );
  const broken = state.brokenReportRows(rows.length);
  return rows.map((r, i) => rowToWire(r, state.currency, broken.get(i)));
}

/** The rows a data request asks for, or the answer already sent when it cannot be served. */
async function dataOf(state: IonSandboxState, params: Params, body: unknown, reply: FastifyReply) {
  if (!REPORT_IDS.includes(params.reportId)) {
    // A report that does not exist: the document lists no 404 here [?]; Ion's NOT_FOUND shape [I].
    await sendError(state, reply, 404, 'NOT_FOUND', `report ${params.reportId} not found`);
    return undefined;
  }
  const selected = periodOf(body);
  if (!selected) {
    await sendError(
      state,
      reply,
      400,
      'INVALID_REQUEST',
      'specs.dateRangeOption.selectedRange is not a date range this report supports',
    );
    return undefined;
  }
  const limitText = (body as { specs?: { rowsLimit?: unknown } })?.specs?.rowsLimit;
  const limit = typeof limitText === 'string' || typeof limitText === 'number' ? Number(limitText) : 0;
  if (!Number.isInteger(limit) || limit < 0) {
    await sendError(state, reply, 400, 'INVALID_REQUEST', 'specs.rowsLimit must be a whole number');
    return undefined;
  }
  const all = rowsOf(state, params.reportId, selected.period);
  state.counters.reportReads++;
  const cut = state.faults.current().cutReportAt;
  const rows = limit > 0 ? all.slice(0, limit) : all;
  return { ...selected, all, rows: cut !== undefined ? rows.slice(0, cut) : rows };
}

export function registerReportRoutes(app: FastifyInstance, state: IonSandboxState): void {
  app.get<{ Params: { accountId: string }; Querystring: { module?: string } }>(API, async (request, reply) => {
    if (!(await admit(state, 'reports', request, reply))) return reply;
    return reply.send(reportList(state.accountId, request.query.module));
  });

  app.get<{ Params: Params }>(`${API}/:reportId`, async (request, reply) => {
    if (!(await admit(state, 'reports', request, reply))) return reply;
    if (!REPORT_IDS.includes(request.params.reportId))
      return sendError(state, reply, 404, 'NOT_FOUND', `report ${request.params.reportId} not found`);
    const last = periodOf({})!;
    return reply.send(
      reportWithSpecs(request.params.reportId, state.accountId, state.currency, last.period, last.relative),
    );
  });

  app.post<{ Params: Params }>(`${API}/:reportId/data`, async (request, reply) => {
    if (!(await admit(state, 'reports', request, reply))) return reply;
    const data = await dataOf(state, request.params, request.body, reply);
    if (!data) return reply;
    return reply.send({
      report: reportWithSpecs(request.params.reportId, state.accountId, state.currency, data.period, data.relative),
      results: { rows: data.rows },
      resultCount: String(data.rows.length),
      availableRowsCount: String(data.all.length),
      cacheTimestamp: new Date().toISOString(),
    });
  });

  app.post<{ Params: Params }>(`${API}/:reportId/reportDataCsv`, async (request, reply) => {
    if (!(await admit(state, 'reports', request, reply))) return reply;
    const data = await dataOf(state, request.params, request.body, reply);
    if (!data) return reply;
    // The CSV answer has no availableRowsCount [C: GetReportDataCsvResponse]: a cut report cannot be told.
    return reply.send({
      results: rowsToCsv(csvHeaderOf(request.params.reportId), data.rows),
      resultCount: String(data.rows.length),
    });
  });
}
