/**
 * `npm run -s bench -- accounts --customers 5000 --json`: Sync Provider Accounts against the TechData
 * sandbox (100 ms per page) and the Dataverse emulator (20 ms per request), both in child processes; the
 * naive one-record-per-request path in the same run (on a sample, scaled, when it would take minutes);
 * and a rerun that must write nothing.
 */
import { silentLogger } from '../../plugins/shared/logger';
import { loadProvider } from '../../plugins/sync/provider-config';
import { naiveAccounts } from './naive';
import { seedBench, seedProvider } from './seed';
import { benchDeps } from './service-deps';
import { numberOption } from './options';
import { SERVICE_HEAP_MB, startBenchStack } from './stack';
import { countingPages, ioFloorMs } from './io-floor';
import type { BenchScenario } from './types';
import type { DistributorCustomer } from '../../plugins/providers/types';

export const accountsScenario: BenchScenario = {
  name: 'accounts',
  description: 'Sync Provider Accounts: batched vs naive, and a rerun with nothing to change',
  async run(args, log) {
    const customers = numberOption(args, 'customers', 5000);
    const pageLatencyMs = numberOption(args, 'page-latency-ms', 100);
    const dvLatencyMs = numberOption(args, 'dataverse-latency-ms', 20);
    const workerHeapMb = numberOption(args, 'service-heap-mb', SERVICE_HEAP_MB);
    const stack = await startBenchStack({ customers, subscriptionsPerCustomer: 1, seed: 7, workerHeapMb });
    try {
      log(`seeding ${customers} CRM accounts, contracts and products...`);
      const truth = await stack.sandboxControl.customers();
      const providerId = await seedBench(stack.dv, truth, stack.sandbox);
      const naiveProviderId = await seedProvider(stack.dv, stack.sandbox, 'TechData (bench, naive)');
      await stack.sandboxControl.setLatency(pageLatencyMs);
      await stack.setDataverseLatency(dvLatencyMs);

      const run = async (label: string) => {
        const r = await countingPages(stack.sandboxControl, () =>
          stack.runSyncWorker(providerId, 'SyncProviderAccounts'),
        );
        log(
          `${label}: ${r.wallMs} ms, ${r.requests} requests, ${r.writes} data writes, counts ${JSON.stringify(r.counts)}, service peak rss ${r.peakRssMb} MB`,
        );
        return r;
      };
      const floor = (r: Awaited<ReturnType<typeof run>>) =>
        ioFloorMs({ ...r, pageLatencyMs, dataverseRequests: r.requests, dataverseLatencyMs: dvLatencyMs });
      const first = await run('sync');
      const rerun = await run('rerun');

      // Naive: the same listing, then one customer at a time, on a sample sized to stay near a minute.
      const sample = Math.min(
        customers,
        numberOption(args, 'naive-sample', Math.max(50, Math.round(30_000 / (3 * dvLatencyMs + 5)))),
      );
      const { dv, requests } = stack.newClient();
      const deps = benchDeps(dv, stack.redactor);
      const { config } = await loadProvider(dv, naiveProviderId, stack.redactor);
      const connector = deps.connectors.create(config.internalName, deps.connectorDeps(silentLogger()));
      const listStarted = Date.now();
      const listed: DistributorCustomer[] = [];
      for await (const p of connector.listCustomers(config)) if (p.ok) listed.push(p.value);
      const listingMs = Date.now() - listStarted;
      requests.reset();
      const naiveStarted = Date.now();
      await naiveAccounts(dv, naiveProviderId, listed.slice(0, sample));
      const perCustomerMs = (Date.now() - naiveStarted) / sample;
      const perCustomerRequests = requests.stats().requests / sample;
      const listingRequests = 3; // provider, properties, and the token: the distributor pages are not Dataverse requests
      const naiveWallMs = Math.round(listingMs + perCustomerMs * customers);
      log(
        `naive: ${sample} customers in ${Math.round(perCustomerMs * sample)} ms (+${listingMs} ms listing), scaled to ${customers}`,
      );
      return {
        customers,
        wall_ms: first.wallMs,
        io_floor_ms: floor(first),
        wall_over_io_floor: Number((first.wallMs / Math.max(1, floor(first))).toFixed(2)),
        rerun_wall_ms: rerun.wallMs,
        rerun_io_floor_ms: floor(rerun),
        dataverse_requests: first.requests,
        naive_wall_ms: naiveWallMs,
        naive_dataverse_requests: Math.round(perCustomerRequests * customers + listingRequests),
        ...(sample < customers ? { naive_sample: sample } : {}),
        rerun_dataverse_writes: rerun.writes,
        peak_rss_mb: Math.max(first.peakRssMb, rerun.peakRssMb),
        service_heap_limit_mb: workerHeapMb,
      };
    } finally {
      await stack.close();
    }
  },
};
