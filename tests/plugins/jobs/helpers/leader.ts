/**
 * A process that runs the nightly-scheduler election and says when it leads or stops leading, and
 * whether its epoch is still the newest: the "kill (or pause) the owner" case.
 * Env: AZ_CONN, CONTAINER, NAME.
 */
import { BlobServiceClient } from '@azure/storage-blob';
import { BlobLeaseStore } from '../../../../plugins/jobs/blob-lease';
import { LeaderElection } from '../../../../plugins/jobs/lease';

const container = BlobServiceClient.fromConnectionString(String(process.env.AZ_CONN)).getContainerClient(
  String(process.env.CONTAINER),
);
const election = new LeaderElection({
  store: new BlobLeaseStore({ container, durationInS: 15, renewIntervalInMs: 1_000 }),
  name: String(process.env.NAME),
  retryIntervalInMs: 500,
  onElected: (lease) => void process.stdout.write(`leader ${lease.epoch}\n`),
  onDeposed: async (lease, reason) => {
    const current = await lease.isCurrent().catch(() => 'error');
    process.stdout.write(`deposed ${lease.epoch} ${reason} current=${String(current)}\n`);
  },
});
election.start();
