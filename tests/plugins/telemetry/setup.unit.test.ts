/**
 * Where telemetry goes, from the environment: Application Insights when its connection string is
 * set, an OTLP endpoint otherwise, nothing when neither; a variable we cannot honour is named.
 */
import { chooseTelemetryDestination, createTelemetry, NoopTelemetry } from '../../../plugins/telemetry';
import { Redactor } from '../../../plugins/shared/redact';

const AI =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

describe('chooseTelemetryDestination', () => {
  test('Application Insights wins when its connection string is set, even with an OTLP endpoint', () => {
    expect(
      chooseTelemetryDestination({
        APPLICATIONINSIGHTS_CONNECTION_STRING: AI,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      }),
    ).toEqual({
      kind: 'azure-monitor',
      connectionString: AI,
    });
  });

  test('an OTLP endpoint gives the per-signal URLs the OTLP spec derives; a per-signal variable wins', () => {
    expect(chooseTelemetryDestination({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      kind: 'otlp',
      tracesUrl: 'http://collector:4318/v1/traces',
      metricsUrl: 'http://collector:4318/v1/metrics',
    });
    expect(
      chooseTelemetryDestination({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/ingest',
      }),
    ).toMatchObject({ tracesUrl: 'https://traces.example/ingest', metricsUrl: 'http://collector:4318/v1/metrics' });
  });

  test('off when neither is set, or when OTEL_SDK_DISABLED=true', () => {
    expect(chooseTelemetryDestination({})).toEqual({ kind: 'off' });
    expect(
      chooseTelemetryDestination({ OTEL_SDK_DISABLED: 'true', APPLICATIONINSIGHTS_CONNECTION_STRING: AI }),
    ).toEqual({ kind: 'off' });
  });

  test('names the variable it cannot honour', () => {
    const bad = (env: Record<string, string>) => {
      try {
        chooseTelemetryDestination(env);
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error('expected an error');
    };
    expect(bad({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'not-a-connection-string' })).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('APPLICATIONINSIGHTS_CONNECTION_STRING'),
    });
    expect(
      bad({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).message,
    ).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(bad({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  test('with nothing configured the service gets the no-op telemetry, which still runs the work', async () => {
    const t = await createTelemetry({ env: {}, redactor: new Redactor(), serviceVersion: '1.0.0' });
    expect(t).toBeInstanceOf(NoopTelemetry);
    await expect(t.span('job', {}, async () => 42)).resolves.toBe(42);
    expect(t.traceparent()).toBeUndefined();
  });
});
