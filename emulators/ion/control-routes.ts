/**
 * `/_sandbox/...`: the Ion sandbox's controls over HTTP, for demos and benchmarks that run it in another
 * process. Not part of Ion's API.
 *   GET    /_sandbox/info                   connection details (the ready line)
 *   GET    /_sandbox/stats                  counters;  POST /_sandbox/stats/reset
 *   GET    /_sandbox/faults                 current faults;  PUT (replace, JSON IonFaults);  DELETE (clear)
 *   PUT    /_sandbox/latency                {"latencyInMs": 100}
 *   POST   /_sandbox/credentials            "Request New Credentials": {"refreshToken"} (older chains die)
 *   GET    /_sandbox/refresh-tokens         the refresh tokens that are live now (is the partner locked out?)
 *   POST   /_sandbox/change-quantities      {"fraction": 0.1, "seed": 7}  -> {"changes": [...]}
 *   POST   /_sandbox/remove-customer        {"customerId": "306001"}
 *   PUT    /_sandbox/subscriptions          a line (created or replaced by id)
 *   GET    /_sandbox/customers, /_sandbox/subscriptions, /_sandbox/malformed   the truth, for assertions
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IonSandboxSubscription } from './dataset';
import type { IonFaults } from './faults';
import type { IonSandboxState } from './state';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'SANDBOX_BAD_REQUEST', message });
}

export function registerControlRoutes(app: FastifyInstance, state: IonSandboxState, info: () => Record<string, unknown>, newCredentials: () => string): void {
  app.get('/_sandbox/info', async () => info());
  app.get('/_sandbox/stats', async () => state.stats());
  app.post('/_sandbox/stats/reset', async () => {
    state.resetStats();
    return state.stats();
  });
  app.get('/_sandbox/faults', async () => state.faults.current());
  app.put('/_sandbox/faults', async (request, reply) => {
    if (!isRecord(request.body)) return badRequest(reply, 'Send the faults as a JSON object.');
    state.faults.set(request.body as IonFaults);
    return state.faults.current();
  });
  app.delete('/_sandbox/faults', async () => {
    state.faults.set({});
    return {};
  });
  app.put('/_sandbox/latency', async (request, reply) => {
    const ms = isRecord(request.body) ? Number(request.body.latencyInMs) : NaN;
    if (!Number.isFinite(ms) || ms < 0) return badRequest(reply, 'latencyInMs must be a number of milliseconds, 0 or more.');
    state.latencyInMs = ms;
    return { latencyInMs: ms };
  });
  app.post('/_sandbox/credentials', async () => ({ refreshToken: newCredentials() }));
  app.get('/_sandbox/refresh-tokens', async () => ({ live: state.auth.liveRefreshTokens() }));
  app.post('/_sandbox/change-quantities', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const fraction = Number(body.fraction);
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) return badRequest(reply, 'fraction must be between 0 and 1.');
    const seed = typeof body.seed === 'number' || typeof body.seed === 'string' ? body.seed : 1;
    return { changes: state.store.changeQuantities(fraction, seed) };
  });
  app.post('/_sandbox/remove-customer', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.customerId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'customerId is required.');
    return state.store.removeCustomer(id);
  });
  app.put('/_sandbox/subscriptions', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.customerId !== 'string') return badRequest(reply, 'customerId is required.');
    try {
      return state.store.setSubscription(request.body as unknown as IonSandboxSubscription);
    } catch (err) {
      return badRequest(reply, (err as Error).message);
    }
  });
  app.get('/_sandbox/customers', async () => state.store.customers());
  app.get('/_sandbox/subscriptions', async () => state.store.subscriptions());
  app.get('/_sandbox/malformed', async () => {
    const picks = state.malformed();
    return { customers: Object.fromEntries(picks.customers), subscriptions: Object.fromEntries(picks.subscriptions) };
  });
}
