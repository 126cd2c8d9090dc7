/**
 * Shared request budgets, when the instances share Azure Storage: one for the Dataverse environment
 * (Dataverse's service protection limits are per user, so every worker signed in as the service's
 * application user draws on one budget) and one per distributor credential (a provider row), each
 * slots held under Blob leases (`jobs/budget/slot-budget.ts`) with Retry-After pauses shared through
 * a blob. Without Storage (one instance) nothing changes: the Dataverse client keeps its local bound
 * and the connectors their own.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BlobServiceClient } from '@azure/storage-blob';
import { BlobLeaseStore } from '../jobs/blob-lease';
import { BlobPauseBoard } from '../jobs/budget/pause-board';
import { BlobPresenceBoard } from '../jobs/budget/presence';
import { SlotLeaseBudget } from '../jobs/budget/slot-budget';
import { budgetName, DATAVERSE_BUDGET, type BudgetLimits, type SharedBudget } from '../jobs/budget/types';
import type { HttpClient, HttpRequest, HttpResponse } from '../shared/http';
import type { Logger } from '../shared/logger';
import { NoopTelemetry, TimedBudget, type Telemetry } from '../telemetry';

/**
 * Per distributor credential, across every worker. [I] The distributors publish no rate limits
 * (TechData's spec has no 429 at all); 16 in flight matches the sockets one instance opens to a host, and a
 * request a second on average stays far from anything a partner API would call abuse.
 */
export const DISTRIBUTOR_BUDGET: BudgetLimits = {
  maxConcurrentRequests: 16,
  maxRequestsPerWindow: 18_000,
  windowInMs: 300_000,
};

export const COORDINATION_CONTAINER = 'w365-coordination';

export interface Budgets {
  /** The Dataverse client's gate; undefined: its local bound. */
  dataverse?: SharedBudget;
  /** The connectors' HTTP client for one provider's credential. */
  distributorHttp(http: HttpClient, providerId: string | undefined): HttpClient;
  close(): Promise<void>;
}

/** A connector's HTTP client whose requests wait for the credential's budget. */
class BudgetedHttpClient implements HttpClient {
  constructor(
    private readonly inner: HttpClient,
    private readonly budget: SharedBudget,
  ) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.budget.run(() => this.inner.send(request), request.signal);
    const retryAfter = Number(response.headers?.['retry-after']);
    if ((response.status === 429 || response.status === 503) && retryAfter > 0)
      this.budget.reportRetryAfter(Math.min(retryAfter, 300) * 1000);
    return response;
  }
}

export function createBudgets(
  blobs: BlobServiceClient | undefined,
  environment: string,
  logger: Logger,
  /** Where the budgets' waits are measured (`w365.wait.duration`, reason `budget`); default none. */
  telemetry: Telemetry = new NoopTelemetry(),
  /** The environment's Dataverse limits, all workers together (the environments file's `budget`). */
  dataverseLimits: BudgetLimits = DATAVERSE_BUDGET,
): Budgets {
  if (!blobs) return { distributorHttp: (http) => http, close: async () => undefined };
  const container = blobs.getContainerClient(COORDINATION_CONTAINER);
  const leases = new BlobLeaseStore({ container, logger });
  const pauses = new BlobPauseBoard({ container });
  // This process among the workers that want a budget (its fair part of the slots); any unique id will
  // do, so it is the process's own, not a configured one that two instances might share by mistake.
  const presence = {
    board: new BlobPresenceBoard({ container }),
    workerId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
  };
  const made = new Map<string, SharedBudget>();
  const budget = (name: string, limits: BudgetLimits, target: string) => {
    let b = made.get(name);
    // Slots of at least two requests in flight: the distributor's 16 cut in 12 gave slots of one (and
    // four went unused), so a worker with one slot sent its listing pages one at a time.
    const slotCount = Math.max(1, Math.min(12, Math.floor(limits.maxConcurrentRequests / 2)));
    const slots = () => new SlotLeaseBudget({ name, limits, leases, pauses, presence, logger, slots: slotCount });
    if (!b) made.set(name, (b = new TimedBudget(slots(), telemetry, target)));
    return b;
  };
  return {
    dataverse: budget(budgetName.dataverse(environment), dataverseLimits, 'dataverse'),
    distributorHttp: (http, providerId) =>
      providerId
        ? new BudgetedHttpClient(
            http,
            budget(budgetName.distributor(environment, providerId), DISTRIBUTOR_BUDGET, 'distributor'),
          )
        : http,
    close: async () => {
      await Promise.all([...made.values()].map((b) => b.close()));
    },
  };
}
