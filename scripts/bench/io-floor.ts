/**
 * The I/O floor of a sync: the time its requests would take if nothing but latency and the bounds on
 * requests in flight counted (no CPU, no queueing), to set `wall_ms` against:
 *   distributor pages x page latency / pages in flight + Dataverse requests x latency / requests in flight.
 * The TechData connector reads a listing's first page (it gives the page count), then the rest 4 at a
 * time; subscription pages of different customers run at once, up to the sockets the HTTP client opens
 * to one host.
 */
import type { TechDataSandboxControl } from '../../emulators/techdata/control-client';

/** DataverseClient's default bound on requests in flight. */
export const DATAVERSE_REQUESTS_IN_FLIGHT = 16;
/** Pages of one listing read at once after its first (TechDataConnector's pageConcurrency). */
export const LISTING_PAGES_IN_FLIGHT = 4;
/** Subscription listings at once: 8 parts x 4 customers, capped by the 16 sockets per distributor host. */
export const SUBSCRIPTION_PAGES_IN_FLIGHT = 16;

export interface IoFloorInput {
  customerPages: number;
  subscriptionPages: number;
  pageLatencyMs: number;
  dataverseRequests: number;
  dataverseLatencyMs: number;
}

export function ioFloorMs(i: IoFloorInput): number {
  return Math.round(
    (i.customerPages > 0 ? 1 + (i.customerPages - 1) / LISTING_PAGES_IN_FLIGHT : 0) * i.pageLatencyMs +
      (i.subscriptionPages * i.pageLatencyMs) / SUBSCRIPTION_PAGES_IN_FLIGHT +
      (i.dataverseRequests * i.dataverseLatencyMs) / DATAVERSE_REQUESTS_IN_FLIGHT,
  );
}

/** Runs `fn` and returns its result with the distributor pages it read. */
export async function countingPages<T extends { requests: number }>(
  control: TechDataSandboxControl,
  fn: () => Promise<T>,
): Promise<T & { customerPages: number; subscriptionPages: number }> {
  await control.resetStats();
  const r = await fn();
  const stats = await control.stats();
  return { ...r, customerPages: stats.pages.customers, subscriptionPages: stats.pages.subscriptions };
}
