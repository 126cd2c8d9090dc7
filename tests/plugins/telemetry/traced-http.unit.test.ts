/**
 * Distributor calls as spans: the connectors' HTTP client, wrapped, makes each call a client span
 * under the active one, naming host and path (never the query, a header or the body), with the status
 * and a latency sample by outcome; a 429 counts as throttled and a thrown error fails the span.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../../../plugins/shared/http';
import { MetricNames, TracedHttpClient } from '../../../plugins/telemetry';
import { memoryTelemetry } from './helpers/memory';

class ScriptedHttp implements HttpClient {
  readonly seen: HttpRequest[] = [];
  constructor(private readonly answers: (number | Error)[]) {}
  async send(request: HttpRequest): Promise<HttpResponse> {
    this.seen.push(request);
    const next = this.answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    return { status: next, headers: {}, text: '{}', json: <T>() => ({}) as T };
  }
}

const SECRET = 'td-secret-4f9a1c';

test('each call is a span under the job with host, path and status, and a latency sample; no query, header or body', async () => {
  const m = memoryTelemetry();
  m.redactor.addSecret(SECRET);
  const inner = new ScriptedHttp([200, 429]);
  const http = new TracedHttpClient(inner, m.telemetry);
  await m.telemetry.span('job SyncSubscriptions', {}, async () => {
    await http.send({
      method: 'GET',
      url: `https://api.distributor.example/v3/customers/42/subscriptions?apikey=${SECRET}&page=2`,
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    await http.send({
      method: 'POST',
      url: 'https://api.distributor.example/oauth/token',
      body: { client_secret: SECRET },
    });
  });
  expect(inner.seen).toHaveLength(2);
  const [first, second, job] = m.spans();
  expect(first.name).toBe('distributor GET api.distributor.example');
  expect(first.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
  expect(first.attributes).toMatchObject({
    'http.request.method': 'GET',
    'server.address': 'api.distributor.example',
    'url.path': '/v3/customers/42/subscriptions',
    'http.response.status_code': 200,
  });
  expect(second.attributes['http.response.status_code']).toBe(429);
  expect(JSON.stringify(m.spans().map((s) => [s.name, s.attributes, s.events]))).not.toContain(SECRET);

  const metrics = await m.metrics();
  expect(
    metrics[MetricNames.distributorDuration].map((p) => [p.attributes.operation, p.attributes.outcome, p.value]).sort(),
  ).toEqual([
    ['GET', 'ok', 1],
    ['POST', 'http_429', 1],
  ]);
  expect(metrics[MetricNames.throttled]).toEqual([{ attributes: { target: 'distributor' }, value: 1 }]);
});

test('a call that throws fails its span with the error code as outcome, and the error reaches the caller', async () => {
  const m = memoryTelemetry();
  const failure = Object.assign(new Error('socket hang up'), { code: 'PROVIDER_UNREACHABLE' });
  const http = new TracedHttpClient(new ScriptedHttp([failure]), m.telemetry);
  await expect(http.send({ method: 'GET', url: 'https://api.distributor.example/v3/ping' })).rejects.toBe(failure);
  const [span] = m.spans();
  expect(span.status.code).toBe(2); // ERROR
  const metrics = await m.metrics();
  expect(metrics[MetricNames.distributorDuration][0].attributes.outcome).toBe('PROVIDER_UNREACHABLE');
});
