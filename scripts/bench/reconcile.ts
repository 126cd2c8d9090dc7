/**
 * `npm run -s bench -- reconcile [--customers 5000] [--subscriptions 50000] --json`: Import Invoice and
 * Reconcile over the Dataverse emulator (20 ms per request), each measured in a process of its own (the
 * service's memory). The CRM side is a real sync of the TechData sandbox; the invoice is built from what
 * the sync wrote (one Recurring line per active monthly subscription) with about 1% of its lines
 * planted as variances of the types an invoice can carry (quantity, unit cost, missing on the invoice,
 * missing in the CRM, a duplicate line, an unknown customer). A clean invoice of the same data is
 * reconciled first: what it reports is the data's own (e.g. annual subscriptions billed in another
 * month) and is not counted as a false positive. Reports found / planted per type, requests against
 * their floor, peak RSS, and the writes of a rerun (must be 0).
 */
import { stringify } from 'csv-stringify/sync';
import { Choices, Tables } from '../../solution/schema';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { createRow } from '../../plugins/dataverse/intents';
import { eq } from '../../plugins/dataverse/odata';
import { DataverseJobStore } from '../../plugins/jobs/store';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { KEY_TAGS, type VarianceTypeName } from '../../plugins/sync/reconcile';
import { BenchJobContext } from './context';
import { seedBench } from './seed';
import { benchDeps } from './service-deps';
import { numberOption } from './options';
import { SERVICE_HEAP_MB, startBenchStack, type BenchStack } from './stack';
import type { SyncWorkerResult } from './sync-worker';
import type { BenchScenario } from './types';

const S = Tables.subscription;
const PA = Tables.providerAccount;
const V = Tables.variance;
const PERIOD = { start: '2026-11-01', end: '2026-11-30' };

interface Line {
  customerId: string;
  subscriptionId: string;
  sku: string;
  quantity: number;
  unitCost: number;
}
interface Planted {
  type: VarianceTypeName;
  subject: string;
}

async function crmLines(dv: DataverseClient, providerId: string): Promise<(Line & { id: string })[]> {
  const accounts = await dv.all(PA, {
    select: [PA.col.id, PA.col.providerSpecificId],
    filter: eq(PA.val.provider, { guid: providerId }),
  });
  const customerOf = new Map(accounts.map((a) => [String(a[PA.col.id]), String(a[PA.col.providerSpecificId])]));
  const select = [S.col.id, S.col.providerSubscriptionId, S.col.providerPartNumber, S.col.quantity, S.col.unitCost];
  const filter = [
    eq(S.val.provider, { guid: providerId }),
    eq(S.col.subscriptionStatus, Choices.subscriptionStatus.Active),
    eq(S.col.billingCycle, Choices.billingCycle.Monthly),
    `${S.col.startDate} lt ${PERIOD.start}T00:00:00Z`,
  ].join(' and ');
  const rows = await dv.all(S, { select: [...select, S.val.providerAccount], filter });
  return rows.map((r) => ({
    id: String(r[S.col.id]).toLowerCase(),
    customerId: customerOf.get(String(r[S.val.providerAccount])) ?? '',
    subscriptionId: String(r[S.col.providerSubscriptionId]),
    sku: String(r[S.col.providerPartNumber]),
    quantity: Number(r[S.col.quantity]),
    unitCost: Number(r[S.col.unitCost] ?? 0),
  }));
}

const PLANTS: VarianceTypeName[] = [
  'quantity',
  'unitCost',
  'missingOnInvoice',
  'missingInCrm',
  'duplicateLine',
  'unmappedAccount',
];

