/**
 * A service-like process that sends one job's telemetry and exits: the exporters run in a process of
 * their own, as in the service (the OTLP exporter loads node:http through a dynamic import(), which
 * jest's module sandbox cannot run), and where Application Insights is configured, the distribution
 * registers its global providers in that process only.
 *
 * Destination from the environment (OTEL_EXPORTER_OTLP_ENDPOINT or
 * APPLICATIONINSIGHTS_CONNECTION_STRING), secrets from SECRET and TOKEN.
 */
import { createTelemetry } from '../../../../plugins/telemetry';
import { Redactor } from '../../../../plugins/shared/redact';

async function main(): Promise<void> {
  const secret = String(process.env.SECRET);
  const token = String(process.env.TOKEN);
  const redactor = new Redactor();
  redactor.addSecret(secret);
  const telemetry = await createTelemetry({
    env: process.env,
    redactor,
    serviceVersion: '1.2.3',
    instanceId: 'worker-a',
    metricIntervalInMs: 60_000,
  });
  let traceparent: string | undefined;
  await telemetry.span(
    'job SyncSubscriptions',
    { 'w365.job.id': 'job-1', note: `signed with ${secret}`, client_secret: 'plain-value-1' },
    async (job) => {
      job.setAttributes({ 'w365.job.items': 3 });
      traceparent = telemetry.traceparent();
      await telemetry.span('dataverse $batch', { 'w365.batch.operations': 12 }, async () => undefined, {
        kind: 'client',
      });
      await telemetry
        .span('connector listSubscriptions', { url: `https://td.example/api?code=${secret}` }, async () => {
          throw new Error(`distributor refused Bearer ${token} and ${secret}`);
        })
        .catch(() => undefined);
    },
  );
  // As another worker would: the work item's span continues the job's trace from the envelope.
  await telemetry.span('work-item customer-subscriptions', { 'w365.item.key': 'customer-7' }, async () => undefined, {
    traceparent,
    kind: 'consumer',
  });
  telemetry.jobFinished({ operation: 'SyncSubscriptions', status: 'Succeeded', environment: 'contoso' });
  telemetry.itemsProcessed(3, { outcome: 'done', kind: 'customer-subscriptions' });
  telemetry.dataverseRequest({ environment: 'contoso', status: 429, durationInMs: 35 });
  telemetry.throttled({ target: 'dataverse-contoso', retryAfterInMs: 2_000 });
  telemetry.waited({ target: 'dataverse-contoso', reason: 'retry-after', waitInMs: 2_000 });
  telemetry.distributorCall({
    distributor: 'techdata',
    operation: 'listSubscriptions',
    durationInMs: 120,
    outcome: 'ok',
  });
  await telemetry.flush();
  await telemetry.shutdown();
  process.stdout.write(`done ${traceparent ?? ''}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`failed ${String(err)}\n`);
  process.exitCode = 1;
});
