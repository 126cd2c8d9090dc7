/**
 * Distributor calls as telemetry: the connectors' HTTP client wrapped so that every call is a client
 * span, a child of the job or work item that made it, and a sample of the distributor latency
 * histogram. The span names the host and the path without its query (a distributor's query can carry
 * a key); never a header or a body. Attributes are redacted again by the telemetry.
 */
import type { HttpClient, HttpRequest, HttpResponse } from '../shared/http';
import type { Telemetry } from './types';

/** Host and path of a URL, without query, fragment or credentials; undefined for one that does not parse. */
function target(url: string): { host: string; path: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.host, path: u.pathname };
  } catch {
    return undefined;
  }
}

export class TracedHttpClient implements HttpClient {
  constructor(
    private readonly inner: HttpClient,
    private readonly telemetry: Telemetry,
  ) {}

  send(request: HttpRequest): Promise<HttpResponse> {
    const where = target(request.url);
    // A URL that does not parse is the inner client's to refuse, with its own error; nothing to trace.
    if (!where) return this.inner.send(request);
    return this.telemetry.span(
      `distributor ${request.method} ${where.host}`,
      { 'http.request.method': request.method, 'server.address': where.host, 'url.path': where.path },
      async (span) => {
        const startedAt = Date.now();
        let outcome = 'error';
        try {
          const response = await this.inner.send(request);
          span.setAttributes({ 'http.response.status_code': response.status });
          outcome = response.status < 400 ? 'ok' : `http_${response.status}`;
          if (response.status === 429) this.telemetry.throttled({ target: 'distributor' });
          return response;
        } catch (err) {
          const code = (err as { code?: unknown })?.code;
          if (typeof code === 'string') outcome = code;
          throw err;
        } finally {
          const durationInMs = Date.now() - startedAt;
          span.setAttributes({ 'w365.duration_ms': durationInMs });
          this.telemetry.distributorCall({ distributor: where.host, operation: request.method, durationInMs, outcome });
        }
      },
      { kind: 'client' },
    );
  }
}
