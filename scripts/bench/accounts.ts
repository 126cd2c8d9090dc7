/**
 * `npm run -s bench -- accounts --customers 5000 --json`: Sync Provider Accounts against the TechData
 * sandbox (100 ms per page) and the Dataverse emulator (20 ms per request), both in child processes; the
 * naive one-record-per-request path in the same run (on a sample, scaled, when it would take minutes);
 * and a rerun that must write nothing.
 */
import { DataverseJobStore } from '../../plugins/jobs/store';
import { silentLogger } from '../../plugins/shared/logger';
import { syncProviderAccounts } from '../../plugins/sync/accounts/operation';
import { loadProvider } from '../../plugins/sync/provider-config';
import { BenchJobContext } from './context';
import { naiveAccounts } from './naive';
import { seedBench, seedProvider } from './seed';
import { benchDeps, dataWrites } from './service-deps';
import { numberOption, startBenchStack } from './stack';
import { peakRssMb, resetPeakRss, type BenchScenario } from './types';
import type { DistributorCustomer } from '../../plugins/providers/types';

export const accountsScenario: BenchScenario = {
  name: 'accounts',
  description: 'Sync Provider Accounts: batched vs naive, and a rerun with nothing to change',
  async run(args, log) {
    const customers = numberOption(args, 'customers', 5000);
    const pageLatencyMs = numberOption(args, 'page-latency-ms', 100);
    const dvLatencyMs = numberOption(args, 'dataverse-latency-ms', 20);
    const stack = await startBenchStack({ customers, subscriptionsPerCustomer: 1, seed: 7 });
    try {
      log(`seeding ${customers} CRM accounts, contracts and products...`);
      const truth = await stack.sandboxControl.customers();
      const providerId = await seedBench(stack.dv, truth, stack.sandbox);
      const naiveProviderId = await seedProvider(stack.dv, stack.sandbox, 'TechData (bench, naive)');
      await stack.sandboxControl.setLatency(pageLatencyMs);
      await stack.setDataverseLatency(dvLatencyMs);

      let servicePeakMb = 0;
      const run = async (label: string) => {
        resetPeakRss();
        const dv = stack.newClient();
        const jobId = await new DataverseJobStore(stack.dv).createJob({ name: label, operation: 'SyncProviderAccounts', providerId });
        const ctx = new BenchJobContext(jobId, providerId, 'SyncProviderAccounts');
        const started = Date.now();
        await syncProviderAccounts(benchDeps(dv, stack.redactor), ctx);
        const s = dv.stats();
        servicePeakMb = Math.max(servicePeakMb, peakRssMb());
        log(`${label}: ${Date.now() - started} ms, ${s.requests} requests, ${s.writes} writes (${dataWrites(s.writesByEntitySet)} to synced data), counts ${JSON.stringify(ctx.counts)}`);
        return { wallMs: Date.now() - started, requests: s.requests, dataWrites: dataWrites(s.writesByEntitySet) };
      };
      const first = await run('sync');
      const rerun = await run('rerun');

      // Naive: the same listing, then one customer at a time, on a sample sized to stay near a minute.
      const sample = Math.min(customers, numberOption(args, 'naive-sample', Math.max(50, Math.round(30_000 / (3 * dvLatencyMs + 5)))));
      const dv = stack.newClient();
      const deps = benchDeps(dv, stack.redactor);
      const { config } = await loadProvider(dv, naiveProviderId, stack.redactor);
      const connector = deps.connectors.create(config.internalName, deps.connectorDeps(silentLogger()));
      const listStarted = Date.now();
      const listed: DistributorCustomer[] = [];
      for await (const p of connector.listCustomers(config)) if (p.ok) listed.push(p.value);
      const listingMs = Date.now() - listStarted;
      dv.resetStats();
      const naiveStarted = Date.now();
      await naiveAccounts(dv, naiveProviderId, listed.slice(0, sample));
      const perCustomerMs = (Date.now() - naiveStarted) / sample;
      const perCustomerRequests = dv.stats().requests / sample;
      const listingRequests = 3; // provider, properties, and the token: the distributor pages are not Dataverse requests
      const naiveWallMs = Math.round(listingMs + perCustomerMs * customers);
      log(`naive: ${sample} customers in ${Math.round(perCustomerMs * sample)} ms (+${listingMs} ms listing), scaled to ${customers}`);
      return {
        customers,
        wall_ms: first.wallMs,
        dataverse_requests: first.requests,
        naive_wall_ms: naiveWallMs,
        naive_dataverse_requests: Math.round(perCustomerRequests * customers + listingRequests),
        ...(sample < customers ? { naive_sample: sample } : {}),
        rerun_dataverse_writes: rerun.dataWrites,
        peak_rss_mb: servicePeakMb,
      };
    } finally {
      await stack.close();
    }
  },
};
