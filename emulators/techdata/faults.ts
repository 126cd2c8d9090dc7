/**
 * Deterministic fault injection for the TechData sandbox: throttling (429 + Retry-After), server errors,
 * slow pages, malformed records, and rejected credentials or SOIN. Rules fire by request count (every
 * Nth, the first N, or always), optionally only for some kinds of request and page numbers, so a test
 * knows exactly which request fails (the counting is ../sandbox-kit/faults.ts). TechData's own
 * throttling is unknown [?]: the 429 is our assumption, for resilience testing.
 */
import { FaultInjector as CountingFaultInjector, matchesApiKind, type CountRule } from '../sandbox-kit/faults';

export type RequestKind = 'token' | 'customers' | 'subscriptions';

export interface FaultRule extends CountRule {
  /** Which requests count: one kind, 'api' (customers and subscriptions pages, the default) or 'any'. */
  kind?: RequestKind | 'api' | 'any';
  /** Only these page numbers (API requests). */
  pages?: number[];
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

function matches(rule: FaultRule, kind: RequestKind, page: number | undefined): boolean {
  const pageOk = !rule.pages || (page !== undefined && rule.pages.includes(page));
  return matchesApiKind(rule.kind ?? 'api', kind) && pageOk;
}

export class FaultInjector extends CountingFaultInjector<TechDataFaults, FaultRule, RequestKind> {
  constructor(initial: TechDataFaults = {}) {
    super(initial, matches, (f) => ({ throttle: f.throttle, serverError: f.serverError, slow: f.slowPages }));
  }
}
