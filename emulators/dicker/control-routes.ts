/**
 * `/_sandbox/...`: the Dicker Data sandbox's controls over HTTP, for demos and benchmarks that run it in
 * another process. Not part of Dicker's API.
 *   GET    /_sandbox/info                  connection details (the ready line)
 *   GET    /_sandbox/stats                 counters;  POST /_sandbox/stats/reset
 *   GET    /_sandbox/faults                current faults;  PUT (replace, JSON DickerFaults);  DELETE (clear)
 *   PUT    /_sandbox/latency               {"latencyInMs": 100}
 *   POST   /_sandbox/revoke-access-keys    every access key issued so far stops working
 *   POST   /_sandbox/change-quantities     {"fraction": 0.1, "seed": 7}  -> {"changes": [...]}
 *   POST   /_sandbox/remove-tenant         {"tenantId": "<guid>"}
 *   PUT    /_sandbox/lines                 a feed line (created or replaced by subscriptionId)
 *   GET    /_sandbox/tenants, /_sandbox/lines, /_sandbox/malformed   the truth, for assertions
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DickerSandboxLine } from './dataset';
import type { DickerFaults } from './faults';
import type { DickerSandboxState } from './state';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'SANDBOX_BAD_REQUEST', message });
}

export function registerControlRoutes(app: FastifyInstance, state: DickerSandboxState, info: () => Record<string, unknown>): void {
  app.get('/_sandbox/info', async () => info());
  app.get('/_sandbox/stats', async () => state.stats());
  app.post('/_sandbox/stats/reset', async () => {
    state.resetStats();
    return state.stats();
  });
  app.get('/_sandbox/faults', async () => state.faults.current());
  app.put('/_sandbox/faults', async (request, reply) => {
    if (!isRecord(request.body)) return badRequest(reply, 'Send the faults as a JSON object.');
    state.faults.set(request.body as DickerFaults);
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
  app.post('/_sandbox/revoke-access-keys', async () => {
    state.auth.revokeAll();
    return { revoked: true };
  });
  app.post('/_sandbox/change-quantities', async (request, reply) => {
    const body = isRecord(request.body) ? request.body : {};
    const fraction = Number(body.fraction);
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) return badRequest(reply, 'fraction must be between 0 and 1.');
    const seed = typeof body.seed === 'number' || typeof body.seed === 'string' ? body.seed : 1;
    return { changes: state.changeQuantities(fraction, seed) };
  });
  app.post('/_sandbox/remove-tenant', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.tenantId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'tenantId is required.');
    return state.removeTenant(id);
  });
  app.put('/_sandbox/lines', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.subscriptionId !== 'string' || typeof request.body.tenantId !== 'string') return badRequest(reply, 'subscriptionId and tenantId are required.');
    try {
      return state.setLine(request.body as unknown as DickerSandboxLine);
    } catch (err) {
      return badRequest(reply, (err as Error).message);
    }
  });
  app.get('/_sandbox/tenants', async () => state.tenants());
  app.get('/_sandbox/lines', async () => state.lines());
  app.get('/_sandbox/malformed', async () => Object.fromEntries(state.malformed()));
}
