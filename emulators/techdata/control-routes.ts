/**
 * `/_sandbox/...`: the sandbox's controls over HTTP, for benchmarks and demos that run it in another
 * process. Same operations as the programmatic TechDataSandbox; not part of TechData's API. Besides the
 * routes every sandbox has (../sandbox-kit/control-routes.ts: info, stats, faults, latency,
 * change-quantities):
 *   POST   /_sandbox/remove-customer       {"endCustomerId": "1000005"}  -> {"removed", "removedSubscriptions"}
 *   POST   /_sandbox/customers             a customer (companyName required)  -> the customer
 *   PUT    /_sandbox/subscriptions         a subscription (created or replaced by subscriptionId)
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
import type { SandboxCustomer, SandboxSubscription } from './dataset';
import type { TechDataFaults } from './faults';
import type { SandboxState, TechDataSandboxStats } from './state';

export function registerControlRoutes(
  app: FastifyInstance,
  state: SandboxState,
  controls: SandboxControls<TechDataFaults, TechDataSandboxStats>,
  info: () => Record<string, unknown>,
): void {
  registerCommonControlRoutes(app, controls, info);
  registerChangeQuantitiesRoute(app, (fraction, seed) => state.store.changeQuantities(fraction, seed));
  app.post('/_sandbox/remove-customer', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.endCustomerId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'endCustomerId is required.');
    return state.store.removeCustomer(id);
  });
  app.post('/_sandbox/customers', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.companyName !== 'string')
      return badRequest(reply, 'companyName is required.');
    try {
      return state.store.addCustomer(request.body as Partial<SandboxCustomer> & Pick<SandboxCustomer, 'companyName'>);
    } catch (err) {
      return badRequest(reply, (err as Error).message);
    }
  });
  app.put('/_sandbox/subscriptions', async (request, reply) => {
    if (!isRecord(request.body) || typeof request.body.endCustomerId !== 'string')
      return badRequest(reply, 'endCustomerId is required.');
    try {
      return state.store.setSubscription(request.body as unknown as SandboxSubscription);
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
