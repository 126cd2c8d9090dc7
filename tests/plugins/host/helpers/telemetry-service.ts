/**
 * The service, as `w365 serve` wires it, with telemetry from the environment (OTEL_EXPORTER_OTLP_ENDPOINT),
 * against the Dataverse emulator and the TechData sandbox, in a process of its own (the OTLP exporter
 * loads node:http through a dynamic import(), which jest's module sandbox cannot run). It runs a
 * Provider Accounts job and then a Sync Subscriptions job split into work items, closes the service
 * (the last flush), and prints the secrets it used, for the test to look for in what was received.
 *
 * Lines: `secrets <json>`, then `done <subscriptions job id> <status>` or `failed <error>`.
 */
import { DEFAULT_SERVICE_CLIENT } from '../../../../emulators/dataverse/clients';
import { SOLUTION_VERSION } from '../../../../solution/version';
import { createTelemetry } from '../../../../plugins/telemetry';
import { startHarness } from '../../../helpers/harness';

async function main(): Promise<void> {
  const h = await startHarness({
    techdata: { customers: 8, subscriptionsPerCustomer: 2, pageSize: 5 },
    env: { W365_WORK_ITEMS: 'true', W365_CUSTOMERS_PER_ITEM: '3' },
    logLevel: 'warn',
    telemetry: (redactor) =>
      createTelemetry({ env: process.env, redactor, serviceVersion: SOLUTION_VERSION, instanceId: 'test-worker' }),
  });
  let line: string;
  try {
    const token = await h.tokenProvider.getToken();
    process.stdout.write(
      `secrets ${JSON.stringify({
        dataverseClientSecret: String(DEFAULT_SERVICE_CLIENT.clientSecret),
        distributorSecret: h.techdata.providerConfig().password,
        webhookKey: h.webhookKey,
        bearerToken: token,
      })}\n`,
    );
    const run = async (operation: 'SyncProviderAccounts' | 'SyncSubscriptions') => {
      const id = await h.service.store.createJob({ name: 'telemetry', operation, providerId: h.providerId });
      return { id, job: await h.service.waitForJob(id, 120_000) };
    };
    await run('SyncProviderAccounts');
    const subscriptions = await run('SyncSubscriptions');
    line = `done ${subscriptions.id} ${subscriptions.job.status}`;
  } finally {
    await h.close();
  }
  process.stdout.write(`${line}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`failed ${String(err)}\n`);
  process.exitCode = 1;
});
