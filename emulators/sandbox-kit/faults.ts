/**
 * Deterministic fault injection, the part every sandbox shares: rules that fire by request count (every
 * Nth, the first N, or always) among the requests they match, so a test knows exactly which request
 * fails; the order they are decided in (a throttled request goes no further; a server error and a delay
 * can come together); and the spreading of malformed records over a listing. Which requests a rule
 * matches, and the faults only one distributor has, are each sandbox's (its faults.ts).
 */

/** When a rule fires, among the requests it matches. */
export interface CountRule {
  /** Fire on the Nth, 2Nth, ... matching request. */
  everyNth?: number;
  /** Fire on the first N matching requests. */
  firstN?: number;
  /** Fire on every matching request (a page that keeps failing). */
  always?: boolean;
}

/** The counted faults every sandbox has, whatever its faults call them. */
export interface CountedFaults<R extends CountRule> {
  throttle?: R & { retryAfterSeconds?: number };
  serverError?: R & { status?: number };
  slow?: R & { delayInMs: number };
}

export interface FaultDecision {
  throttleRetryAfterSeconds?: number;
  serverErrorStatus?: number;
  delayInMs: number;
}

/** Whether `rule` counts a request of `kind` (for page `page`, when the request has one). */
export type RuleMatcher<R, K> = (rule: R, kind: K, page: number | undefined) => boolean;

/**
 * For sandboxes whose requests are the token endpoint and API kinds: a rule's kind is one kind, 'api'
 * (every kind but the token endpoint) or 'any'.
 */
export function matchesApiKind(ruleKind: string, kind: string): boolean {
  return ruleKind === 'any' || ruleKind === kind || (ruleKind === 'api' && kind !== 'token');
}

/** Counts matching requests per rule and says whether this one fires. */
class RuleCounter<R extends CountRule, K> {
  private count = 0;
  constructor(
    private readonly rule: R,
    private readonly matches: RuleMatcher<R, K>,
  ) {}

  fires(kind: K, page: number | undefined): boolean {
    if (!this.matches(this.rule, kind, page)) return false;
    this.count++;
    if (this.rule.always) return true;
    if (this.rule.firstN !== undefined && this.count <= this.rule.firstN) return true;
    return this.rule.everyNth !== undefined && this.rule.everyNth > 0 && this.count % this.rule.everyNth === 0;
  }
}

/**
 * A sandbox's faults `F`: replaced as a whole (counters start again from zero), read back as set, and
 * asked what happens to each request. `counted` says where in `F` the counted faults are.
 */
export class FaultInjector<F extends object, R extends CountRule, K> {
  protected faults: F;
  private throttle?: RuleCounter<R, K>;
  private serverError?: RuleCounter<R, K>;
  private slow?: RuleCounter<R, K>;
  /** Bumped on every change, so the malformed picks are recomputed. */
  version = 0;

  constructor(
    initial: F,
    private readonly matches: RuleMatcher<R, K>,
    private readonly counted: (faults: F) => CountedFaults<R>,
  ) {
    this.faults = structuredClone(initial);
    this.install(initial);
  }

  /** Replace all faults; counters start again from zero. */
  set(faults: F): void {
    this.faults = structuredClone(faults);
    this.install(faults);
  }

  current(): F {
    return structuredClone(this.faults);
  }

  /** What happens to this request. Throttling is decided first: a throttled request goes no further. */
  decide(kind: K, page?: number): FaultDecision {
    const decision: FaultDecision = { delayInMs: 0 };
    const faults = this.counted(this.faults);
    if (this.throttle?.fires(kind, page)) {
      decision.throttleRetryAfterSeconds = faults.throttle?.retryAfterSeconds ?? 1;
      return decision;
    }
    if (this.serverError?.fires(kind, page)) decision.serverErrorStatus = faults.serverError?.status ?? 500;
    if (this.slow?.fires(kind, page)) decision.delayInMs = faults.slow?.delayInMs ?? 0;
    return decision;
  }

  /** Not overridable, so that construction never runs a subclass's `set` before its fields exist. */
  private install(faults: F): void {
    const rules = this.counted(faults);
    this.throttle = rules.throttle ? new RuleCounter<R, K>(rules.throttle, this.matches) : undefined;
    this.serverError = rules.serverError ? new RuleCounter<R, K>(rules.serverError, this.matches) : undefined;
    this.slow = rules.slow ? new RuleCounter<R, K>(rules.slow, this.matches) : undefined;
    this.version++;
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
