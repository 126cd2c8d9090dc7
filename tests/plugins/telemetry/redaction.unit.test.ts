/**
 * The redacting span processor cleans spans that instrumentation libraries create on their own (not
 * through our `Telemetry`), before any exporter sees them.
 */
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { SpanStatusCode } from '@opentelemetry/api';
import { RedactingSpanProcessor } from '../../../plugins/telemetry';
import { Redactor } from '../../../plugins/shared/redact';

test('attributes, event attributes and the status message are cleaned; other values are kept', async () => {
  const redactor = new Redactor();
  redactor.addSecret('registered-secret-123');
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new RedactingSpanProcessor(redactor), new SimpleSpanProcessor(exporter)],
  });
  const span = provider.getTracer('instrumentation-http').startSpan('POST');
  span.setAttributes({
    'url.full': 'https://login.example/token?client_secret=abc123456&x=1',
    'http.request.header.authorization': ['Bearer eyJhbGciOi.x.y'],
    'http.response.status_code': 401,
    note: 'echoed registered-secret-123 back',
  });
  span.addEvent('retry', { reason: 'registered-secret-123 was refused' });
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'refused registered-secret-123' });
  span.end();
  await provider.forceFlush();
  const [finished] = exporter.getFinishedSpans();
  expect(finished.attributes).toEqual({
    'url.full': 'https://login.example/token?client_secret=[REDACTED]&x=1',
    'http.request.header.authorization': '[REDACTED]',
    'http.response.status_code': 401,
    note: 'echoed [REDACTED] back',
  });
  expect(finished.events[0].attributes).toEqual({ reason: '[REDACTED] was refused' });
  expect(finished.status.message).toBe('refused [REDACTED]');
  await provider.shutdown();
});
