/**
 * The service's telemetry, end to end: the service (in a child process, as `w365 serve` wires it,
 * with OTEL_EXPORTER_OTLP_ENDPOINT set) runs a Sync Subscriptions job split into work items against
 * the emulator and the TechData sandbox, and a local OTLP/HTTP receiver gets the job's trace (the job,
 * its work items, Dataverse requests and distributor calls, all in one trace), the metrics, and not one
 * secret: the Dataverse client secret, the distributor secret, the webhook key, the bearer token.
 */
import { MetricNames } from '../../../plugins/telemetry';
import { startChild } from '../jobs/helpers/child';
import { startReceiver } from '../telemetry/helpers/receiver';

jest.setTimeout(240_000);

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  events?: { name: string }[];
}

const spansIn = (bodies: string[]): OtlpSpan[] =>
  bodies.flatMap((b) =>
    (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans),
    ),
  );

const metricNamesIn = (bodies: string[]): Set<string> =>
  new Set(
    bodies.flatMap((b) =>
      (JSON.parse(b) as { resourceMetrics: { scopeMetrics: { metrics: { name: string }[] }[] }[] }).resourceMetrics
        .flatMap((r) => r.scopeMetrics)
        .flatMap((s) => s.metrics.map((m) => m.name)),
    ),
  );

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : undefined);
};

test('a Sync Subscriptions job reaches an OTLP receiver as one trace with Dataverse and distributor spans, metrics, no secret', async () => {
  const receiver = await startReceiver();
  const child = startChild('../../host/helpers/telemetry-service.ts', {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_SDK_DISABLED: 'false',
  });
  try {
    const [, secretsJson] = await child.waitForLine(/^secrets (.*)$/, 120_000);
    const [, jobId, status] = await child.waitForLine(/^done (\S+) (\S+)$/, 200_000);
    expect(status).toMatch(/^Succeeded/);
    const secrets = JSON.parse(secretsJson) as Record<string, string>;

    const spans = spansIn(receiver.bodiesAt('/v1/traces'));
    const job = spans.find((s) => s.name === 'job SyncSubscriptions' && attr(s, 'w365.job.id') === jobId);
    expect(job).toBeDefined();
    expect(attr(job!, 'w365.job.status')).toBe('Dispatched');
    const trace = spans.filter((s) => s.traceId === job!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const items = trace.filter((s) => s.name === 'work-item customer-subscriptions');
    expect(items.length).toBe(3); // 8 customers, 3 a part
    for (const item of items) expect(item.parentSpanId).toBe(job!.spanId);
    expect(items.map((i) => attr(i, 'w365.item.outcome'))).toEqual(['done', 'done', 'done']);

    const dataverse = trace.filter((s) => s.name.startsWith('dataverse '));
    expect(dataverse.map((s) => s.name)).toContain('dataverse POST $batch');
    // A $batch span says how many operations it carried.
    for (const s of dataverse.filter((d) => d.name === 'dataverse POST $batch'))
      expect(Number(attr(s, 'w365.dataverse.batch_operations'))).toBeGreaterThan(0);
    for (const s of dataverse) {
      expect(byId.has(s.parentSpanId ?? '')).toBe(true);
      expect(typeof attr(s, 'http.response.status_code')).toBe('number');
      expect(String(attr(s, 'w365.dataverse.target'))).not.toMatch(/[?(]/);
    }
    const distributor = trace.filter((s) => s.name.startsWith('distributor '));
    expect(distributor.length).toBeGreaterThan(0);
    for (const s of distributor) {
      // Under a work item (or the job's planning), with the path but never the query.
      expect(byId.has(s.parentSpanId ?? '')).toBe(true);
      expect(attr(s, 'http.response.status_code')).toBe(200);
      expect(String(attr(s, 'url.path'))).not.toContain('?');
    }
    expect(distributor.some((s) => byId.get(s.parentSpanId ?? '')?.name === 'work-item customer-subscriptions')).toBe(
      true,
    );

    const metrics = metricNamesIn(receiver.bodiesAt('/v1/metrics'));
    for (const name of [
      MetricNames.jobs,
      MetricNames.items,
      MetricNames.dataverseRequests,
      MetricNames.dataverseDuration,
      MetricNames.distributorDuration,
    ])
      expect(metrics).toContain(name);

    const everything = receiver.received.map((r) => r.body).join('\n');
    expect(Object.keys(secrets).sort()).toEqual([
      'bearerToken',
      'dataverseClientSecret',
      'distributorSecret',
      'webhookKey',
    ]);
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length).toBeGreaterThan(8);
      expect({ name, found: everything.includes(value) }).toEqual({ name, found: false });
    }
    expect(everything).not.toMatch(/Bearer\s+[A-Za-z0-9._-]{20,}/);
  } finally {
    await child.kill('SIGKILL');
    await receiver.close();
  }
});
