/**
 * The Dicker Data API as the sandbox serves it: the documented AccessKeyRequest handshake [C-3p] and the
 * CSP feed of our design (plugins/providers/dicker/feed-mapping.ts). Faults and latency are applied here.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { applyFaults, sendThrottled } from '../sandbox-kit/server';
import type { DickerRequestKind } from './faults';
import type { DickerSandboxState } from './state';
import { failure, lineToWire } from './wire';

export const ACCESS_KEY_PATH = '/api/AccessKeyRequest';
export const FEED_PATH = '/api/Csp/AnnuitySubscriptions';

/** Throttling, latency and server errors; false when the request was answered. */
export async function admit(state: DickerSandboxState, kind: DickerRequestKind, reply: FastifyReply): Promise<boolean> {
  state.counters.requests++;
  return applyFaults(state.faults.decide(kind), reply, {
    latencyInMs: state.latencyInMs,
    throttled: (retryAfterSeconds) => {
      state.counters.throttled++;
      return sendThrottled(
        reply,
        retryAfterSeconds,
        failure('Too many requests: retry after the time given in Retry-After.'),
      );
    },
    serverError: (status) => {
      state.counters.serverErrors++;
      return reply.code(status).send(failure('An unexpected error occurred.'));
    },
  });
}

export function isWholeNumber(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min;
}

export function registerRoutes(app: FastifyInstance, state: DickerSandboxState): void {
  app.post(ACCESS_KEY_PATH, async (request, reply) => {
    if (!(await admit(state, 'accessKey', reply))) return reply;
    const outcome = state.auth.issue(request.body, state.faults.current().rejectCredentials === true);
    if (!outcome.ok) state.counters.authFailures++;
    return reply.code(outcome.status).send(outcome.body);
  });

  app.post(FEED_PATH, async (request, reply) => {
    if (!(await admit(state, 'feed', reply))) return reply;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const auth = state.auth.check(body.RequestHeader);
    if (!auth.ok) {
      state.counters.authFailures++;
      return reply.code(401).send(failure(auth.message));
    }
    if (!isWholeNumber(body.PageNumber, 1) || !isWholeNumber(body.PageSize, 1))
      return reply.code(400).send(failure('PageNumber and PageSize must be whole numbers of 1 or more.'));
    const tenantId = typeof body.TenantId === 'string' && body.TenantId ? body.TenantId : undefined;
    const { lines, total } = state.page(body.PageNumber, body.PageSize, tenantId);
    const picks = state.malformed();
    state.counters.feedPages++;
    return reply.send({
      Status: 'Success',
      Message: '',
      TotalRecords: total,
      PageNumber: body.PageNumber,
      PageSize: body.PageSize,
      Subscriptions: lines.map((l) => lineToWire(l, state.tenantById(l.tenantId), picks.get(l.subscriptionId))),
    });
  });
}
