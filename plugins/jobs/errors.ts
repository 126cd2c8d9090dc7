/** Error codes of the job lifecycle (docs/error-codes.md). */
export const JobErrorCodes = {
  UnknownOperation: 'JOB_UNKNOWN_OPERATION',
  Interrupted: 'JOB_INTERRUPTED',
  Failed: 'JOB_FAILED',
  AlreadyRunning: 'JOB_ALREADY_RUNNING',
  /** A person cancelled the job (Cancel Requested); it stopped at its next checkpoint. */
  Cancelled: 'JOB_CANCELLED',
  /** Another worker took the job over (this one stalled past its lease); this worker stops writing. */
  LeaseLost: 'JOB_LEASE_LOST',
} as const;
