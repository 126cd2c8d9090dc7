/**
 * Alerts over the emulator: a Sync Subscriptions raises the provider's alerts (here: its unmapped
 * customers and SKUs) as Alert rows, Info items and, being many, one digest notification to the
 * configured recipient; the next sync raises none of them again; a job that failed twice in a row
 * alerts once, however often it fails after.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { bind, createRow } from '../../../../plugins/dataverse/intents';
import { eq } from '../../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../../plugins/sync/accounts/operation';
import { alertOnFailedJob } from '../../../../plugins/sync/alerts/run';
import type { SyncDeps } from '../../../../plugins/sync/deps';
import { syncSubscriptions } from '../../../../plugins/sync/subscriptions/operation';
import { silentLogger } from '../../../../plugins/shared/logger';
import { startHarness, type Harness } from '../../../helpers/harness';
import { depsFor, newJob } from '../../../helpers/sync';

const A = Tables.alert;
const N = Tables.appNotification;
const U = Tables.systemUser;
const J = Tables.syncJob;

jest.setTimeout(120_000);

describe('alerts', () => {
  let h: Harness;
  let deps: SyncDeps;
  let userId: string;

  beforeAll(async () => {
    h = await startHarness({ techdata: { customers: 12, subscriptionsPerCustomer: 2 }, registerWebhooks: false });
    deps = depsFor(h);
    const user = await h.dv.write(
      createRow(U, { values: { [U.col.fullName]: 'Ops', [U.col.internalEmailAddress]: 'ops@contoso.example' } }),
    );
    userId = String(user.id);
    const PP = Tables.providerProperty;
    await h.dv.write(
      createRow(PP, {
        values: { [PP.col.name]: 'Alert Recipients', [PP.col.value]: 'ops@contoso.example; nobody@contoso.example' },
        lookups: { [PP.col.provider]: bind(Tables.provider, h.providerId) },
      }),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  const alerts = () =>
    h.dv.all(A, {
      select: [A.col.alertKey, A.col.kind, A.col.inDigest],
      filter: eq(A.val.provider, { guid: h.providerId }),
    });
  const providerName = async () =>
    String(
      (await h.dv.retrieve(Tables.provider, h.providerId, [Tables.provider.col.name]))?.[Tables.provider.col.name],
    );
  const notifications = () =>
    h.dv.all(N, { select: [N.col.title, N.col.body], filter: eq(N.val.owner, { guid: userId }) });

  it('a sync raises its alerts once: rows, Info items, one digest; the next sync raises nothing again', async () => {
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    const first = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, first);
    const raised = await alerts();
    const unmapped = raised.filter((a) => a[A.col.kind] === Choices.alertKind.UnmappedAccount);
    expect(unmapped.length).toBeGreaterThan(0);
    expect(raised.length).toBeGreaterThan(5);
    expect(raised.every((a) => a[A.col.inDigest] === true)).toBe(true);
    const items = first.items.filter((i) => i.code.startsWith('ALERT_'));
    expect(items).toHaveLength(raised.length);
    expect(items.every((i) => i.severity === 'Info')).toBe(true);
    const sent = await notifications();
    expect(sent.map((n) => n[N.col.title])).toEqual([`${raised.length} alerts for ${await providerName()}`]);

    const second = await newJob(h, 'SyncSubscriptions');
    await syncSubscriptions(deps, second);
    expect(second.items.filter((i) => i.code.startsWith('ALERT_'))).toEqual([]);
    expect(await alerts()).toHaveLength(raised.length);
    expect(await notifications()).toHaveLength(1);
  });

  it('a job that failed twice in a row alerts once, with its own notification', async () => {
    const failedJob = async (name: string, finishedOn: string) =>
      h.dv.write(
        createRow(J, {
          values: {
            [J.col.name]: name,
            [J.col.operation]: Choices.syncOperation.VerifyConnectivity,
            [J.col.jobStatus]: Choices.syncJobStatus.Failed,
            [J.col.errorCode]: 'PROVIDER_AUTH_FAILED',
            [J.col.finishedOn]: finishedOn,
          },
          lookups: { [J.col.provider]: bind(Tables.provider, h.providerId) },
        }),
      );
    await failedJob('Verify 1', '2026-12-01T01:00:00Z');
    await alertOnFailedJob(deps, h.providerId, silentLogger());
    const kindOf = async () => (await alerts()).filter((a) => a[A.col.kind] === Choices.alertKind.JobFailedTwice);
    expect(await kindOf()).toHaveLength(0);
    await failedJob('Verify 2', '2026-12-01T02:00:00Z');
    await alertOnFailedJob(deps, h.providerId, silentLogger());
    expect(await kindOf()).toHaveLength(1);
    await failedJob('Verify 3', '2026-12-01T03:00:00Z');
    await alertOnFailedJob(deps, h.providerId, silentLogger());
    expect(await kindOf()).toHaveLength(1);
    const titles = (await notifications()).map((n) => n[N.col.title]);
    expect(titles).toContain('Failed twice in a row: Verify 2');
  });
});
