/**
 * The TechData API as the sandbox serves it: the PingFederate token endpoint and the paged partner API
 * endpoints the connector reads (distributor-apis.md §2). Faults and latency are applied here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyFaults, sendThrottled } from '../sandbox-kit/server';
import type { RequestKind } from './faults';
import type { SandboxState } from './state';
import { customerToWire, failure, subscriptionToWire, success } from './wire';

export const TOKEN_PATH = '/as/token.oauth2';

/** Apply throttling, latency, authentication and server errors; false when the request was answered. */
async function admit(
  state: SandboxState,
  kind: RequestKind,
  page: number | undefined,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  return applyFaults(state.faults.decide(kind, page), reply, {
    // The latency setting delays API page requests only, not the token endpoint.
    latencyInMs: kind === 'token' ? 0 : state.latencyInMs,
    throttled: (retryAfterSeconds) => {
      state.stats.throttled++;
      return sendThrottled(
        reply,
        retryAfterSeconds,
        failure('TOO_MANY_REQUESTS', 'Too many requests: retry after the time given in Retry-After.'),
      );
    },
    checks: async () => {
      if (kind === 'token') return true;
      const auth = state.auth.check(request.headers, state.faults.current().rejectSoin === true);
      if (auth.ok) return true;
      state.stats.authFailures++;
      await reply.code(auth.status).send(failure(auth.errorCode, auth.errorMessage));
      return false;
    },
    serverError: (status) => {
      state.stats.serverErrors++;
      if (kind === 'token')
        return reply.code(status).send({ error: 'server_error', error_description: 'An unexpected error occurred.' });
      return reply.code(status).send(failure('INTERNAL_ERROR', 'An unexpected error occurred.'));
    },
  });
}

/** Page numbers are 1-based [C-3p]; 0 or text is refused (so an off-by-one client is caught). */
function pageNumber(raw: string): number | undefined {
  if (!/^\d{1,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

export function registerTokenRoute(app: FastifyInstance, state: SandboxState): void {
  app.post(TOKEN_PATH, async (request, reply) => {
    state.stats.requests++;
    state.stats.tokenRequests++;
    if (!(await admit(state, 'token', undefined, request, reply))) return reply;
    const form = (request.body ?? {}) as Record<string, string>;
    const outcome = state.auth.issue(
      form,
      request.headers.authorization,
      state.faults.current().rejectCredentials === true,
    );
    if (!outcome.ok) {
      state.stats.authFailures++;
      return reply.code(outcome.status).send({ error: outcome.error, error_description: outcome.description });
    }
    return reply
      .header('Cache-Control', 'no-store')
      .send({ access_token: outcome.accessToken, token_type: 'Bearer', expires_in: outcome.expiresInSeconds });
  });
}

/** The partner API under `prefix` (e.g. '' or '/papi'). */
export function registerApiRoutes(app: FastifyInstance, state: SandboxState, prefix: string): void {
  const servePage = async (
    kind: 'customers' | 'subscriptions',
    rawPage: string,
    request: FastifyRequest,
    reply: FastifyReply,
    endCustomerId?: string,
  ) => {
    state.stats.requests++;
    const page = pageNumber(rawPage);
    if (!(await admit(state, kind, page, request, reply))) return reply;
    if (page === undefined)
      return reply.code(400).send(failure('INVALID_PAGE', 'The page number must be a whole number starting at 1.'));
    const picks = state.malformed();
    let body: unknown;
    if (kind === 'customers') {
      const { totalPages, items } = state.store.customerPage(page);
      body = { totalPages, endCustomers: items.map((c) => customerToWire(c, picks.customers.get(c.endCustomerId))) };
    } else {
      const { totalPages, items } = state.store.subscriptionPage(page, endCustomerId);
      body = {
        totalPages,
        subscriptions: items.map((s) =>
          subscriptionToWire(s, state.store.customerById(s.endCustomerId), picks.subscriptions.get(s.subscriptionId)),
        ),
      };
    }
    state.stats.pages[kind]++;
    return reply.send(success(body));
  };
  app.get<{ Params: { page: string } }>(`${prefix}/endCustomer/details/:page`, (req, reply) =>
    servePage('customers', req.params.page, req, reply),
  );
  app.get<{ Params: { page: string } }>(`${prefix}/order/subscriptions/:page`, (req, reply) =>
    servePage('subscriptions', req.params.page, req, reply),
  );
  app.get<{ Params: { id: string; page: string } }>(
    `${prefix}/order/subscriptions/endCustomerIds/:id/:page`,
    (req, reply) => servePage('subscriptions', req.params.page, req, reply, req.params.id),
  );
}
