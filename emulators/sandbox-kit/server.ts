/**
 * The HTTP scaffolding every sandbox shares: a fastify app set up the same way, listening and the URL
 * it is reached at, the fault and latency steps a request goes through before it is served, and the
 * controls (faults, latency, stats) that tests call as methods and other processes as /_sandbox/ routes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { FaultDecision } from './faults';

export const DEFAULT_HOST = '127.0.0.1';

/** @param options.formBodies parse application/x-www-form-urlencoded bodies (OAuth token endpoints). */
export function createSandboxApp(options: { formBodies?: boolean } = {}): FastifyInstance {
  // bodyLimit is generous for the control routes' bulk bodies; logger off: the sandbox is not ours to log.
  const app = Fastify({ logger: false, bodyLimit: 20 * 1024 * 1024, forceCloseConnections: true });
  if (options.formBodies) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }
  return app;
}

/** Listen (port 0, the default, picks a free one) and return the base URL clients use. */
export async function listenOn(app: FastifyInstance, options: { host?: string; port?: number }): Promise<string> {
  const host = options.host ?? DEFAULT_HOST;
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Sleep, but stop as soon as the client goes away (it timed out, or the sandbox is closing), so slow
 * answers leave no timers behind. False when the client is gone.
 */
export async function waitUnlessGone(delayInMs: number, reply: FastifyReply): Promise<boolean> {
  const controller = new AbortController();
  const onClose = () => controller.abort();
  reply.raw.once('close', onClose);
  try {
    await sleep(delayInMs, undefined, { signal: controller.signal });
    return true;
  } catch {
    return false;
  } finally {
    reply.raw.off('close', onClose);
  }
}

/** How one sandbox answers the faults decided for a request (each answer also counts itself). */
export interface FaultAnswers {
  /** Added before serving; the fault's own delay comes on top. */
  latencyInMs: number;
  /** Answer a throttled request (sendThrottled). */
  throttled(retryAfterSeconds: number): unknown;
  /** Checks made after the delay and before a server error (authentication); false when they answered. */
  checks?(): Promise<boolean>;
  /** Answer with an injected server error. */
  serverError(status: number): unknown;
}

/**
 * Apply a fault decision: throttling first (such a request goes no further), then the delay, the
 * checks, and a server error. False when the request was answered (or the client went away).
 */
export async function applyFaults(
  decision: FaultDecision,
  reply: FastifyReply,
  answers: FaultAnswers,
): Promise<boolean> {
  if (decision.throttleRetryAfterSeconds !== undefined) {
    await answers.throttled(decision.throttleRetryAfterSeconds);
    return false;
  }
  const delayInMs = answers.latencyInMs + decision.delayInMs;
  if (delayInMs > 0 && !(await waitUnlessGone(delayInMs, reply))) return false;
  if (answers.checks && !(await answers.checks())) return false;
  if (decision.serverErrorStatus !== undefined) {
    await answers.serverError(decision.serverErrorStatus);
    return false;
  }
  return true;
}

/** 429 with Retry-After and the distributor's error body. */
export function sendThrottled(reply: FastifyReply, retryAfterSeconds: number, body: unknown): FastifyReply {
  return reply.code(429).header('Retry-After', String(retryAfterSeconds)).send(body);
}

/** A copy of the malformed picks (by id, with how) that the caller may keep or change. */
export function copyOfPicks<C, S>(picks: {
  customers: ReadonlyMap<string, C>;
  subscriptions: ReadonlyMap<string, S>;
}): { customers: Map<string, C>; subscriptions: Map<string, S> } {
  return { customers: new Map(picks.customers), subscriptions: new Map(picks.subscriptions) };
}

/**
 * The provider row a partner would fill in for a sandbox (the connector's ProviderConfig shape, kept
 * apart from it: the sandboxes never import product code).
 */
export interface SandboxProviderConfig {
  providerId: string;
  name: string;
  internalName: string;
  userName: string;
  password: string;
  endpointUrl: string;
  properties: Record<string, string>;
}

/** What a test (methods) and another process (/_sandbox/ routes) can change and read on every sandbox. */
export interface SandboxControls<F, S> {
  setFaults(faults: F): void;
  faults(): F;
  setLatency(latencyInMs: number): void;
  stats(): S;
  resetStats(): void;
}

/** The controls of a sandbox state: its faults and latency, and its own way of counting. */
export function sandboxControls<F, S>(
  state: { readonly faults: { set(faults: F): void; current(): F }; latencyInMs: number },
  counting: { stats(): S; resetStats(): void },
): SandboxControls<F, S> {
  return {
    setFaults: (faults) => state.faults.set(faults),
    faults: () => state.faults.current(),
    setLatency: (latencyInMs) => {
      state.latencyInMs = latencyInMs;
    },
    stats: () => counting.stats(),
    resetStats: () => counting.resetStats(),
  };
}
