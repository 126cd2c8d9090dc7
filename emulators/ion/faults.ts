/**
 * Deterministic fault injection for the Ion sandbox: throttling (429 + Retry-After), server errors,
 * slow answers, malformed records, refused refresh tokens, a refused account, and renewals whose answer
 * is lost after Ion has consumed the refresh token (the one failure no client can undo). Rules fire by
 * request count (every Nth, the first N, or always), optionally only for some kinds of request, so a
 * test knows exactly which request fails (the counting is ../sandbox-kit/faults.ts). Ion's spec has no
 * 429 [?]: it is our assumption, for resilience testing.
 */
import { FaultInjector, matchesApiKind, type CountRule } from '../sandbox-kit/faults';

export type IonRequestKind = 'token' | 'customers' | 'profiles' | 'subscriptions' | 'reports';

export interface IonFaultRule extends CountRule {
  /** Which requests count: one kind, 'api' (everything but the token endpoint, the default) or 'any'. */
  kind?: IonRequestKind | 'api' | 'any';
}

export interface IonFaults {
  throttle?: IonFaultRule & { retryAfterSeconds?: number };
  serverError?: IonFaultRule & { status?: number };
  slow?: IonFaultRule & { delayInMs: number };
  /** Customers / subscriptions served malformed: a count (>= 1) or a fraction (< 1), spread evenly. */
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  /** Billing report rows served broken (no customer, a text quantity, ...): a count or a fraction. */
  malformedReportRows?: number;
  /** Report data answers stop after this many rows (availableRowsCount still tells all), as if Ion capped them [I]. */
  cutReportAt?: number;
  /** The token endpoint refuses every refresh token (with Ion's error body), even a live one. */
  rejectRefreshTokens?: boolean;
  /** The API refuses the account with 403 PERMISSION_DENIED. */
  rejectAccount?: boolean;
  /** The next N renewals consume the refresh token and issue a new one, then drop the connection. */
  dropTokenAnswers?: number;
}

export class IonFaultInjector extends FaultInjector<IonFaults, IonFaultRule, IonRequestKind> {
  /** Token answers still to drop; `current()` reports it as dropTokenAnswers. */
  private dropsLeft: number;

  constructor(initial: IonFaults = {}) {
    super(
      initial,
      (rule, kind) => matchesApiKind(rule.kind ?? 'api', kind),
      (faults) => faults,
    );
    this.dropsLeft = initial.dropTokenAnswers ?? 0;
  }

  override set(faults: IonFaults): void {
    super.set(faults);
    this.dropsLeft = faults.dropTokenAnswers ?? 0;
  }

  override current(): IonFaults {
    return {
      ...super.current(),
      ...(this.faults.dropTokenAnswers !== undefined ? { dropTokenAnswers: this.dropsLeft } : {}),
    };
  }

  /** Whether this successful renewal's answer is to be lost (counts down). */
  takeDrop(): boolean {
    if (this.dropsLeft <= 0) return false;
    this.dropsLeft--;
    return true;
  }
}
