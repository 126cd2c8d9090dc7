/**
 * The work ledger of a job split into items: which items are done, and the sum of what they did. It
 * lives on the Sync Job row (the Result column while the job runs, with the counts in the count
 * columns), and every change of it is a read and a conditional write (If-Match on the row version
 * read), so that items finishing at the same moment on different workers never lose each other's
 * counts.
 *
 * Exactly once in effect: an item's mark and its counts land in the same conditional write, and an
 * item whose mark is already set adds nothing. An item delivered twice (its worker died after the
 * write, before the queue heard) therefore counts once.
 *
 * Done marks are a bitmap (base64) by item index: a job of 5,000 items keeps 625 bytes of marks, so
 * the row stays small however large the job.
 */
import type { JobCounts } from './types';
import { zeroCounts } from './tally';

export const LEDGER_VERSION = 1;

export interface WorkLedger {
  v: typeof LEDGER_VERSION;
  /** The planning this ledger belongs to: items of another planning of the same job are ignored. */
  plan: string;
  total: number;
  /** Base64 bitmap: bit i set once item i has been counted. */
  done: string;
  doneCount: number;
  /** Items that finished but could not read everything (a malformed record): the job's final checks are skipped. */
  unclean: number;
  /** Items that failed as often as allowed and went to the poison queue. */
  poisoned: number;
  counts: JobCounts;
  warnings: number;
  errors: number;
  /** The operation's own running total (what its summary is built from). */
  agg?: unknown;
  /** Set by the worker that counted the last item while it runs the job's final step. */
  finishing?: { by: string; at: string };
  /** A failure that ends the whole job (e.g. the distributor refused the credentials). */
  failure?: { code: string; message: string };
}

/** What one item (or the plan, or the final step) adds to the ledger. */
export interface ItemContribution {
  counts: JobCounts;
  warnings: number;
  errors: number;
  clean: boolean;
  poisoned?: boolean;
  agg?: unknown;
}

export function newLedger(plan: string, total: number, start?: Partial<ItemContribution>): WorkLedger {
  return {
    v: LEDGER_VERSION,
    plan,
    total,
    done: Buffer.alloc(Math.ceil(total / 8)).toString('base64'),
    doneCount: 0,
    unclean: 0,
    poisoned: 0,
    counts: { ...zeroCounts(), ...start?.counts },
    warnings: start?.warnings ?? 0,
    errors: start?.errors ?? 0,
    ...(start?.agg !== undefined ? { agg: start.agg } : {}),
  };
}

export function isItemDone(ledger: WorkLedger, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= ledger.total) return false;
  const bits = Buffer.from(ledger.done, 'base64');
  return (bits[index >> 3] & (1 << (index & 7))) !== 0;
}

export function allItemsDone(ledger: WorkLedger): boolean {
  return ledger.doneCount >= ledger.total;
}

/**
 * The ledger with item `index` counted, or undefined when it already was (or is out of range).
 * `merge` adds the operation's aggregate.
 */
export function countItem(
  ledger: WorkLedger,
  index: number,
  add: ItemContribution,
  merge: (into: unknown, add: unknown) => unknown,
): WorkLedger | undefined {
  if (index < 0 || index >= ledger.total || isItemDone(ledger, index)) return undefined;
  const bits = Buffer.from(ledger.done, 'base64');
  bits[index >> 3] |= 1 << (index & 7);
  const counts = { ...ledger.counts };
  for (const k of Object.keys(counts) as (keyof JobCounts)[]) counts[k] += add.counts[k] ?? 0;
  return {
    ...ledger,
    done: bits.toString('base64'),
    doneCount: ledger.doneCount + 1,
    unclean: ledger.unclean + (add.clean ? 0 : 1),
    poisoned: ledger.poisoned + (add.poisoned ? 1 : 0),
    counts,
    warnings: ledger.warnings + add.warnings,
    errors: ledger.errors + add.errors,
    agg: add.agg === undefined ? ledger.agg : merge(ledger.agg, add.agg),
  };
}

/** Reads a ledger from the job row's Result column; undefined when the row holds none (or another version). */
export function parseLedger(raw: unknown): WorkLedger | undefined {
  if (typeof raw !== 'string' || !raw.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(raw) as { workItems?: WorkLedger };
    const l = parsed.workItems;
    if (!l || l.v !== LEDGER_VERSION || typeof l.plan !== 'string' || !Number.isInteger(l.total)) return undefined;
    return l;
  } catch {
    return undefined;
  }
}

export function serialiseLedger(ledger: WorkLedger): string {
  return JSON.stringify({ workItems: ledger });
}

/** "How far it got", for the progress message of a job split into items. */
export function ledgerProgress(ledger: WorkLedger): { percent: number; message: string } {
  const share = ledger.total ? ledger.doneCount / ledger.total : 1;
  return {
    percent: Math.min(95, Math.round(15 + 80 * share)),
    message: `${ledger.doneCount} of ${ledger.total} parts done`,
  };
}
