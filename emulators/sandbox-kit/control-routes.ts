/**
 * The `/_sandbox/...` routes every sandbox has, for benchmarks and demos that run it in another
 * process (not part of any distributor's API):
 *   GET    /_sandbox/info                  connection details (the ready line)
 *   GET    /_sandbox/stats                 counters;  POST /_sandbox/stats/reset
 *   GET    /_sandbox/faults                current faults;  PUT (replace, JSON);  DELETE (clear)
 *   PUT    /_sandbox/latency               {"latencyInMs": 100}
 *   POST   /_sandbox/change-quantities     {"fraction": 0.1, "seed": 7}  -> {"changes": [...]}
 *   GET    /_sandbox/customers, /_sandbox/subscriptions, /_sandbox/malformed   the truth, for sandboxes
 *          whose records are customers and subscriptions
 * Each sandbox's control-routes.ts adds the routes about its own data.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxControls } from './server';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'SANDBOX_BAD_REQUEST', message });
}

/** @param info the ready line (known once the sandbox listens). */
export function registerCommonControlRoutes<F extends object, S>(
  app: FastifyInstance,
  controls: SandboxControls<F, S>,
  info: () => Record<string, unknown>,
): void {
  app.get('/_sandbox/info', async () => info());
  app.get('/_sandbox/stats', async () => controls.stats());
  app.post('/_sandbox/stats/reset', async () => {
    controls.resetStats();
    return controls.stats();
  });
  app.get('/_sandbox/faults', async () => controls.faults());
  app.put('/_sandbox/faults', async (request, reply) => {
    if (!isRecord(request.body)) return badRequest(reply, 'Send the faults as a JSON object.');
    controls.setFaults(request.body as F);
    return controls.faults();
  });
  app.delete('/_sandbox/faults', async () => {
    // Every sandbox's faults are all optional: the empty set is no faults.
    controls.setFaults({} as F);
    return {};
  });
  app.put('/_sandbox/latency', async (request, reply) => {
    const ms = isRecord(request.body) ? Number(request.body.latencyInMs) : NaN;
    if (!Number.isFinite(ms) || ms < 0)
      return badRequest(reply, 'latencyInMs must be a number of milliseconds, 0 or more.');
    controls.setLatency(ms);
    return { latencyInMs: ms };
  });
}

/** Which records of a customers-and-subscriptions sandbox are served malformed (by id), with how. */
export interface MalformedPicks {
  customers: ReadonlyMap<string, string>;
  subscriptions: ReadonlyMap<string, string>;
}

/** GET /_sandbox/customers, /_sandbox/subscriptions and /_sandbox/malformed: the truth, for assertions. */
export function registerTruthRoutes(
  app: FastifyInstance,
  truth: { customers(): unknown; subscriptions(): unknown; malformed(): MalformedPicks },
): void {
  app.get('/_sandbox/customers', async () => truth.customers());
  app.get('/_sandbox/subscriptions', async () => truth.subscriptions());
  app.get('/_sandbox/malformed', async () => {
    const picks = truth.malformed();
    return { customers: Object.fromEntries(picks.customers), subscriptions: Object.fromEntries(picks.subscriptions) };
  });
}

/** POST /_sandbox/change-quantities: `change` alters about `fraction` of the lines, deterministically for `seed`. */
export function registerChangeQuantitiesRoute(
  app: FastifyInstance,
  change: (fraction: number, seed: string | number) => unknown[],
): void {
  app.post('/_sandbox/change-quantities', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const fraction = Number(body.fraction);
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1)
      return badRequest(reply, 'fraction must be between 0 and 1.');
    const seed = typeof body.seed === 'number' || typeof body.seed === 'string' ? body.seed : 1;
    return { changes: change(fraction, seed) };
  });
}
