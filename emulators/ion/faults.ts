/**
 * Deterministic fault injection for the Ion sandbox: throttling (429 + Retry-After), server errors,
 * slow answers, malformed records, refused refresh tokens, a refused account, and renewals whose answer
 * is lost after Ion has consumed the refresh token (the one failure no client can undo). Rules fire by
 * request count (every Nth, the first N, or always), optionally only for some kinds of request, so a
 * test knows exactly which request fails. Ion's spec has no 429 [?]: it is our assumption, for
 * resilience testing.
 */
import { malformedPositions } from '../techdata/faults';

export { malformedPositions };

export type IonRequestKind = 'token' | 'customers' | 'profiles' | 'subscriptions';

export interface IonFaultRule {
  /** Which requests count: one kind, 'api' (everything but the token endpoint, the default) or 'any'. */
  kind?: IonRequestKind | 'api' | 'any';
  everyNth?: number;
  firstN?: number;
  always?: boolean;
}

export interface IonFaults {
  throttle?: IonFaultRule & { retryAfterSeconds?: number };
  serverError?: IonFaultRule & { status?: number };
  slow?: IonFaultRule & { delayInMs: number };
  /** Customers / subscriptions served malformed: a count (>= 1) or a fraction (< 1), spread evenly. */
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  /** The token endpoint refuses every refresh token (with Ion's error body), even a live one. */
  rejectRefreshTokens?: boolean;
  /** The API refuses the account with 403 PERMISSION_DENIED. */
  rejectAccount?: boolean;
  /** The next N renewals consume the refresh token and issue a new one, then drop the connection. */
  dropTokenAnswers?: number;
}

export interface IonFaultDecision {
  throttleRetryAfterSeconds?: number;
  serverErrorStatus?: number;
  delayInMs: number;
}

function matches(rule: IonFaultRule, kind: IonRequestKind): boolean {
  const k = rule.kind ?? 'api';
  return k === 'any' || k === kind || (k === 'api' && kind !== 'token');
}

class RuleCounter {
  private count = 0;
  constructor(private readonly rule: IonFaultRule) {}
  fires(kind: IonRequestKind): boolean {
    if (!matches(this.rule, kind)) return false;
    this.count++;
    if (this.rule.always) return true;
    if (this.rule.firstN !== undefined && this.count <= this.rule.firstN) return true;
    return this.rule.everyNth !== undefined && this.rule.everyNth > 0 && this.count % this.rule.everyNth === 0;
  }
}

export class IonFaultInjector {
  private faults: IonFaults = {};
  private throttle?: RuleCounter;
  private serverError?: RuleCounter;
  private slow?: RuleCounter;
  private dropsLeft = 0;
  /** Bumped on every change, so malformed picks are recomputed. */
  version = 0;

  constructor(initial: IonFaults = {}) {
    this.set(initial);
  }

  set(faults: IonFaults): void {
    this.faults = structuredClone(faults);
    this.throttle = faults.throttle ? new RuleCounter(faults.throttle) : undefined;
    this.serverError = faults.serverError ? new RuleCounter(faults.serverError) : undefined;
    this.slow = faults.slow ? new RuleCounter(faults.slow) : undefined;
    this.dropsLeft = faults.dropTokenAnswers ?? 0;
    this.version++;
  }

  current(): IonFaults {
    return { ...structuredClone(this.faults), ...(this.faults.dropTokenAnswers !== undefined ? { dropTokenAnswers: this.dropsLeft } : {}) };
  }

  decide(kind: IonRequestKind): IonFaultDecision {
    const decision: IonFaultDecision = { delayInMs: 0 };
    if (this.throttle?.fires(kind)) {
      decision.throttleRetryAfterSeconds = this.faults.throttle?.retryAfterSeconds ?? 1;
      return decision;
    }
    if (this.serverError?.fires(kind)) decision.serverErrorStatus = this.faults.serverError?.status ?? 500;
    if (this.slow?.fires(kind)) decision.delayInMs = this.faults.slow?.delayInMs ?? 0;
    return decision;
  }

  /** Whether this successful renewal's answer is to be lost (counts down). */
  takeDrop(): boolean {
    if (this.dropsLeft <= 0) return false;
    this.dropsLeft--;
    return true;
  }
}
