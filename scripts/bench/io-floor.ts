/**
 * The I/O floor of a sync: the time its requests would take if nothing but latency and the bounds on
 * requests in flight counted (no CPU, no queueing), to set `wall_ms` against:
 *   distributor pages x page latency / pages in flight + Dataverse requests x latency / requests in flight.
 * The TechData connector reads a listing's first page (it gives the page count), then the rest 4 at a
 * time. A one-process sync reads two listings, one after the other: the customers (Sync Provider
 * Accounts) or the provider's subscriptions (Sync Subscriptions, `plugins/sync/subscriptions/whole.ts`).
 * (A job split into work items lists customer by customer instead, many at once: `bench scale`.)
 */
import type { TechDataSandboxControl } from '../../emulators/techdata/control-client';

/** DataverseClient's default bound on requests in flight. */
export const DATAVERSE_REQUESTS_IN_FLIGHT = 16;
/** Pages of one listing read at once after its first (TechDataConnector's pageConcurrency). */
export const LISTING_PAGES_IN_FLIGHT = 4;

export interface IoFloorInput {
  customerPages: number;
  subscriptionPages: number;
  pageLatencyMs: number;
  dataverseRequests: number;
  dataverseLatencyMs: number;
}

/** One listing's pages: the first alone (it gives the count), then the rest so many at a time. */
const listingMs = (pages: number, latencyMs: number) =>
  pages > 0 ? (1 + (pages - 1) / LISTING_PAGES_IN_FLIGHT) * latencyMs : 0;

export function ioFloorMs(i: IoFloorInput): number {
  return Math.round(
    listingMs(i.customerPages, i.pageLatencyMs) +
      listingMs(i.subscriptionPages, i.pageLatencyMs) +
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
