/**
 * Delivers webhook calls [C use-webhooks.md / register-web-hook.md]:
 * - POST the RemoteExecutionContext JSON with headers x-ms-dynamics-organization, -entity-name,
 *   -request-name and x-ms-correlation-request-id;
 * - auth by the endpoint's authtype: 4 Webhook Key -> `?code=<authvalue>`; 5 Http Header -> headers;
 *   6 Http Query String -> query parameters. For 5 and 6 the authvalue is read as
 *   `<settings><setting name="x" value="y"/></settings>` [I: format not confirmed, see dataverse.md §2.1];
 * - 60 s timeout, one retry only on 502/503/504; non-2xx is a failure (the body is ignored);
 * - a failing synchronous step throws, which rolls back the operation; asynchronous steps are fired
 *   after the commit and their failures are only recorded (in Dataverse: a failed System Job).
 * Unlike Dataverse (ports 80/443 only), any port is accepted so tests can listen on an ephemeral one.
 */
import { PlatformChoices as Choices } from '../platform';
import type { EmulatorClient } from '../clients';
import { DataverseError, PlatformErrorCodes } from '../errors';
import type { Environment, EventSink, WriteEvent, WriteMessage } from '../webapi/context';
import { remoteExecutionContext, toWcfJson } from './context';
import type { StepRegistration, StepRegistry } from './registry';

export interface WebhookDelivery {
  stepId: string;
  message: string;
  table: string;
  /** The endpoint URL without its query string (which may hold a key). */
  url: string;
  mode: number;
  status?: number;
  ok: boolean;
  attempts: number;
  error?: string;
  at: string;
}

export interface DispatcherOptions {
  registry: StepRegistry;
  env: Environment;
  timeoutInMs: number;
  /** Keeps the last N deliveries for inspection (tests, /_emulator/webhooks). */
  historySize?: number;
}

const RETRYABLE = new Set([502, 503, 504]);

/** Parses `<settings><setting name=".." value=".."/></settings>` (attribute order free, XML entities decoded). */
export function parseSettings(xml: string): [string, string][] | undefined {
  if (!/<settings[\s>]/i.test(xml)) return undefined;
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const out: [string, string][] = [];
  for (const m of xml.matchAll(/<setting\b([^>]*?)\/?>/gi)) {
    const attr = (name: string) => new RegExp(`${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(m[1]);
    const n = attr('name');
    const v = attr('value');
    if (n && v) out.push([decode(n[2] ?? n[3]), decode(v[2] ?? v[3])]);
  }
  return out;
}

export function applyAuth(step: Pick<StepRegistration, 'url' | 'authType' | 'authValue'>): {
  url: string;
  headers: Record<string, string>;
} {
  const url = new URL(step.url);
  const headers: Record<string, string> = {};
  const A = Choices.serviceEndpointAuthType;
  if (step.authType === A.WebhookKey && step.authValue) url.searchParams.set('code', step.authValue);
  if (step.authType === A.HttpHeader || step.authType === A.HttpQueryString) {
    const pairs = parseSettings(step.authValue ?? '');
    if (!pairs)
      throw new Error('the endpoint authvalue is not a <settings><setting name=".." value=".."/></settings> document');
    for (const [k, v] of pairs) {
      if (step.authType === A.HttpHeader) headers[k] = v;
      else url.searchParams.append(k, v);
    }
  }
  return { url: url.toString(), headers };
}

export class WebhookDispatcher implements EventSink {
  private readonly history: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly o: DispatcherOptions) {}

  hasSteps(message: WriteMessage, table: string): boolean {
    return this.o.registry.matching(message, table).length > 0;
  }

  invalidate(): void {
    this.o.registry.invalidate();
  }

  deliveries(): WebhookDelivery[] {
    return [...this.history];
  }

  /** Resolves when every asynchronous delivery started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private steps(event: WriteEvent): StepRegistration[] {
    return this.o.registry.matching(event.message, event.table.name).filter((s) => {
      if (event.message !== 'Update' || s.filteringAttributes.length === 0) return true;
      return Object.keys(event.target).some((c) => s.filteringAttributes.includes(c));
    });
  }

  async runSync(event: WriteEvent, stage: 'pre' | 'post', client: EmulatorClient): Promise<void> {
    const steps = this.steps(event).filter(
      (s) => s.mode === Choices.stepMode.Synchronous && (stage === 'pre' ? s.stage < 30 : s.stage >= 40),
    );
    for (const step of steps) {
      const d = await this.deliver(step, event, client);
      if (!d.ok) {
        // [I] Dataverse reports "Endpoint unavailable" to the user; the code and text here are ours.
        throw new DataverseError(
          400,
          PlatformErrorCodes.PluginError,
          `Endpoint unavailable: the synchronous webhook step '${step.stepName}' (service endpoint '${step.endpointName}', ${d.url}) failed: ${d.error ?? `HTTP ${d.status}`}. The operation was rolled back.`,
        );
      }
    }
  }

  fireAsync(event: WriteEvent, client: EmulatorClient): void {
    for (const step of this.steps(event)) {
      if (step.mode !== Choices.stepMode.Asynchronous) continue;
      const p: Promise<void> = this.deliver(step, event, client).then(
        () => undefined,
        () => undefined,
      );
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    }
  }

  private async deliver(step: StepRegistration, event: WriteEvent, client: EmulatorClient): Promise<WebhookDelivery> {
    const d: WebhookDelivery = {
      stepId: step.stepId,
      message: event.message,
      table: event.table.name,
      url: step.url.split('?')[0],
      mode: step.mode,
      ok: false,
      attempts: 0,
      at: new Date().toISOString(),
    };
    try {
      const { url, headers } = applyAuth(step);
      const body = toWcfJson(
        remoteExecutionContext(
          event,
          { id: step.stepId, name: step.stepName, mode: step.mode, stage: step.stage },
          client,
          this.o.env,
        ),
      );
      const host = new URL(this.o.env.url).host;
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        d.attempts = attempt;
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'x-ms-dynamics-organization': host,
            'x-ms-dynamics-entity-name': event.table.name,
            'x-ms-dynamics-request-name': event.message,
            'x-ms-correlation-request-id': event.correlationId,
            ...headers,
          },
          body,
          signal: AbortSignal.timeout(this.o.timeoutInMs),
        });
        await res.arrayBuffer().catch(() => undefined); // only the status is read; drain the body
        d.status = res.status;
        d.ok = res.status >= 200 && res.status < 300;
        if (d.ok || !RETRYABLE.has(res.status)) break;
      }
    } catch (e) {
      const err = e as Error;
      d.error = err.name === 'TimeoutError' ? `no answer within ${this.o.timeoutInMs} ms` : err.message;
    }
    this.history.push(d);
    if (this.history.length > (this.o.historySize ?? 200)) this.history.shift();
    return d;
  }
}
