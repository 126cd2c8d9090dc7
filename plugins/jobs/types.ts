/**
 * What an operation (Verify Connectivity, Sync Provider Accounts, ...) sees of its Sync Job, and what it
 * gives back. Operations never write the job row themselves: the runner does, so every job ends the
 * same way (status, counts, summary, items).
 */
import type { Logger } from '../shared/logger';
import type { Tally } from './tally';

export type OperationName =
  | 'VerifyConnectivity'
  | 'SyncProviderAccounts'
  | 'SyncSubscriptions'
  | 'MigrateManualSubscriptions'
  | 'ImportInvoice'
  | 'Reconcile';
export type FinalStatus = 'Succeeded' | 'SucceededWithWarnings' | 'NoChange' | 'Failed' | 'NotStarted' | 'Cancelled';
export const FINAL_STATUSES: ReadonlySet<string> = new Set<FinalStatus>([
  'Succeeded',
  'SucceededWithWarnings',
  'NoChange',
  'Failed',
  'NotStarted',
  'Cancelled',
]);
export type Severity = 'Info' | 'Warning' | 'Error';

export interface JobRecord {
  id: string;
  name: string;
  operation: OperationName;
  providerId?: string;
  billingContractId?: string;
  trigger: 'Manual' | 'Scheduled';
  status: 'Queued' | 'Running' | FinalStatus;
  parameters: Record<string, unknown>;
  etag?: string;
  workerId?: string;
  heartbeatOn?: string;
  startedOn?: string;
  createdOn?: string;
}

export interface JobCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface JobItem {
  severity: Severity;
  /** Stable code, e.g. SUBSCRIPTION_UNMAPPED_SKU. */
  code: string;
  message: string;
  recordType?: string;
  recordId?: string;
  recordName?: string;
  providerValue?: string;
  crmValue?: string;
}

export interface JobContext {
  readonly job: JobRecord;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The job's counts: add what happened (a write counts once it succeeded). */
  readonly tally: Tally;
  /** Percentage 0..100 and a short message; written to the job at most about once a second. */
  progress(percent: number, message: string): void;
  /** A warning or error for the job's items (written in batches). */
  item(item: JobItem): void;
  readonly warningCount: number;
  readonly errorCount: number;
  /**
   * Resolves when the job may go on writing; throws when it may not (another worker took its lease
   * after this one stalled, the job was cancelled, or the service is stopping). The engine calls it
   * before every batch of writes.
   */
  checkpoint(): Promise<void>;
}

export interface OperationResult {
  /** A summary a person can read. */
  summary: string;
  /** Force a final status (e.g. Failed for a connectivity check that failed); otherwise derived. */
  status?: FinalStatus;
  errorCode?: string;
  /** Machine-readable result (JSON), e.g. a migration plan. */
  result?: unknown;
}

export type OperationHandler = (ctx: JobContext) => Promise<OperationResult>;
