/**
 * A worker process that takes one work item and then "hangs" while holding it (renewing its
 * visibility), until the test kills it: the dead-worker case.
 * Env: AZ_CONN (connection string), QUEUE (queue name), VISIBILITY_MS.
 */
import { QueueServiceClient } from '@azure/storage-queue';
import { AzureStorageJobQueue } from '../../../../plugins/jobs/queues/azure-storage';

const queue = new AzureStorageJobQueue({
  service: QueueServiceClient.fromConnectionString(String(process.env.AZ_CONN)),
  queueName: process.env.QUEUE,
  visibilityTimeoutInMs: Number(process.env.VISIBILITY_MS ?? 2000),
  minPollIntervalInMs: 100,
  maxPollIntervalInMs: 200,
});
queue.consumeItems(async (envelope, delivery) => {
  process.stdout.write(`held ${envelope.jobId} ${delivery.dequeueCount}\n`);
  await new Promise(() => undefined);
}, 1);
process.stdout.write('ready\n');
