/**
 * Everything one running sandbox holds: the data, the faults, the authentication, the latency and the
 * counters. Shared by the API routes and the /_sandbox/ control routes.
 */
import { malformedPositions } from '../sandbox-kit/faults';
import { SandboxAuth } from './auth';
import type { SandboxCustomer, SandboxSubscription } from './dataset';
import type { FaultInjector } from './faults';
import type { TechDataStore } from './store';
import {
  CUSTOMER_MALFORMATIONS,
  SUBSCRIPTION_MALFORMATIONS,
  type CustomerMalformation,
  type SubscriptionMalformation,
} from './wire';

export interface TechDataSandboxStats {
  /** Every request to the token endpoint or the API (control routes excluded). */
  requests: number;
  tokenRequests: number;
  tokensIssued: number;
  /** Pages served successfully, by kind. */
  pages: { customers: number; subscriptions: number };
  throttled: number;
  serverErrors: number;
  authFailures: number;
}

export function emptyStats(): TechDataSandboxStats {
  return {
    requests: 0,
    tokenRequests: 0,
    tokensIssued: 0,
    pages: { customers: 0, subscriptions: 0 },
    throttled: 0,
    serverErrors: 0,
    authFailures: 0,
  };
}

export interface MalformedPicks {
  customers: Map<string, CustomerMalformation>;
  subscriptions: Map<string, SubscriptionMalformation>;
}

export class SandboxState {
  stats = emptyStats();
  private picks?: { storeVersion: number; faultVersion: number; value: MalformedPicks };

  constructor(
    readonly store: TechDataStore,
    readonly faults: FaultInjector,
    readonly auth: SandboxAuth,
    public latencyInMs: number,
    readonly currencyCode: string,
  ) {}

  currentStats(): TechDataSandboxStats {
    return { ...this.stats, pages: { ...this.stats.pages }, tokensIssued: this.auth.tokensIssued };
  }

  resetStats(): void {
    this.stats = emptyStats();
    this.auth.tokensIssued = 0;
  }

  /** Which records are served malformed now (by id), recomputed when data or faults change. */
  malformed(): MalformedPicks {
    const storeVersion = this.store.version;
    const faultVersion = this.faults.version;
    if (this.picks && this.picks.storeVersion === storeVersion && this.picks.faultVersion === faultVersion)
      return this.picks.value;
    const f = this.faults.current();
    const customers = new Map<string, CustomerMalformation>();
    const customerView: readonly SandboxCustomer[] = this.store.customerView();
    malformedPositions(customerView.length, f.malformedCustomers).forEach((pos, k) => {
      customers.set(customerView[pos].endCustomerId, CUSTOMER_MALFORMATIONS[k % CUSTOMER_MALFORMATIONS.length]);
    });
    const subscriptions = new Map<string, SubscriptionMalformation>();
    const subscriptionView: readonly SandboxSubscription[] = this.store.subscriptionView();
    malformedPositions(subscriptionView.length, f.malformedSubscriptions).forEach((pos, k) => {
      subscriptions.set(
        subscriptionView[pos].subscriptionId,
        SUBSCRIPTION_MALFORMATIONS[k % SUBSCRIPTION_MALFORMATIONS.length],
      );
    });
    const value = { customers, subscriptions };
    this.picks = { storeVersion, faultVersion, value };
    return value;
  }
}
