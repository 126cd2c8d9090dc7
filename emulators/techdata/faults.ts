/**
 * Deterministic fault injection for the TechData sandbox: throttling (429 + Retry-After), server errors,
 * slow pages, malformed records, and rejected credentials or SOIN. Rules fire by request count (every
 * Nth, the first N, or always), optionally only for some kinds of request and page numbers, so a test
 * knows exactly which request fails. TechData's own throttling is unknown [?]: the 429 is our
 * assumption, for resilience testing.
 */

export type RequestKind = 'token' | 'customers' | 'subscriptions';

export interface FaultRule {
  /** Which requests count: one kind, 'api' (customers and subscriptions pages, the default) or 'any'. */
  kind?: RequestKind | 'api' | 'any';
  /** Only these page numbers (API requests). */
  pages?: number[];
  /** Fire on the Nth, 2Nth, ... matching request. */
  everyNth?: number;
  /** Fire on the first N matching requests. */
  firstN?: number;
  /** Fire on every matching request (a page that keeps failing). */
  always?: boolean;
}

export interface TechDataFaults {
  throttle?: FaultRule & { retryAfterSeconds?: number };
  serverError?: FaultRule & { status?: number };
  slowPages?: FaultRule & { delayInMs: number };
  /** Customers served malformed: a count (>= 1) or a fraction (< 1) of all, spread evenly. */
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  /** The token endpoint refuses even the right client id and secret. */
  rejectCredentials?: boolean;
  /** The API refuses the SOIN (with TechData's failure envelope) even when it is right. */
  rejectSoin?: boolean;
}

export interface FaultDecision {
  throttleRetryAfterSeconds?: number;
  serverErrorStatus?: number;
  delayInMs: number;
}

function kindMatches(rule: FaultRule, kind: RequestKind, page: number | undefined): boolean {
  const k = rule.kind ?? 'api';
  const kindOk = k === 'any' || k === kind || (k === 'api' && kind !== 'token');
  const pageOk = !rule.pages || (page !== undefined && rule.pages.includes(page));
  return kindOk && pageOk;
}

/** Counts matching requests per rule and says whether this one fires. */
class RuleCounter {
  private count = 0;
  constructor(private readonly rule: FaultRule) {}
  fires(kind: RequestKind, page: number | undefined): boolean {
    if (!kindMatches(this.rule, kind, page)) return false;
    this.count++;
    if (this.rule.always) return true;
    if (this.rule.firstN !== undefined && this.count <= this.rule.firstN) return true;
    return this.rule.everyNth !== undefined && this.rule.everyNth > 0 && this.count % this.rule.everyNth === 0;
  }
}

export class FaultInjector {
  private faults: TechDataFaults = {};
  private throttle?: RuleCounter;
  private serverError?: RuleCounter;
  private slow?: RuleCounter;
  /** Bumped on every change, so the malformed picks are recomputed. */
  version = 0;

  constructor(initial: TechDataFaults = {}) {
    this.set(initial);
  }

  /** Replace all faults; counters start again from zero. */
  set(faults: TechDataFaults): void {
    this.faults = structuredClone(faults);
    this.throttle = faults.throttle ? new RuleCounter(faults.throttle) : undefined;
    this.serverError = faults.serverError ? new RuleCounter(faults.serverError) : undefined;
    this.slow = faults.slowPages ? new RuleCounter(faults.slowPages) : undefined;
    this.version++;
  }

  current(): TechDataFaults {
    return structuredClone(this.faults);
  }

  /** What happens to this request. Throttling is decided first: a throttled request goes no further. */
  decide(kind: RequestKind, page?: number): FaultDecision {
    const decision: FaultDecision = { delayInMs: 0 };
    if (this.throttle?.fires(kind, page)) {
      decision.throttleRetryAfterSeconds = this.faults.throttle?.retryAfterSeconds ?? 1;
      return decision;
    }
    if (this.serverError?.fires(kind, page)) decision.serverErrorStatus = this.faults.serverError?.status ?? 500;
    if (this.slow?.fires(kind, page)) decision.delayInMs = this.faults.slowPages?.delayInMs ?? 0;
    return decision;
  }
}

/**
 * Which positions of a list of `total` records are served malformed: `amount` as a count (>= 1) or a
 * fraction (< 1), spread evenly so that they land on different pages.
 */
export function malformedPositions(total: number, amount: number | undefined): number[] {
  if (!amount || amount <= 0 || total === 0) return [];
  const count = Math.min(total, amount < 1 ? Math.round(amount * total) : Math.floor(amount));
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Math.floor(((k + 0.5) * total) / count));
  return out;
}
