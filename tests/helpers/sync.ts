/**
 * What the sync integration tests share: deps with small batches (many commits to be killed between)
 * and fast retries, a job row and its test context, and the invariants every run must keep.
 */
import { Choices, Tables } from '../../solution/schema';
import type { Row } from '../../plugins/dataverse/client';
import { eq } from '../../plugins/dataverse/odata';
import { ConnectorRegistry } from '../../plugins/providers/registry';
import { techDataConnectorFactory, TECHDATA_INTERNAL_NAME } from '../../plugins/providers/techdata';
import { AxiosHttpClient } from '../../plugins/shared/http';
import type { SyncDeps } from '../../plugins/sync/deps';
import { checkLicenseLog } from '../../plugins/sync/license-check';
import type { Harness } from './harness';
import { TestJobContext } from './job-context';

const S = Tables.subscription;
const L = Tables.licenseChangeLog;

/** Deps with small batches (many commits to be killed between) and fast retries. */
export function depsFor(h: Harness, overrides: Partial<SyncDeps> = {}): SyncDeps {
  const base = h.service.syncDeps;
  return {
    ...base,
    connectors: new ConnectorRegistry().register(
      TECHDATA_INTERNAL_NAME,
      techDataConnectorFactory({
        pageTimeoutInMs: 1500,
        pageRetry: { retryDelayInMs: 10, maxRetryDelayInMs: 100, maxTries: 6 },
      }),
    ),
    connectorDeps: (log) => ({
      ...base.connectorDeps(log),
      http: new AxiosHttpClient({
        urlPolicy: { allowLoopback: true, allowPrivateNetworks: false },
        defaultRetry: { retryDelayInMs: 10, maxRetryDelayInMs: 100, maxTries: 6 },
      }),
    }),
    writes: { maxOperationsPerBatch: 10, concurrentBatches: 2, flushAtOperations: 20 },
    ...overrides,
  };
}

/**
 * A job created as the ribbon does (the service's webhook queues it), waited for, and what a person
 * reads of it: status, summary, counts, its items' codes and, for a job run in parts, how many.
 */
export async function runThroughService(h: Harness, operation: 'SyncProviderAccounts' | 'SyncSubscriptions') {
  const I = Tables.syncJobItem;
  const id = await h.service.store.createJob({ name: 'test', operation, providerId: h.providerId });
  await h.service.waitForJob(id, 120_000);
  const outcome = await h.service.store.getOutcome(id);
  const items = await h.dv.all(I.entitySetName, { select: [I.col.code], filter: eq(I.val.syncJob, { guid: id }) });
  return {
    status: outcome?.status ?? 'Unknown',
    summary: outcome?.summary ?? '',
    counts: { ...outcome?.counts },
    codes: items.map((i) => String(i[I.col.code])),
    parts: (outcome?.result as { parts?: unknown } | undefined)?.parts,
  };
}

export async function newJob(
  h: Harness,
  operation: 'SyncProviderAccounts' | 'SyncSubscriptions',
): Promise<TestJobContext> {
  const id = await h.service.store.createJob({ name: operation, operation, providerId: h.providerId });
  return new TestJobContext({ id, providerId: h.providerId, operation });
}

export async function invariants(h: Harness): Promise<void> {
  const subs: Row[] = await h.dv.all(S.entitySetName, {
    select: [S.col.id, S.col.providerSubscriptionId, S.col.quantity],
    filter: eq(S.val.provider, { guid: h.providerId }),
  });
  const keys = subs.map((s) => String(s[S.col.providerSubscriptionId]));
  expect(new Set(keys).size).toBe(keys.length);
  const logs: Row[] = await h.dv.all(L.entitySetName, {
    select: [L.val.subscription, L.col.changeType, L.col.changeKey],
  });
  const changeKeys = logs.map((l) => String(l[L.col.changeKey]));
  expect(new Set(changeKeys).size).toBe(changeKeys.length);
  for (const s of subs) {
    const creates = logs.filter(
      (l) => l[L.val.subscription] === s[S.col.id] && l[L.col.changeType] === Choices.changeType.Create,
    );
    expect(creates).toHaveLength(1);
  }
  expect((await checkLicenseLog(h.dv, h.providerId)).mismatches).toEqual([]);
}
