/**
 * Deterministic fault injection for the Dicker Data sandbox: throttling (429 + Retry-After), server
 * errors, slow answers, malformed feed lines, and refused credentials. Rules fire by request count
 * (every Nth, the first N, or always), for the handshake, the feed or both. Dicker's own throttling is
 * unknown [?]: the 429 is our assumption, for resilience testing.
 */
export { malformedPositions } from '../techdata/faults';

export type DickerRequestKind = 'accessKey' | 'feed';

export interface DickerFaultRule {
  /** Which requests count: one kind, or 'any'. Default 'feed'. */
  kind?: DickerRequestKind | 'any';
  everyNth?: number;
  firstN?: number;
  always?: boolean;
}

export interface DickerFaults {
  throttle?: DickerFaultRule & { retryAfterSeconds?: number };
  serverError?: DickerFaultRule & { status?: number };
  slow?: DickerFaultRule & { delayInMs: number };
  /** Feed lines served malformed: a count (>= 1) or a fraction (< 1), spread evenly. */
  malformedLines?: number;
  /** The handshake refuses even the right Account Code and Access Token. */
  rejectCredentials?: boolean;
}

class RuleCounter {
  private count = 0;
  constructor(private readonly rule: DickerFaultRule) {}
  fires(kind: DickerRequestKind): boolean {
    const k = this.rule.kind ?? 'feed';
    if (k !== 'any' && k !== kind) return false;
    this.count++;
    if (this.rule.always) return true;
    if (this.rule.firstN !== undefined && this.count <= this.rule.firstN) return true;
    return this.rule.everyNth !== undefined && this.rule.everyNth > 0 && this.count % this.rule.everyNth === 0;
  }
}

export class DickerFaultInjector {
  private faults: DickerFaults = {};
  private throttle?: RuleCounter;
  private serverError?: RuleCounter;
  private slow?: RuleCounter;
  version = 0;

  constructor(initial: DickerFaults = {}) {
    this.set(initial);
  }

  set(faults: DickerFaults): void {
    this.faults = structuredClone(faults);
    this.throttle = faults.throttle ? new RuleCounter(faults.throttle) : undefined;
    this.serverError = faults.serverError ? new RuleCounter(faults.serverError) : undefined;
    this.slow = faults.slow ? new RuleCounter(faults.slow) : undefined;
    this.version++;
  }

  current(): DickerFaults {
    return structuredClone(this.faults);
  }

  decide(kind: DickerRequestKind): { throttleRetryAfterSeconds?: number; serverErrorStatus?: number; delayInMs: number } {
    if (this.throttle?.fires(kind)) return { throttleRetryAfterSeconds: this.faults.throttle?.retryAfterSeconds ?? 1, delayInMs: 0 };
    const decision: { serverErrorStatus?: number; delayInMs: number } = { delayInMs: 0 };
    if (this.serverError?.fires(kind)) decision.serverErrorStatus = this.faults.serverError?.status ?? 500;
    if (this.slow?.fires(kind)) decision.delayInMs = this.faults.slow?.delayInMs ?? 0;
    return decision;
  }
}
