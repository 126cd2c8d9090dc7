/**
 * `w365 bench sync-worker --json --stack STACK.json --provider ID --operation SyncSubscriptions|SyncProviderAccounts`:
 * one sync in a process of its own, as the service would run it, reporting its own figures, peak RSS
 * included. The accounts and subscriptions benchmarks run their measured syncs through it, so that the
 * memory figure is the service's and not the benchmark's setup.
 */
import fs from 'node:fs';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { RequestCounter } from '../../plugins/dataverse/observer';
import { DataverseJobStore } from '../../plugins/jobs/store';
import type { OperationName } from '../../plugins/jobs/types';
import { Redactor } from '../../plugins/shared/redact';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { syncSubscriptions } from '../../plugins/sync/subscriptions/operation';
import { BenchJobContext } from './context';
import { benchDeps, dataWrites } from './service-deps';
import type { EmulatorInfo } from './stack';
import { peakRssMb, type BenchScenario } from './types';

export interface SyncWorkerResult {
  wallMs: number;
  requests: number;
  batches: number;
  rowsRead: number;
  writes: number;
  counts: Record<string, number>;
  peakRssMb: number;
}

function option(args: string[], name: string): string {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || !args[i + 1]) throw new Error(`BENCH_BAD_OPTION: --${name} is required`);
  return args[i + 1];
}

export const syncWorkerScenario: BenchScenario = {
  name: 'sync-worker',
  description: '(internal) one sync in its own process, for the accounts and subscriptions benchmarks',
  async run(args) {
    const emulator = JSON.parse(fs.readFileSync(option(args, 'stack'), 'utf8')) as EmulatorInfo;
    const providerId = option(args, 'provider');
    const operation = option(args, 'operation') as OperationName;
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
    const requests = new RequestCounter();
    const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca, observer: requests });
    const jobId = await new DataverseJobStore(dv).createJob({ name: `bench ${operation}`, operation, providerId });
    requests.reset();
    const ctx = new BenchJobContext(jobId, providerId, operation);
    const started = Date.now();
    if (operation === 'SyncSubscriptions') await syncSubscriptions(benchDeps(dv, redactor), ctx);
    else await syncProviderAccounts(benchDeps(dv, redactor), ctx);
    const s = requests.stats();
    const result: SyncWorkerResult = {
      wallMs: Date.now() - started,
      requests: s.requests,
      batches: s.batches,
      rowsRead: s.rowsRead,
      writes: dataWrites(s.writesByEntitySet),
      counts: { ...ctx.tally.snapshot() },
      peakRssMb: peakRssMb(),
    };
    return result as unknown as Record<string, unknown>;
  },
};
