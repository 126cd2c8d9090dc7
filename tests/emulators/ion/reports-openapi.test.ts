/**
 * The Ion sandbox's Reports API cannot drift from the real one: the report list, a report with its
 * specs, report data (whole and cut by rowsLimit), the same data as CSV and the error answers are
 * validated against TD SYNNEX's OpenAPI document in strict mode (no field the document does not know),
 * as tests/plugins/providers/ion/openapi.test.ts does for the rest of the API. And the billing report is built
 * from the sandbox's own subscriptions: a mid-period change of seats is a Prorated charge.
 */
import { parse } from 'csv-parse/sync';
import {
  BILLING_COLUMNS,
  BILLING_REPORT_ID,
  LAST_PERIOD,
  startIonSandbox,
  type IonSandbox,
} from '../../../emulators/ion';
import { buildSchemaSet, describeErrors, type SchemaSet } from '../../plugins/providers/ion/openapi-schemas';

const REPORTS = '/api/v3/accounts/{accountId}/reports';
const REPORT = '/api/v3/accounts/{accountId}/reports/{reportId}';
const DATA = '/api/v3/accounts/{accountId}/reports/{reportId}/data';
const CSV = '/api/v3/accounts/{accountId}/reports/{reportId}/reportDataCsv';

type Body = Record<string, unknown>;
type Row = { values: Body[] };

function expectValid(validate: ReturnType<SchemaSet['component']>, body: unknown, what: string): void {
  if (!validate(body))
    throw new Error(`${what} does not match the OpenAPI document:\n  ${describeErrors(validate).join('\n  ')}`);
}

const june = (extra: Body = {}) => ({
  reportId: BILLING_REPORT_ID,
  specs: {
    dateRangeOption: {
      selectedRange: {
        relativeDateRange: 'CUSTOM',
        fixedDateRange: { startDate: `${LAST_PERIOD.start}T00:00:00Z`, endDate: `${LAST_PERIOD.end}T23:59:59Z` },
      },
    },
    ...extra,
  },
});

