/**
 * The Ion API as the sandbox serves it: the OAuth endpoints at the host root and the v3 endpoints the
 * connector reads (distributor-apis.md §1). Faults and latency are applied here; every answer's shape is
 * checked against TD SYNNEX's OpenAPI document by the tests.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyFaults, sendThrottled } from '../sandbox-kit/server';
import type { IonRequestKind } from './faults';
import type { IonSandboxState } from './state';
import { cloudProfilesToWire, customerToWire, rpcError, subscriptionToWire } from './wire';

export const TOKEN_PATH = '/oauth/token';
export const VALIDATE_PATH = '/oauth/validateAccess';
const API = '/api/v3/accounts/:accountId';

type Query = Record<string, string | undefined>;

export function sendError(state: IonSandboxState, reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send(rpcError(error, message, status, state.nextRequestId()));
}

/** Throttling, latency, authentication, the account and server errors; false when already answered. */
export async function admit(
  state: IonSandboxState,
  kind: IonRequestKind,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  state.counters.requests++;
  return applyFaults(state.faults.decide(kind), reply, {
    latencyInMs: kind === 'token' ? 0 : state.latencyInMs,
    throttled: (retryAfterSeconds) => {
      state.counters.throttled++;
      // Ion documents no 429 [?]: the body is the Google-RPC one with gRPC's name for it [I].
      return sendThrottled(
        reply,
        retryAfterSeconds,
        rpcError(
          'RESOURCE_EXHAUSTED',
          'Too many requests: retry after the time given in Retry-After.',
          429,
          state.nextRequestId(),
        ),
      );
    },
    checks: async () => {
      if (kind === 'token') return true;
      const auth = state.auth.checkBearer(request.headers.authorization);
      if (!auth.ok) {
        state.counters.authFailures++;
        // Ion's answer to a bad bearer token is not documented [?]; a Google-RPC 401 [I].
        await sendError(state, reply, 401, 'UNAUTHENTICATED', auth.message);
        return false;
      }
      const accountId = (request.params as { accountId?: string }).accountId;
      if (accountId !== state.accountId || state.faults.current().rejectAccount) {
        state.counters.authFailures++;
        await sendError(state, reply, 403, 'PERMISSION_DENIED', `permission denied to access accounts/${accountId}`);
        return false;
      }
      return true;
    },
    serverError: (status) => {
      state.counters.serverErrors++;
      if (kind === 'token') return reply.code(status).send({ error: 'internal error' });
      return sendError(state, reply, status, 'INTERNAL_ERROR', 'Internal Server Error');
    },
  });
}

function wholeNumber(raw: string | undefined, min: number): number | undefined {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min ? n : undefined;
}

export function registerOAuthRoutes(app: FastifyInstance, state: IonSandboxState): void {
  app.post(TOKEN_PATH, async (request, reply) => {
    state.counters.tokenRequests++;
    if (!(await admit(state, 'token', request, reply))) return reply;
    const form = (request.body ?? {}) as Record<string, string>;
    // Ion's answers to a wrong grant or a missing token are not documented [?]; its token error shape [C].
    if (form.grant_type !== 'refresh_token')
      return reply.code(400).send({ error: 'unsupported grant type: use grant_type=refresh_token' });
    if (!form.refresh_token) return reply.code(400).send({ error: 'refresh_token is required' });
    if (state.faults.current().rejectRefreshTokens) {
      state.counters.authFailures++;
      return reply.code(400).send({ error: 'cannot validate token: redis: nil' });
    }
    const outcome = state.auth.renew(form.refresh_token);
    if (!outcome.ok) {
      state.counters.authFailures++;
      return reply.code(outcome.status).send({ error: outcome.error });
    }
    if (state.faults.takeDrop()) {
      // The renewal happened (the old token is consumed, a new one issued) but the answer never arrives.
      state.counters.droppedTokenAnswers++;
      reply.hijack();
      reply.raw.destroy();
      return reply;
    }
    return reply.header('Cache-Control', 'no-store').send({
      access_token: outcome.accessToken,
      expires_in: outcome.expiresInSeconds,
      refresh_token: outcome.refreshToken,
      token_type: 'Bearer',
    });
  });

  app.post(VALIDATE_PATH, async (request, reply) => {
    state.counters.tokenRequests++;
    if (!(await admit(state, 'token', request, reply))) return reply;
    const form = (request.body ?? {}) as Record<string, string>;
    const validity = state.auth.validate(form.access_token);
    if (!validity) return reply.code(400).send({ error: 'cannot validate token: redis: nil' });
    return reply.send(validity);
  });
}

