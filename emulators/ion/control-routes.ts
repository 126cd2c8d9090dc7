/**
 * `/_sandbox/...`: the Ion sandbox's controls over HTTP, for demos and benchmarks that run it in another
 * process. Not part of Ion's API. Besides the routes every sandbox has (../sandbox-kit/control-routes.ts:
 * info, stats, faults, latency, change-quantities):
 *   POST   /_sandbox/credentials            "Request New Credentials": {"refreshToken"} (older chains die)
 *   GET    /_sandbox/refresh-tokens         the refresh tokens that are live now (is the partner locked out?)
 *   POST   /_sandbox/remove-customer        {"customerId": "306001"}
 *   PUT    /_sandbox/subscriptions          a line (created or replaced by id)
 *   GET    /_sandbox/customers, /_sandbox/subscriptions, /_sandbox/malformed   the truth, for assertions
 */
import type { FastifyInstance } from 'fastify';
import {
  badRequest,
  isRecord,
  registerChangeQuantitiesRoute,
  registerCommonControlRoutes,
  registerTruthRoutes,
} from '../sandbox-kit/control-routes';
import type { SandboxControls } from '../sandbox-kit/server';
import type { IonSandboxSubscription } from './dataset';
import type { IonFaults } from './faults';
import type { IonSandboxState, IonSandboxStats } from './state';

export function registerControlRoutes(
  app: FastifyInstance,
  state: IonSandboxState,
  controls: SandboxControls<IonFaults, IonSandboxStats>,
  info: () => Record<string, unknown>,
  newCredentials: () => string,
): void {
  registerCommonControlRoutes(app, controls, info);
  registerChangeQuantitiesRoute(app, (fraction, seed) => state.store.changeQuantities(fraction, seed));
  app.post('/_sandbox/credentials', async () => ({ refreshToken: newCredentials() }));
  app.get('/_sandbox/refresh-tokens', async () => ({ live: state.auth.liveRefreshTokens() }));
  app.post('/_sandbox/remove-customer', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.customerId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'customerId is required.');
    return state.store.removeCustomer(id);
  });
  app.put('/_sandbox/subscriptions', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.customerId !== 'string')
      return badRequest(reply, 'customerId is required.');
    try {
      return state.store.setSubscription(request.body as unknown as IonSandboxSubscription);
    } catch (err) {
      return badRequest(reply, (err as Error).message);
    }
  });
  registerTruthRoutes(app, {
    customers: () => state.store.customers(),
    subscriptions: () => state.store.subscriptions(),
    malformed: () => state.malformed(),
  });
}
