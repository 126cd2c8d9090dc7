/**
 * A second worker process sharing a slot-lease budget with the test: it sends COUNT requests to URL
 * through the budget, all at once, and says when it is done.
 * Env: AZ_CONN, CONTAINER, NAME, URL, COUNT, MAX_CONCURRENT, SLOTS.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobLeaseStore } from '../../../../plugins/jobs/blob-lease';
import { SlotLeaseBudget } from '../../../../plugins/jobs/budget/slot-budget';

async function main(): Promise<void> {
  const container = BlobServiceClient.fromConnectionString(String(process.env.AZ_CONN)).getContainerClient(
    String(process.env.CONTAINER),
  );
  const budget = new SlotLeaseBudget({
    name: String(process.env.NAME),
    limits: {
      maxConcurrentRequests: Number(process.env.MAX_CONCURRENT),
      maxRequestsPerWindow: 100_000,
      windowInMs: 60_000,
    },
    leases: new BlobLeaseStore({ container, durationInS: 15, prefix: 'budgets/' }),
    slots: Number(process.env.SLOTS),
    acquireRetryInMs: 100,
    idleReleaseInMs: 1_000,
  });
  process.stdout.write('ready\n');
  const count = Number(process.env.COUNT);
  await Promise.all(
    Array.from({ length: count }, () => budget.run(async () => (await fetch(String(process.env.URL))).text())),
  );
  process.stdout.write(`done ${count}\n`);
  await budget.close();
}

main().catch((err: unknown) => {
  process.stdout.write(`failed ${String(err)}\n`);
  process.exitCode = 1;
});
