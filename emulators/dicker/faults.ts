/**
 * Deterministic fault injection for the Dicker Data sandbox: throttling (429 + Retry-After), server
 * errors, slow answers, malformed feed lines, and refused credentials. Rules fire by request count
 * (every Nth, the first N, or always), for the handshake, the feed or both (the counting is
 * ../sandbox-kit/faults.ts). Dicker's own throttling is unknown [?]: the 429 is our assumption, for
 * resilience testing.
 */
import { FaultInjector, type CountRule } from '../sandbox-kit/faults';

export type DickerRequestKind = 'accessKey' | 'feed' | 'invoice';

export interface DickerFaultRule extends CountRule {
  /** Which requests count: one kind, or 'any'. Default 'feed'. */
  kind?: DickerRequestKind | 'any';
}

export interface DickerFaults {
  throttle?: DickerFaultRule & { retryAfterSeconds?: number };
  serverError?: DickerFaultRule & { status?: number };
  slow?: DickerFaultRule & { delayInMs: number };
  /** Feed lines served malformed: a count (>= 1) or a fraction (< 1), spread evenly. */
  malformedLines?: number;
  /** Invoice feed lines served malformed: a count (>= 1) or a fraction (< 1), spread evenly. */
  malformedInvoiceLines?: number;
  /** The handshake refuses even the right Account Code and Access Token. */
  rejectCredentials?: boolean;
}

function matches(rule: DickerFaultRule, kind: DickerRequestKind): boolean {
  const k = rule.kind ?? 'feed';
  return k === 'any' || k === kind;
}

export class DickerFaultInjector extends FaultInjector<DickerFaults, DickerFaultRule, DickerRequestKind> {
  constructor(initial: DickerFaults = {}) {
    super(initial, matches, (faults) => faults);
  }
}