/** The invoice's lines, with every 100th line planted (types in turn), and what was planted. */
function plant(crm: readonly (Line & { id: string })[]): { lines: Line[]; planted: Planted[] } {
  const lines: Line[] = [];
  const planted: Planted[] = [];
  crm.forEach((s, i) => {
    const line: Line = { ...s };
    if (i % 100 !== 50) return void lines.push(line);
    const type = PLANTS[Math.floor(i / 100) % PLANTS.length];
    if (type === 'quantity') lines.push({ ...line, quantity: line.quantity + 2 });
    // Cheaper than the CRM's cost (a dearer one could also be dearer than the price: another type).
    else if (type === 'unitCost') lines.push({ ...line, unitCost: Math.round(line.unitCost * 80) / 100 });
    else if (type === 'missingOnInvoice') void 0;
    else lines.push(line);
    if (type === 'missingInCrm') lines.push({ ...line, subscriptionId: `NOPE-${i}`, quantity: 1 });
    if (type === 'duplicateLine') lines.push({ ...line });
    if (type === 'unmappedAccount') lines.push({ ...line, customerId: `UNKNOWN-${i}`, subscriptionId: `U-${i}` });
    const subject =
      type === 'missingInCrm'
        ? `${s.customerId}|nope-${i}`.toLowerCase()
        : type === 'duplicateLine'
          ? String(lines.length)
          : type === 'unmappedAccount'
            ? `unknown-${i}`
            : s.id;
    planted.push({ type, subject });
  });
  return { lines, planted };
}

function csvOf(number: string, lines: readonly Line[]): string {
  const amount = (l: Line) => Math.round(l.quantity * l.unitCost * 100) / 100;
  return stringify(
    lines.map((l, i) => [
      number,
      PERIOD.start,
      PERIOD.end,
      'USD',
      i + 1,
      l.customerId,
      l.subscriptionId,
      l.sku,
      l.quantity,
      l.unitCost,
      amount(l).toFixed(2),
      'Recurring',
    ]),
    {
      header: true,
      columns: [
        'InvoiceNumber',
        'BillingPeriodStart',
        'BillingPeriodEnd',
        'Currency',
        'LineNumber',
        'CustomerId',
        'SubscriptionId',
        'Sku',
        'Quantity',
        'UnitCost',
        'Amount',
        'ChargeType',
      ],
    },
  );
}

async function attach(dv: DataverseClient, providerId: string, name: string, csv: string): Promise<string> {
  const N = Tables.annotation;
  const written = await dv.write(
    createRow(N, {
      values: {
        [N.col.subject]: name,
        [N.col.fileName]: `${name}.csv`,
        [N.col.documentBody]: Buffer.from(csv).toString('base64'),
        [N.col.isDocument]: true,
      },
      lookups: { [N.col.objectId]: { table: Tables.provider, id: providerId } },
    }),
  );
  return String(written.id);
}

const TAG_TYPE = new Map<string, string>(Object.entries(KEY_TAGS).map(([type, tag]) => [tag, type]));

/** Variances of `number` as `type|subject`. */
async function variancesOf(dv: DataverseClient, providerId: string, number: string): Promise<string[]> {
  const rows = await dv.all(V, { select: [V.col.dedupeKey], filter: eq(V.val.provider, { guid: providerId }) });
  return rows
    .map((r) => String(r[V.col.dedupeKey]).split('|'))
    .filter((k) => k[1] === number)
    .map((k) => `${TAG_TYPE.get(k[2])}|${k.slice(3).join('|')}`);
}

async function setup(stack: BenchStack, customers: number, log: (l: string) => void): Promise<string> {
  log(`seeding and syncing ${customers} customers (setup, not measured)...`);
  const providerId = await seedBench(stack.dv, await stack.sandboxControl.customers(), stack.sandbox);
  const job = await new DataverseJobStore(stack.dv).createJob({
    name: 'setup',
    operation: 'SyncProviderAccounts',
    providerId,
  });
  await syncProviderAccounts(
    benchDeps(stack.dv, stack.redactor),
    new BenchJobContext(job, providerId, 'SyncProviderAccounts'),
  );
  await stack.runSyncWorker(providerId, 'SyncSubscriptions');
  return providerId;
}

/**
 * The fewest requests the same reads and writes could take: one per 5,000 rows of each query (at least
 * one), one per row read by id, one $batch per 1,000 writes.
 */
function requestFloor(r: SyncWorkerResult): number {
  let floor = Math.ceil(r.writes / 1000);
  for (const [path, { requests, rows }] of Object.entries(r.byPath ?? {})) {
    if (path.startsWith('GET ') && path.endsWith('(id)')) floor += requests;
    else if (path.startsWith('GET ')) floor += Math.max(1, Math.ceil(rows / 5000));
    else if (!path.endsWith('$batch')) floor += requests;
  }
  return floor;
}

