/**
 * Dataverse requests as spans: the wrapping observer makes each request one client span under the
 * active job span, with its final status and its retries and 429 waits as events, and feeds the
 * request, 429 and wait metrics; the span names the entity set, never a key or a query.
 */
import { observeAll, RequestCounter, requestTarget } from '../../../plugins/dataverse/observer';
import { TracingRequestObserver } from '../../../plugins/telemetry/dataverse-observer';
import { MetricNames } from '../../../plugins/telemetry';
import { memoryTelemetry } from './helpers/memory';

test('the target is the entity set or $batch, never a key, query or host', () => {
  expect(requestTarget('$batch')).toBe('$batch');
  expect(requestTarget('w365_providers(00000000-0000-0000-0000-000000000001)?$select=w365_name')).toBe(
    'w365_providers',
  );
  expect(requestTarget('https://org.crm.dynamics.com/api/data/v9.2/accounts?$skiptoken=%3Ccookie%3E')).toBe('accounts');
  expect(requestTarget('/accounts/$count')).toBe('accounts');
});

test('a throttled request is one span under the job, with its retry as an event, and the metrics count it', async () => {
  const m = memoryTelemetry();
  const counter = new RequestCounter();
  const observer = observeAll(counter, new TracingRequestObserver(m.telemetry, 'contoso'));
  const path = "accounts(name='secret-looking')?$filter=name eq 'x'";
  await m.telemetry.span('job SyncSubscriptions', {}, () =>
    observer.around!({ method: 'GET', path }, async () => {
      // What the client observes: the request, a 429, the retry after its Retry-After, the answer.
      observer.observe({ type: 'request', method: 'GET', path });
      observer.observe({ type: 'response', method: 'GET', path, status: 429, durationInMs: 5 });
      observer.observe({
        type: 'retry',
        method: 'GET',
        path,
        delayInMs: 2_000,
        reason: 'status 429, Retry-After (throttled)',
      });
      observer.observe({ type: 'request', method: 'GET', path });
      observer.observe({ type: 'response', method: 'GET', path, status: 200, durationInMs: 7 });
      return 'ok';
    }),
  );
  const [request, job] = m.spans();
  expect(job.name).toBe('job SyncSubscriptions');
  expect(request.name).toBe('dataverse GET accounts');
  expect(request.parentSpanContext?.spanId).toBe(job.spanContext().spanId);
  expect(request.attributes).toEqual({
    'http.request.method': 'GET',
    'w365.dataverse.target': 'accounts',
    'w365.environment': 'contoso',
    'http.response.status_code': 200,
  });
  expect(request.events.map((e) => [e.name, e.attributes])).toEqual([
    ['retry', { 'w365.retry.delay_ms': 2_000, 'w365.retry.reason': 'status 429, Retry-After (throttled)' }],
  ]);
  expect(JSON.stringify([request.name, request.attributes, request.events])).not.toContain('secret-looking');
  expect(counter.stats()).toMatchObject({ requests: 2, throttled: 1 });

  const metrics = await m.metrics();
  expect(metrics[MetricNames.dataverseRequests].map((p) => [p.attributes.status, p.value]).sort()).toEqual([
    [200, 1],
    [429, 1],
  ]);
  expect(metrics[MetricNames.throttled]).toEqual([{ attributes: { target: 'dataverse' }, value: 1 }]);
  expect(metrics[MetricNames.waits]).toEqual([
    { attributes: { target: 'dataverse', reason: 'retry-after' }, value: 1 },
  ]);
});

test('a request that fails is a failed span; concurrent requests keep their own events', async () => {
  const m = memoryTelemetry();
  const observer = new TracingRequestObserver(m.telemetry, 'default');
  // Two requests of one job at once: each response lands on its own span.
  await m.telemetry.span('job SyncSubscriptions', {}, async () => {
    const slow = observer.around({ method: 'POST', path: '$batch' }, async () => {
      await new Promise((r) => setTimeout(r, 10));
      observer.observe({ type: 'response', method: 'POST', path: '$batch', status: 200, durationInMs: 10 });
    });
    const failing = observer.around({ method: 'PATCH', path: 'w365_syncjobs(1)' }, async () => {
      observer.observe({ type: 'response', method: 'PATCH', path: 'w365_syncjobs(1)', status: 412, durationInMs: 1 });
      throw new Error('precondition failed');
    });
    await expect(failing).rejects.toThrow('precondition failed');
    await slow;
  });
  const byName = Object.fromEntries(m.spans().map((s) => [s.name, s]));
  expect(byName['dataverse PATCH w365_syncjobs'].status.code).toBe(2); // ERROR
  expect(byName['dataverse PATCH w365_syncjobs'].attributes['http.response.status_code']).toBe(412);
  expect(byName['dataverse POST $batch'].attributes['http.response.status_code']).toBe(200);
});

test('a request outside any job or work item (the poller) is counted but makes no trace of its own', async () => {
  const m = memoryTelemetry();
  const observer = new TracingRequestObserver(m.telemetry, 'default');
  await observer.around({ method: 'GET', path: 'w365_syncjobs?$filter=x' }, async () => {
    observer.observe({ type: 'response', method: 'GET', path: 'w365_syncjobs', status: 200, durationInMs: 3 });
  });
  expect(m.spans()).toEqual([]);
  const metrics = await m.metrics();
  expect(metrics[MetricNames.dataverseRequests]).toEqual([
    { attributes: { environment: 'default', status: 200, operation: 'GET w365_syncjobs' }, value: 1 },
  ]);
});
