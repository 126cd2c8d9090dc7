/**
 * Where the alerts run (README.md): after every provider-wide Sync Subscriptions (subscriptions,
 * accounts, SKUs, credentials, repeated failures), after every Reconcile (distributor cost changes), and
 * when a job ends Failed (the service's runner calls `failedJobAlerts`). An alert check that cannot run
 * never fails the job it follows: it says so in an Info item and the next run checks again.
 */
import { errorMessage } from '../../../common/errors';
import type { DataverseApi } from '../../dataverse/api';
import type { JobContext } from '../../jobs/types';
import type { ProviderConfig } from '../../providers/types';
import type { Logger } from '../../shared/logger';
import type { SyncDeps } from '../deps';
import { loadProvider } from '../provider-config';
import type { Variance } from '../reconcile';
import {
  cancellationWindowClosing,
  credentialsExpiring,
  distributorCostChanges,
  jobFailedTwice,
  renewalWithoutAutoRenew,
  unmappedAccounts,
  unmappedSkus,
} from './causes';
import { accountFacts, credentialFacts, jobFacts, recipientsOf, skuFacts, subscriptionFacts } from './gather';
import { AlertErrorCodes, raiseAlerts, type AlertSink, type RaiseOutcome } from './raise';
import { DEFAULT_ALERT_SETTINGS, type AlertCause, type AlertSettings } from './types';

export { AlertErrorCodes } from './raise';

async function guarded(ctx: AlertSink, run: () => Promise<RaiseOutcome>): Promise<RaiseOutcome | undefined> {
  try {
    return await run();
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    ctx.item({
      severity: 'Info',
      code: AlertErrorCodes.CheckFailed,
      message: `The alert check could not run (${errorMessage(err)}); the next run checks again.`,
    });
    return undefined;
  }
}

async function raiseFor(
  dv: DataverseApi,
  ctx: AlertSink,
  config: ProviderConfig,
  causes: AlertCause[],
  now: Date,
  settings: AlertSettings,
) {
  const recipients = await recipientsOf(dv, config, ctx.signal);
  return raiseAlerts(dv, ctx, causes, {
    providerId: config.providerId,
    providerName: config.name,
    recipients,
    maxSingleNotifications: settings.maxSingleNotifications,
    now,
  });
}

/** After a provider-wide Sync Subscriptions. */
export function providerAlerts(
  dv: DataverseApi,
  ctx: JobContext,
  config: ProviderConfig,
  now: Date,
  settings: AlertSettings = DEFAULT_ALERT_SETTINGS,
) {
  return guarded(ctx, async () => {
    const id = config.providerId;
    const subs = await subscriptionFacts(dv, id, now, settings.renewalNoticeInDays, ctx.signal);
    const causes = [
      ...cancellationWindowClosing(id, subs, now),
      ...renewalWithoutAutoRenew(id, subs, now, settings.renewalNoticeInDays),
      ...unmappedAccounts(id, await accountFacts(dv, id, ctx.signal)),
      ...unmappedSkus(id, await skuFacts(dv, id, ctx.signal)),
      ...jobFailedTwice(id, await jobFacts(dv, id, ctx.signal)),
      ...credentialsExpiring(id, await credentialFacts(dv, config, ctx.signal), now, settings.credentialNoticeInDays),
    ];
    return raiseFor(dv, ctx, config, causes, now, settings);
  });
}

/** After a Reconcile: its unit cost variances are the distributor's cost changes. */
export function costAlerts(
  dv: DataverseApi,
  ctx: JobContext,
  config: ProviderConfig,
  invoiceNumber: string,
  variances: readonly Variance[],
  now: Date,
) {
  return guarded(ctx, async () => {
    const changes = variances
      .filter((v) => v.type === 'unitCost' && v.sku && v.expected !== undefined && v.actual !== undefined)
      .map((v) => ({
        sku: v.sku!,
        subscriptionId: v.subscriptionId,
        crmCost: v.expected!,
        distributorCost: v.actual!,
        currencyCode: v.currencyCode,
        invoiceNumber,
      }));
    return raiseFor(dv, ctx, config, distributorCostChanges(config.providerId, changes), now, DEFAULT_ALERT_SETTINGS);
  });
}

/** When a job of the provider ended Failed: the repeated-failure check alone (the job has no items left). */
export function failedJobAlerts(dv: DataverseApi, config: ProviderConfig, now: Date, sink: AlertSink) {
  return guarded(sink, async () =>
    raiseFor(
      dv,
      sink,
      config,
      jobFailedTwice(config.providerId, await jobFacts(dv, config.providerId)),
      now,
      DEFAULT_ALERT_SETTINGS,
    ),
  );
}

/**
 * The service's hook for a job that ended Failed: loads the provider and runs the repeated-failure
 * check; whatever goes wrong is logged (the job is over, and the next failure checks again).
 */
export async function alertOnFailedJob(deps: SyncDeps, providerId: string, log: Logger): Promise<void> {
  const sink: AlertSink = { item: (i) => log.info({ code: i.code, providerId }, i.message) };
  try {
    const { config } = await loadProvider(deps.dv, providerId, deps.redactor);
    await failedJobAlerts(deps.dv, config, (deps.now ?? (() => new Date()))(), sink);
  } catch (err) {
    log.warn({ providerId, err: errorMessage(err) }, 'the repeated-failure alert check could not run');
  }
}