function scoreOf(found: readonly string[], baseline: ReadonlySet<string>, planted: readonly Planted[]) {
  const plantedKeys = new Set(planted.map((p) => `${p.type}|${p.subject}`));
  const by_type: Record<string, { planted: number; found: number }> = {};
  for (const p of planted) {
    const t = (by_type[p.type] ??= { planted: 0, found: 0 });
    t.planted++;
    if (found.includes(`${p.type}|${p.subject}`)) t.found++;
  }
  const extra = found.filter((k) => !plantedKeys.has(k) && !baseline.has(k));
  return {
    found: Object.values(by_type).reduce((n, t) => n + t.found, 0),
    false_positives: extra.length,
    by_type,
    false_positive_sample: extra.slice(0, 5),
  };
}

export const reconcileScenario: BenchScenario = {
  name: 'reconcile',
  description: 'Import Invoice and Reconcile over the emulator: planted variances found, requests, memory, rerun',
  async run(args, log) {
    const customers = numberOption(args, 'customers', 5000);
    const subscriptions = numberOption(args, 'subscriptions', 50000);
    const dvLatencyMs = numberOption(args, 'dataverse-latency-ms', 20);
    const workerHeapMb = numberOption(args, 'service-heap-mb', SERVICE_HEAP_MB);
    const stack = await startBenchStack({
      customers,
      subscriptionsPerCustomer: Math.max(1, Math.round(subscriptions / customers)),
      seed: 7,
      workerHeapMb,
    });
    try {
      const providerId = await setup(stack, customers, log);
      const crm = await crmLines(stack.dv, providerId);
      const { lines, planted } = plant(crm);
      log(`invoice: ${lines.length} lines from ${crm.length} subscriptions, ${planted.length} planted`);
      // The clean invoice: what the data itself reports (setup, not measured).
      const clean = await attach(stack.dv, providerId, 'BENCH-CLEAN', csvOf('BENCH-CLEAN', crm));
      await stack.runSyncWorker(providerId, 'ImportInvoice', { attachmentId: clean });
      await stack.runSyncWorker(providerId, 'Reconcile', { invoiceNumber: 'BENCH-CLEAN' });
      const baseline = new Set(await variancesOf(stack.dv, providerId, 'BENCH-CLEAN'));

      const attachmentId = await attach(stack.dv, providerId, 'BENCH-1', csvOf('BENCH-1', lines));
      await stack.setDataverseLatency(dvLatencyMs);
      const imported = await stack.runSyncWorker(providerId, 'ImportInvoice', { attachmentId });
      log(
        `import: ${imported.wallMs} ms, ${imported.requests} requests, ${imported.writes} writes, rss ${imported.peakRssMb} MB`,
      );
      const first = await stack.runSyncWorker(providerId, 'Reconcile', { invoiceNumber: 'BENCH-1' });
      log(
        `reconcile: ${first.wallMs} ms, ${first.requests} requests, ${first.rowsRead} rows read, rss ${first.peakRssMb} MB`,
      );
      const rerun = await stack.runSyncWorker(providerId, 'Reconcile', { invoiceNumber: 'BENCH-1' });
      const reimport = await stack.runSyncWorker(providerId, 'ImportInvoice', { attachmentId });
      await stack.setDataverseLatency(0);
      const found = await variancesOf(stack.dv, providerId, 'BENCH-1');
      const score = scoreOf(found, baseline, planted);
      const floor = requestFloor;
      return {
        customers,
        subscriptions: crm.length,
        invoice_lines: lines.length,
        planted: planted.length,
        found: score.found,
        false_positives: score.false_positives,
        by_type: score.by_type,
        baseline_variances: baseline.size,
        variances: found.length,
        dataverse_requests: first.requests,
        min_dataverse_requests: floor(first),
        import_dataverse_requests: imported.requests,
        import_min_dataverse_requests: floor(imported),
        import_wall_ms: imported.wallMs,
        peak_rss_mb: Math.max(imported.peakRssMb, first.peakRssMb, rerun.peakRssMb, reimport.peakRssMb),
        service_heap_limit_mb: workerHeapMb,
        rerun_dataverse_writes: rerun.writes,
        reimport_dataverse_writes: reimport.writes,
        wall_ms: first.wallMs,
        reconcile_requests_by_path: first.byPath,
        ...(score.false_positives ? { false_positive_sample: score.false_positive_sample } : {}),
      };
    } finally {
      await stack.close();
    }
  },
};