export function registerApiRoutes(app: FastifyInstance, state: IonSandboxState): void {
  app.get<{ Params: { accountId: string }; Querystring: Query }>(`${API}/customers`, async (request, reply) => {
    if (!(await admit(state, 'customers', request, reply))) return reply;
    const q = request.query;
    if (q.pageSize === undefined && q.pageToken === undefined)
      return sendError(
        state,
        reply,
        400,
        'INVALID_REQUEST',
        'At least one of page_size and page_token must be present',
      );
    const pageSize = q.pageSize === undefined ? 100 : wholeNumber(q.pageSize, 1);
    if (pageSize === undefined)
      return sendError(state, reply, 400, 'INVALID_REQUEST', 'page_size must be a positive integer');
    const offset = q.pageToken === undefined ? 0 : state.store.offsetOfToken(q.pageToken);
    if (offset === undefined) return sendError(state, reply, 400, 'INVALID_REQUEST', 'invalid page_token');
    const page = state.store.customerPage(pageSize, offset);
    const picks = state.malformed().customers;
    state.counters.pages.customers++;
    return reply.send({
      customers: page.items.map((c) => customerToWire(state.accountId, c, picks.get(c.customerId))),
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  });

  app.get<{ Params: { accountId: string; customerId: string } }>(
    `${API}/customers/:customerId`,
    async (request, reply) => {
      if (!(await admit(state, 'customers', request, reply))) return reply;
      const c = state.store.customerById(request.params.customerId);
      if (!c)
        return sendError(
          state,
          reply,
          404,
          'NOT_FOUND',
          `resource 'accounts/${state.accountId}/customers/${request.params.customerId}' not found`,
        );
      return reply.send(customerToWire(state.accountId, c));
    },
  );

  app.get<{ Params: { accountId: string; customerId: string }; Querystring: Query }>(
    `${API}/customers/:customerId/cloudProfiles`,
    async (request, reply) => {
      if (!(await admit(state, 'profiles', request, reply))) return reply;
      const c = state.store.customerById(request.params.customerId);
      if (!c)
        return sendError(
          state,
          reply,
          404,
          'NOT_FOUND',
          `resource 'accounts/${state.accountId}/customers/${request.params.customerId}' not found`,
        );
      state.counters.profileReads++;
      return reply.send(cloudProfilesToWire(c, request.query.providerId, request.query.enabledOnly === 'true'));
    },
  );

  app.get<{ Params: { accountId: string }; Querystring: Query }>(`${API}/subscriptions`, async (request, reply) => {
    if (!(await admit(state, 'subscriptions', request, reply))) return reply;
    const q = request.query;
    const limit = q['pagination.limit'] === undefined ? 100 : wholeNumber(q['pagination.limit'], 1);
    const offset = q['pagination.offset'] === undefined ? 0 : wholeNumber(q['pagination.offset'], 0);
    if (limit === undefined || offset === undefined)
      return sendError(
        state,
        reply,
        400,
        'INVALID_REQUEST',
        'pagination.limit and pagination.offset must be whole numbers',
      );
    const page = state.store.subscriptionPage(
      { customerId: q.customerId, providerId: q.providerId, status: q.subscriptionStatus },
      limit,
      offset,
    );
    const picks = state.malformed().subscriptions;
    const context = { resellerId: state.accountId, partnerName: state.partnerName, currency: state.currency };
    state.counters.pages.subscriptions++;
    return reply.send({
      items: page.items.map((s) =>
        subscriptionToWire(s, state.store.customerById(s.customerId), context, picks.get(s.id)),
      ),
      paginationResponse: { totalSize: page.totalSize },
    });
  });
}
