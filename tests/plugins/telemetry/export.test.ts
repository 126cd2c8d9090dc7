/**
 * Telemetry leaving the service: a local receiver decodes what the exporters send, to an OTLP
 * endpoint (OTLP/HTTP JSON) and to Application Insights (its ingestion endpoint), and checks that a
 * job's spans and metrics arrive, nested as they ran, that a work item's span joins its job's trace
 * through the envelope's traceparent, and that no secret is in any of it.
 */
import { ensureMaterial, defaultStateDir } from '../../../emulators/dataverse';
import { MetricNames } from '../../../plugins/telemetry';
import { startChild } from '../jobs/helpers/child';
import { startReceiver, type Receiver } from './helpers/receiver';

const SECRET = 'Xq7-client-secret-9f2b41';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: OtlpAttribute[];
  status: { code?: number; message?: string };
  events: { name: string }[];
}

function otlpSpans(bodies: string[]): OtlpSpan[] {
  return bodies.flatMap((b) =>
    (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans),
    ),
  );
}

const attr = (attributes: OtlpAttribute[], key: string) => {
  const v = attributes.find((a) => a.key === key)?.value;
  return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.boolValue);
};

async function produce(env: Record<string, string>): Promise<void> {
  const child = startChild('../../telemetry/helpers/producer.ts', { SECRET, TOKEN, ...env });
  try {
    const [line] = await child.waitForLine(/^(done|failed).*$/, 60_000);
    expect(line).toMatch(/^done 00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  } finally {
    await child.kill('SIGKILL');
  }
}

function expectNoSecret(receiver: Receiver): void {
  const everything = receiver.received.map((r) => r.body).join('\n');
  expect(everything.length).toBeGreaterThan(0);
  expect(everything).not.toContain(SECRET);
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain('plain-value-1');
}

test('to an OTLP endpoint: spans nested and joined across a work item, every metric, no secret', async () => {
  const receiver = await startReceiver();
  try {
    await produce({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    const spans = otlpSpans(receiver.bodiesAt('/v1/traces'));
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual([
      'connector listSubscriptions',
      'dataverse $batch',
      'job SyncSubscriptions',
      'work-item customer-subscriptions',
    ]);
    const job = byName['job SyncSubscriptions'];
    for (const child of ['dataverse $batch', 'connector listSubscriptions', 'work-item customer-subscriptions']) {
      expect(byName[child]).toMatchObject({ traceId: job.traceId, parentSpanId: job.spanId });
    }
    expect(attr(job.attributes, 'w365.job.id')).toBe('job-1');
    expect(attr(job.attributes, 'w365.job.items')).toBe(3);
    expect(attr(job.attributes, 'note')).toBe('signed with [REDACTED]');
    expect(attr(job.attributes, 'client_secret')).toBe('[REDACTED]');
    const failed = byName['connector listSubscriptions'];
    expect(failed.status).toMatchObject({ code: 2, message: expect.stringContaining('refused Bearer [REDACTED]') });
    expect(failed.events.map((e) => e.name)).toContain('exception');
    const metrics = receiver.bodiesAt('/v1/metrics').join('\n');
    for (const name of Object.values(MetricNames)) expect(metrics).toContain(`"${name}"`);
    expect(metrics).toContain('"w365-provider-sync"');
    expectNoSecret(receiver);
  } finally {
    await receiver.close();
  }
});

test('to Application Insights (its ingestion endpoint, https): the same spans and metrics, no secret', async () => {
  // An https receiver with the local emulator's certificate, which the producer trusts through
  // NODE_EXTRA_CA_CERTS (the Azure SDK's pipeline speaks https only).
  const { material, caFile } = ensureMaterial(defaultStateDir());
  const receiver = await startReceiver({ cert: material.serverCertPem, key: material.serverKeyPem });
  try {
    await produce({
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${receiver.url}/`,
      // Statsbeat reports the SDK's own usage to a fixed Microsoft endpoint, unreachable here.
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      NODE_EXTRA_CA_CERTS: caFile,
    });
    const envelopes = receiver.bodiesAt('/v2.1/track').flatMap(
      (b) =>
        JSON.parse(b) as {
          name: string;
          tags: Record<string, string>;
          data: { baseData: Record<string, unknown> };
        }[],
    );
    const spans = envelopes.filter((e) => /\.(RemoteDependency|Request)$/.test(e.name));
    // Internal and client spans are dependencies; the work item (a consumer span) is a request.
    expect(spans.filter((e) => e.name.endsWith('.RemoteDependency')).map((e) => e.data.baseData.name)).toEqual(
      expect.arrayContaining(['job SyncSubscriptions', 'dataverse $batch', 'connector listSubscriptions']),
    );
    expect(spans.filter((e) => e.name.endsWith('.Request'))).toHaveLength(1);
    // One operation (trace) for the job and the work item that continued it.
    expect(new Set(spans.map((e) => e.tags['ai.operation.id'])).size).toBe(1);
    const exception = envelopes.find((e) => e.name.endsWith('.Exception'));
    expect(JSON.stringify(exception)).toContain('refused Bearer [REDACTED]');
    const metricNames = envelopes
      .filter((e) => e.name.endsWith('.Metric'))
      .flatMap((e) => (e.data.baseData.metrics as { name: string }[]).map((m) => m.name));
    expect(metricNames).toEqual(
      expect.arrayContaining([MetricNames.jobs, MetricNames.dataverseRequests, MetricNames.throttled]),
    );
    expectNoSecret(receiver);
  } finally {
    await receiver.close();
  }
});
