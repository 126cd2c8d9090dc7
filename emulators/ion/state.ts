/**
 * Everything one running Ion sandbox holds: the data, the faults, the OAuth state, the latency and the
 * counters. Shared by the OAuth, API and /_sandbox/ control routes.
 */
import type { IonSandboxAuth } from './auth';
import { malformedPositions } from '../sandbox-kit/faults';
import type { IonFaultInjector } from './faults';
import { ROW_BREAKS, type RowBreak } from './reports';
import type { IonStore } from './store';
import {
  CUSTOMER_MALFORMATIONS,
  SUBSCRIPTION_MALFORMATIONS,
  type CustomerMalformation,
  type SubscriptionMalformation,
} from './wire';

export interface IonSandboxStats {
  /** Every request to the OAuth endpoints or the API (control routes excluded). */
  requests: number;
  tokenRequests: number;
  renewals: number;
  refusedRenewals: number;
  /** Refusals of a refresh token that had been used before: a correct client never causes one. */
  reusedRefreshTokens: number;
  droppedTokenAnswers: number;
  pages: { customers: number; subscriptions: number };
  profileReads: number;
  /** Report data answers (JSON or CSV). */
  reportReads: number;
  throttled: number;
  serverErrors: number;
  authFailures: number;
}

function emptyCounters() {
  return {
    requests: 0,
    tokenRequests: 0,
    droppedTokenAnswers: 0,
    pages: { customers: 0, subscriptions: 0 },
    profileReads: 0,
    reportReads: 0,
    throttled: 0,
    serverErrors: 0,
    authFailures: 0,
  };
}

export interface MalformedPicks {
  customers: Map<string, CustomerMalformation>;
  subscriptions: Map<string, SubscriptionMalformation>;
}

export class IonSandboxState {
  counters = emptyCounters();
  private authBaseline = { renewals: 0, refusedRenewals: 0, reusedRefreshTokens: 0 };
  private picks?: { storeVersion: number; faultVersion: number; value: MalformedPicks };
  private requestSeq = 0;

  constructor(
    readonly store: IonStore,
    readonly faults: IonFaultInjector,
    readonly auth: IonSandboxAuth,
    public latencyInMs: number,
    readonly accountId: string,
    readonly currency: string,
    readonly partnerName: string,
  ) {}

  /** A request id for error bodies, as Ion's RequestInfo carries one [C]. */
  nextRequestId(): string {
    this.requestSeq++;
    return `sbx${this.requestSeq.toString(16).padStart(17, '0')}`;
  }

  stats(): IonSandboxStats {
    const a = this.auth.stats;
    return {
      ...this.counters,
      pages: { ...this.counters.pages },
      renewals: a.renewals - this.authBaseline.renewals,
      refusedRenewals: a.refusedRenewals - this.authBaseline.refusedRenewals,
      reusedRefreshTokens: a.reusedRefreshTokens - this.authBaseline.reusedRefreshTokens,
    };
  }

  resetStats(): void {
    this.counters = emptyCounters();
    this.authBaseline = { ...this.auth.stats };
  }

  /** Which of a billing report's `count` rows are served broken, and how (by row index). */
  brokenReportRows(count: number): Map<number, RowBreak> {
    const broken = new Map<number, RowBreak>();
    malformedPositions(count, this.faults.current().malformedReportRows).forEach((pos, k) =>
      broken.set(pos, ROW_BREAKS[k % ROW_BREAKS.length]),
    );
    return broken;
  }

  malformed(): MalformedPicks {
    if (this.picks && this.picks.storeVersion === this.store.version && this.picks.faultVersion === this.faults.version)
      return this.picks.value;
    const f = this.faults.current();
    const customers = new Map<string, CustomerMalformation>();
    const cv = this.store.customerView();
    malformedPositions(cv.length, f.malformedCustomers).forEach((pos, k) =>
      customers.set(cv[pos].customerId, CUSTOMER_MALFORMATIONS[k % CUSTOMER_MALFORMATIONS.length]),
    );
    const subscriptions = new Map<string, SubscriptionMalformation>();
    // Only Microsoft lines: a broken line the connector leaves out anyway would test nothing.
    const sv = this.store.subscriptionView().filter((s) => s.cloudProviderId === '30');
    malformedPositions(sv.length, f.malformedSubscriptions).forEach((pos, k) =>
      subscriptions.set(sv[pos].id, SUBSCRIPTION_MALFORMATIONS[k % SUBSCRIPTION_MALFORMATIONS.length]),
    );
    const value = { customers, subscriptions };
    this.picks = { storeVersion: this.store.version, faultVersion: this.faults.version, value };
    return value;
  }
}
