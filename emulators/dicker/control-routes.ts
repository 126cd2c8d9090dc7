/**
 * `/_sandbox/...`: the Dicker Data sandbox's controls over HTTP, for demos and benchmarks that run it in
 * another process. Not part of Dicker's API. Besides the routes every sandbox has
 * (../sandbox-kit/control-routes.ts: info, stats, faults, latency, change-quantities):
 *   POST   /_sandbox/revoke-access-keys    every access key issued so far stops working
 *   POST   /_sandbox/remove-tenant         {"tenantId": "<guid>"}
 *   PUT    /_sandbox/lines                 a feed line (created or replaced by subscriptionId)
 *   GET    /_sandbox/tenants, /_sandbox/lines, /_sandbox/malformed   the truth, for assertions
 */
import type { FastifyInstance } from 'fastify';
import {
  badRequest,
  isRecord,
  registerChangeQuantitiesRoute,
  registerCommonControlRoutes,
} from '../sandbox-kit/control-routes';
import type { SandboxControls } from '../sandbox-kit/server';
import type { DickerSandboxLine } from './dataset';
import type { DickerFaults } from './faults';
import type { DickerSandboxState, DickerSandboxStats } from './state';

export function registerControlRoutes(
  app: FastifyInstance,
  state: DickerSandboxState,
  controls: SandboxControls<DickerFaults, DickerSandboxStats>,
  info: () => Record<string, unknown>,
): void {
  registerCommonControlRoutes(app, controls, info);
  registerChangeQuantitiesRoute(app, (fraction, seed) => state.changeQuantities(fraction, seed));
  app.post('/_sandbox/revoke-access-keys', async () => {
    state.auth.revokeAll();
    return { revoked: true };
  });
  app.post('/_sandbox/remove-tenant', async (request, reply) => {
    const id = isRecord(request.body) ? request.body.tenantId : undefined;
    if (typeof id !== 'string' || !id) return badRequest(reply, 'tenantId is required.');
    return state.removeTenant(id);
  });
  app.put('/_sandbox/lines', async (request, reply) => {
    if (
      !isRecord(request.body) ||
      typeof request.body.subscriptionId !== 'string' ||
      typeof request.body.tenantId !== 'string'
    )
      return badRequest(reply, 'subscriptionId and tenantId are required.');
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
