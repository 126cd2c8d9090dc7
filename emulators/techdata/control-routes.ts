/**
 * `/_sandbox/...`: the sandbox's controls over HTTP, for benchmarks and demos that run it in another
 * process. Same operations as the programmatic TechDataSandbox; not part of TechData's API.
 *   GET    /_sandbox/info                  connection details (the ready line)
 *   GET    /_sandbox/stats                 counters;  POST /_sandbox/stats/reset
 *   GET    /_sandbox/faults                current faults;  PUT (replace, JSON TechDataFaults);  DELETE (clear)
 *   PUT    /_sandbox/latency               {"latencyInMs": 100}
 *   POST   /_sandbox/change-quantities     {"fraction": 0.1, "seed": 7}  -> {"changes": [...]}
 *   POST   /_sandbox/remove-customer       {"endCustomerId": "1000005"}  -> {"removed", "removedSubscriptions"}
 *   POST   /_sandbox/customers             a customer (companyName required)  -> the customer
 *   PUT    /_sandbox/subscriptions         a subscription (created or replaced by subscriptionId)
 *   GET    /_sandbox/customers, /_sandbox/subscriptions, /_sandbox/malformed   the truth, for assertions
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxCustomer, SandboxSubscription } from './dataset';
import type { TechDataFaults } from './faults';
import type { SandboxState } from './state';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'SANDBOX_BAD_REQUEST', message });
}

export function registerControlRoutes(app: FastifyInstance, state: SandboxState, info: () => Record<string, unknown>): void {
  app.get('/_sandbox/info', async () => info());
  app.get('/_sandbox/stats', async () => state.currentStats());
  app.post('/_sandbox/stats/reset', async () => {
    state.resetStats();
    return state.currentStats();
  });
  app.get('/_sandbox/faults', async () => state.faults.current());
  app.put('/_sandbox/faults', async (request, reply) => {
    if (!isRecord(request.body)) return badRequest(reply, 'Send the faults as a JSON object.');
    state.faults.set(request.body as TechDataFaults);
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
  app.post('/_sandbox/change-quantities', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const fraction = Number(body.fraction);
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) return badRequest(reply, 'fraction must be between 0 and 1.');
    const seed = typeof body.seed === 'number' || typeof body.seed === 'string' ? body.seed : 1;
    return { changes: state.store.changeQuantities(fraction, seed) };
  });
  app.post('/_sandbox/remove-customer', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.endCustomerId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'endCustomerId is required.');
    return state.store.removeCustomer(id);
  });
  app.post('/_sandbox/customers', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.companyName !== 'string') return badRequest(reply, 'companyName is required.');
    try {
      return state.store.addCustomer(request.body as Partial<SandboxCustomer> & Pick<SandboxCustomer, 'companyName'>);
    } catch (err) {
      return badRequest(reply, (err as Error).message);
    }
  });
  app.put('/_sandbox/subscriptions', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.endCustomerId !== 'string') return badRequest(reply, 'endCustomerId is required.');
    try {
      return state.store.setSubscription(request.body as unknown as SandboxSubscription);
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