describe('Ion sandbox Reports API validates against the OpenAPI document', () => {
  let sandbox: IonSandbox;
  let strict: SchemaSet;
  let auth: Record<string, string>;
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };

  beforeAll(async () => {
    sandbox = await startIonSandbox({ seed: 'reports', customers: 40, subscriptionsPerCustomer: 5 });
    strict = buildSchemaSet({ strict: true, deviations: [] });
    const token = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sandbox.refreshToken }).toString(),
    });
    auth = { Authorization: `Bearer ${String(((await token.json()) as Body).access_token)}` };
  });
  afterAll(() => sandbox.close());

  it('lists the reports (ListReportsResponse), filtered by module', async () => {
    const all = await call('reports');
    expectValid(strict.response(REPORTS, 'get', '200'), all.body, 'the report list');
    expect((all.body.reports as Body[]).map((r) => r.category)).toEqual(['BILLING_REPORTS', 'CUSTOMER_REPORTS']);
    expect((all.body.reports as Body[]).every((r) => r.specs === undefined)).toBe(true);
    const invoices = await call('reports?module=INVOICE_REPORTS_MODULE');
    expectValid(strict.response(REPORTS, 'get', '200'), invoices.body, 'the invoice reports');
    expect((invoices.body.reports as Body[]).map((r) => r.reportId)).toEqual([BILLING_REPORT_ID]);
  });

  it('gives a report with its specs (Report): columns, date range, currency', async () => {
    const { status, body } = await call(`reports/${BILLING_REPORT_ID}`);
    expect(status).toBe(200);
    expectValid(strict.response(REPORT, 'get', '200'), body, 'the report');
    const specs = body.specs as { allColumns: Body[] };
    expect(specs.allColumns.map((c) => c.displayName)).toEqual(BILLING_COLUMNS.map((c) => c.displayName));
  });

  it('gives the data of a billing period (GetReportDataResponse), charges of the sandbox own lines', async () => {
    const { status, body } = await call(`reports/${BILLING_REPORT_ID}/data`, june());
    expect(status).toBe(200);
    expectValid(strict.response(DATA, 'post', '200'), body, 'the report data');
    const rows = (body.results as { rows: Row[] }).rows;
    expect(body.resultCount).toBe(String(rows.length));
    expect(body.availableRowsCount).toBe(String(rows.length));
    // The strict validator catches drift: an unknown field, an unknown value type, a number as a count.
    for (const mutate of [
      (b: Body) => ((b.results as { rows: Row[] }).rows[0].values[0].extra = 1),
      (b: Body) => ((b.results as { rows: Row[] }).rows[0].values[0].valueType = 'NUMBER'),
      (b: Body) => (b.resultCount = rows.length),
    ]) {
      const copy = structuredClone(body);
      mutate(copy);
      expect(strict.response(DATA, 'post', '200')(copy)).toBe(false);
    }
    const column = (row: Row, name: string) => row.values[BILLING_COLUMNS.findIndex((c) => c.displayName === name)];
    // Every row is a charge for one of the sandbox's licence lines, of its customer and part number.
    const lines = new Map(sandbox.subscriptions().map((s) => [s.id, s]));
    for (const row of rows) {
      const line = lines.get(String(column(row, 'Subscription ID').stringValue))!;
      expect([column(row, 'Customer ID').stringValue, column(row, 'Part Number').stringValue]).toEqual([
        line.customerId,
        line.mfgPartNumber,
      ]);
    }
    // A line whose seats changed mid-period has a Recurring and a Prorated charge for the difference.
    const changed = sandbox.subscriptions().find((s) => s.quantityHistory && s.billingCycle === 'monthly')!;
    const [before, after] = changed.quantityHistory!;
    const its = rows.filter((r) => column(r, 'Subscription ID').stringValue === changed.id);
    expect(
      its.map((r) => [
        column(r, 'Charge Type').stringValue,
        column(r, 'Quantity').floatValue,
        String(column(r, 'Charge Start Date').dateValue).slice(0, 10),
      ]),
    ).toEqual([
      ['Recurring', before.quantity, LAST_PERIOD.start],
      ['Prorated', after.quantity - before.quantity, after.from],
    ]);
  });

  it('cuts the data at rowsLimit and says how many rows there are', async () => {
    const { body } = await call(`reports/${BILLING_REPORT_ID}/data`, june({ rowsLimit: '5' }));
    expectValid(strict.response(DATA, 'post', '200'), body, 'the cut report data');
    expect(body.resultCount).toBe('5');
    expect(Number(body.availableRowsCount)).toBeGreaterThan(5);
  });

  it('gives the same data as CSV (GetReportDataCsvResponse)', async () => {
    const data = await call(`reports/${BILLING_REPORT_ID}/data`, june());
    const csv = await call(`reports/${BILLING_REPORT_ID}/reportDataCsv`, june());
    expectValid(strict.response(CSV, 'post', '200'), csv.body, 'the CSV answer');
    const table = parse(String(csv.body.results)) as string[][];
    expect(table[0]).toEqual(BILLING_COLUMNS.map((c) => c.displayName));
    expect(table.length - 1).toBe((data.body.results as { rows: Row[] }).rows.length);
    expect(csv.body.resultCount).toBe(String(table.length - 1));
  });

  it('answers errors with the Google-RPC bodies the document shows', async () => {
    const badRange = await call(`reports/${BILLING_REPORT_ID}/data`, {
      specs: {
        dateRangeOption: {
          selectedRange: {
            relativeDateRange: 'CUSTOM',
            fixedDateRange: { startDate: '2025-06-30T00:00:00Z', endDate: '2025-06-01T00:00:00Z' },
          },
        },
      },
    });
    expect(badRange.status).toBe(400);
    expectValid(strict.response(DATA, 'post', '400'), badRange.body, 'the 400');
    const otherAccount = await fetch(
      `${sandbox.apiUrl.replace(`/accounts/${sandbox.accountId}/`, '/accounts/10001/')}reports`,
      { headers: auth },
    );
    expect(otherAccount.status).toBe(403);
    expectValid(strict.response(REPORTS, 'get', '403', 'PermissionDeniedError'), await otherAccount.json(), 'the 403');
    sandbox.setFaults({ serverError: { kind: 'reports', firstN: 1 } });
    try {
      const failed = await call(`reports/${BILLING_REPORT_ID}/reportDataCsv`, june());
      expect(failed.status).toBe(500);
      expectValid(strict.response(CSV, 'post', '500'), failed.body, 'the 500');
    } finally {
      sandbox.setFaults({});
    }
  });
});
