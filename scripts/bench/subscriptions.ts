/**
 * `npm run -s bench -- subscriptions --customers 5000 --subscriptions 50000 --json`: Sync Subscriptions
 * for a whole provider against the TechData sandbox (100 ms per page) and the Dataverse emulator (20 ms
 * per request), each in a child process so that peak memory is the service's; the naive path in the same
 * run (sampled and scaled); a rerun (must write nothing); and a run after 1% of quantities changed at the
 * distributor (writes only for those, plus their log entries).
 */
import type { DataverseClient } from '../../plugins/dataverse/client';
import { Tables } from '../../solution/schema';
import { bind, createRow } from '../../plugins/dataverse/intents';
import { DataverseJobStore } from '../../plugins/jobs/store';
import { silentLogger } from '../../plugins/shared/logger';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { loadProvider } from '../../plugins/sync/provider-config';
import { readScopeAccounts } from '../../plugins/sync/subscriptions/reference';
import { BenchJobContext } from './context';
import { naiveSubscriptions } from './naive';
import { seedBench, seedProvider } from './seed';
import { benchDeps } from './service-deps';
import { numberOption } from './options';
import { SERVICE_HEAP_MB, startBenchStack, type BenchStack } from './stack';
import { countingPages, ioFloorMs } from './io-floor';
import type { BenchScenario } from './types';

async function measure(stack: BenchStack, providerId: string, label: string, log: (l: string) => void) {
  const r = await countingPages(stack.sandboxControl, () => stack.runSyncWorker(providerId, 'SyncSubscriptions'));
  log(
    `${label}: ${r.wallMs} ms, ${r.requests} requests (${r.batches} batches), ${r.rowsRead} rows read, ${r.writes} data writes, counts ${JSON.stringify(r.counts)}, service peak rss ${r.peakRssMb} MB`,
  );
  return r;
}

/** Provider accounts of the naive provider for a sample of the mapped customers (setup, in batches). */
async function mirrorAccounts(dv: DataverseClient, from: string, to: string, sample: number) {
  const PA = Tables.providerAccount;
  const accounts = (await readScopeAccounts(dv, from, undefined)).filter((a) => a.accountId).slice(0, sample);
  await dv.writeUnits(
    accounts.map((a) => ({
      tag: a.id,
      intents: [
        createRow(PA, {
          values: { [PA.col.name]: a.name, [PA.col.providerSpecificId]: a.providerSpecificId },
          lookups: {
            [PA.col.provider]: bind(Tables.provider, to),
            [PA.col.account]: a.accountId ? bind(Tables.account, a.accountId) : undefined,
          },
        }),
      ],
    })),
  );
  return readScopeAccounts(dv, to, undefined);
}

export const subscriptionsScenario: BenchScenario = {
  name: 'subscriptions',
  description: 'Sync Subscriptions: batched vs naive, rerun, and a 1% quantity change',
  async run(args, log) {
    const customers = numberOption(args, 'customers', 5000);
    const subscriptions = numberOption(args, 'subscriptions', 50000);
    const pageLatencyMs = numberOption(args, 'page-latency-ms', 100);
    const dvLatencyMs = numberOption(args, 'dataverse-latency-ms', 20);
    const workerHeapMb = numberOption(args, 'service-heap-mb', SERVICE_HEAP_MB);
    const stack = await startBenchStack({
      customers,
      subscriptionsPerCustomer: Math.max(1, Math.round(subscriptions / customers)),
      seed: 7,
      workerHeapMb,
    });
    try {
      log(`seeding CRM data for ${customers} customers...`);
      const truth = await stack.sandboxControl.customers();
      const providerId = await seedBench(stack.dv, truth, stack.sandbox);
      const naiveProviderId = await seedProvider(stack.dv, stack.sandbox, 'TechData (bench, naive)');
      const setupJob = await new DataverseJobStore(stack.dv).createJob({
        name: 'setup',
        operation: 'SyncProviderAccounts',
        providerId,
      });
      await syncProviderAccounts(
        benchDeps(stack.dv, stack.redactor),
        new BenchJobContext(setupJob, providerId, 'SyncProviderAccounts'),
      );
      log('setup done');
      await stack.sandboxControl.setLatency(pageLatencyMs);
      await stack.setDataverseLatency(dvLatencyMs);

      const first = await measure(stack, providerId, 'sync', log);
      const rerun = await measure(stack, providerId, 'rerun', log);
      // The changes that concern synced subscriptions: those of mapped, enabled customers.
      const synced = new Set(
        (await readScopeAccounts(stack.dv, providerId, undefined))
          .filter((a) => a.accountId && a.syncEnabled)
          .map((a) => a.providerSpecificId),
      );
      const changes = (await stack.sandboxControl.changeQuantities(0.01, 99)).filter((c) =>
        synced.has(c.endCustomerId),
      );
      const changed = await measure(stack, providerId, 'after 1% change', log);

      // Naive: one record per request, on a sample of mapped customers, scaled to all of them.
      const sampleSize = numberOption(args, 'naive-sample', 25);
      await stack.setDataverseLatency(0);
      const naiveAccounts = await mirrorAccounts(stack.dv, providerId, naiveProviderId, sampleSize);
      await stack.setDataverseLatency(dvLatencyMs);
      const mapped = (await readScopeAccounts(stack.dv, providerId, undefined)).filter(
        (a) => a.accountId && a.syncEnabled,
      ).length;
      const { dv, requests } = stack.newClient();
      const deps = benchDeps(dv, stack.redactor);
      const { config } = await loadProvider(dv, naiveProviderId, stack.redactor);
      const connector = deps.connectors.create(config.internalName, deps.connectorDeps(silentLogger()));
      const naiveJob = await new DataverseJobStore(stack.dv).createJob({
        name: 'naive',
        operation: 'SyncSubscriptions',
        providerId: naiveProviderId,
      });
      requests.reset();
      const started = Date.now();
      const n = await naiveSubscriptions(dv, connector, config, naiveAccounts, naiveJob);
      const naiveMs = Date.now() - started;
      const scale = mapped / naiveAccounts.length;
      log(
        `naive: ${naiveAccounts.length} customers, ${n} subscriptions in ${naiveMs} ms, ${requests.stats().requests} requests; scaled x${scale.toFixed(1)}`,
      );

      const floor = (r: typeof first) =>
        ioFloorMs({ ...r, pageLatencyMs, dataverseRequests: r.requests, dataverseLatencyMs: dvLatencyMs });
      const minRequests = Math.ceil((first.writes + 0) / 1000) + Math.ceil(first.rowsRead / 5000);
      return {
        customers,
        subscriptions: Object.values(first.counts).reduce((n, v) => n + v, 0),
        wall_ms: first.wallMs,
        io_floor_ms: floor(first),
        wall_over_io_floor: Number((first.wallMs / Math.max(1, floor(first))).toFixed(2)),
        rerun_wall_ms: rerun.wallMs,
        rerun_io_floor_ms: floor(rerun),
        dataverse_requests: first.requests,
        min_dataverse_requests: minRequests,
        naive_wall_ms: Math.round(naiveMs * scale),
        naive_dataverse_requests: Math.round(requests.stats().requests * scale),
        naive_sample: naiveAccounts.length,
        peak_rss_mb: Math.max(first.peakRssMb, rerun.peakRssMb, changed.peakRssMb),
        service_heap_limit_mb: workerHeapMb,
        rerun_dataverse_writes: rerun.writes,
        changed_subscriptions: changes.length,
        change_dataverse_writes: changed.writes,
      };
    } finally {
      await stack.close();
    }
  },
};
