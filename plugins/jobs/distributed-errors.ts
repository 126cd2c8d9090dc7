/**
 * Error codes of the distributed building blocks (work-item queue, leases, shared budgets). Listed in
 * docs/error-codes.md like every other code. A lost lease is the same code whatever held it.
 */
import { JobErrorCodes } from './errors';

export const DistributedErrorCodes = {
  /** A queue message is not a work-item envelope we can read (wrong JSON, unknown version, missing field). */
  MessageMalformed: 'JOB_MESSAGE_MALFORMED',
  /** An envelope is too large for one Azure Storage queue message. */
  MessageTooLarge: 'JOB_MESSAGE_TOO_LARGE',
  /** A work item failed (or was abandoned by a dead worker) as many times as allowed; it went to the poison queue. */
  ItemPoisoned: 'JOB_ITEM_POISONED',
  /** Azure Storage (queue, lease or budget blobs) could not be reached or refused a call. */
  StorageUnavailable: 'JOB_STORAGE_UNAVAILABLE',
  /** A lease (scheduler, budget slot) was lost: another instance holds it now, so this one must stop. */
  LeaseLost: JobErrorCodes.LeaseLost,
  /** A shared budget could not be used (its storage refused or the wait was aborted). */
  BudgetUnavailable: 'JOB_BUDGET_UNAVAILABLE',
} as const;
