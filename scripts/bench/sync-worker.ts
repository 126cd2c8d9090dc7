/**
 * `w365 bench sync-worker --json --stack STACK.json --provider ID --operation NAME [--parameters JSON]`:
 * one sync in a process of its own, as the service would run it, reporting its own figures, peak RSS
 * included. The accounts and subscriptions benchmarks run their measured syncs through it, so that the
 * memory figure is the service's and not the benchmark's setup.
 */
import fs from 'node:fs';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { RequestCounter, type RequestEvent } from '../../plugins/dataverse/observer';
import { DataverseJobStore } from '../../plugins/jobs/store';
import type { OperationName } from '../../plugins/jobs/types';
import { Redactor } from '../../plugins/shared/redact';
import { buildOperations } from '../../plugins/sync/operations';
import { BenchJobContext } from './context';
import { benchDeps, dataWrites } from './service-deps';
import type { EmulatorInfo } from './stack';
import { requiredOption } from './options';
import { peakRssMb, type BenchScenario } from './types';

export interface SyncWorkerResult {
  wallMs: number;
  requests: number;
  batches: number;
  rowsRead: number;
  writes: number;
  counts: Record<string, number>;
  peakRssMb: number;
  /** The operation's machine-readable result (e.g. a reconciliation's counts by type). */
  result?: unknown;
  /** Requests (and rows read) by method and entity set. */
  byPath?: Record<string, { requests: number; rows: number }>;
}

/**
 * Requests by what they asked for (`GET w365_invoicelines`, `POST $batch`), with the rows each paged
 * read returned: what a benchmark's request floor is computed from (every table read needs a request
 * per 5,000 rows).
 */
class RequestsByPath extends RequestCounter {
  readonly byPath: Record<string, { requests: number; rows: number }> = {};
  private last = '';

  override observe(event: RequestEvent): void {
    super.observe(event);
    if (event.type === 'response') {
      const relative = event.path.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?(api\/data\/v[\d.]+\/)?/, '');
      const set = /^([^?(/]+)(\()?/.exec(relative);
      this.last = `${event.method} ${set?.[1] ?? event.path}${set?.[2] ? '(id)' : ''}`;
      const entry = (this.byPath[this.last] ??= { requests: 0, rows: 0 });
      entry.requests++;
    }
    if (event.type === 'rows' && this.byPath[this.last]) this.byPath[this.last].rows += event.count;
  }

  reset(): void {
    super.reset();
    for (const k of Object.keys(this.byPath)) delete this.byPath[k];
  }
}

export const syncWorkerScenario: BenchScenario = {
  name: 'sync-worker',
  description: '(internal) one sync in its own process, for the accounts and subscriptions benchmarks',
  async run(args) {
    const emulator = JSON.parse(fs.readFileSync(requiredOption(args, 'stack'), 'utf8')) as EmulatorInfo;
    const providerId = requiredOption(args, 'provider');
    const operation = requiredOption(args, 'operation') as OperationName;
    const ca = fs.readFileSync(emulator.caFile, 'utf8');
    const redactor = new Redactor();
    const tokenProvider = new MsalTokenProvider({
      environmentUrl: emulator.url,
      authority: emulator.authority,
      clientId: 'w365-sync-service',
      clientSecret: 'emulator-secret-change-me',
      redactor,
      ca,
    });
    const requests = new RequestsByPath();
    const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca, observer: requests });
    const i = args.indexOf('--parameters');
    const parameters = i >= 0 ? (JSON.parse(args[i + 1]) as Record<string, unknown>) : {};
    const handler = buildOperations(benchDeps(dv, redactor))[operation];
    if (!handler) throw new Error(`BENCH_BAD_OPTION: no operation ${operation}`);
    const jobId = await new DataverseJobStore(dv).createJob({ name: `bench ${operation}`, operation, providerId });
    requests.reset();
    const ctx = new BenchJobContext(jobId, providerId, operation, parameters);
    const started = Date.now();
    const outcome = await handler(ctx);
    const s = requests.stats();
    const result: SyncWorkerResult = {
      wallMs: Date.now() - started,
      requests: s.requests,
      batches: s.batches,
      rowsRead: s.rowsRead,
      writes: dataWrites(s.writesByEntitySet),
      counts: { ...ctx.tally.snapshot() },
      peakRssMb: peakRssMb(),
      result: outcome.result,
      byPath: requests.byPath,
    };
    return result as unknown as Record<string, unknown>;
  },
};
