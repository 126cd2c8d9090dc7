/**
 * Every word the ribbon scripts show a person, in one place (plain words, no codes unless the job
 * recorded one). Status and operation names come from Dataverse's formatted values where a record
 * carries them; the operation names here are for messages shown before any job exists.
 *
 * Each group is its own export so that esbuild drops the groups a web resource does not use.
 */
export type OperationKey =
  | 'VerifyConnectivity'
  | 'SyncProviderAccounts'
  | 'SyncSubscriptions'
  | 'MigrateManualSubscriptions'
  | 'ImportInvoice'
  | 'Reconcile';

export interface CountsText {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export const OperationNames = {
  VerifyConnectivity: 'Verify Connectivity',
  SyncProviderAccounts: 'Sync Provider Accounts',
  SyncSubscriptions: 'Sync Subscriptions',
  MigrateManualSubscriptions: 'Migrate Manual Subscriptions',
  ImportInvoice: 'Import Invoice',
  Reconcile: 'Reconcile',
} as const satisfies Record<OperationKey, string>;

export const MigrationDryRunTitle = 'Migrate Manual Subscriptions (dry run)';

/** The Sync Job's name, as the Sync Jobs list shows it. */
export const jobName = (operation: string, target: string) => `${operation}: ${target}`;

export const ProgressText = {
  starting: (operation: string) => `${operation}: starting…`,
  queued: (operation: string) => `${operation}: waiting for the sync service to start the job…`,
  running: (operation: string, message: string, percent: number) => `${operation}: ${message} (${percent}%)`,
  checking: (operation: string) => `${operation}: checking for a job that is already running…`,
} as const;

export const SaveFirst = {
  title: 'Save first',
  text: (operation: string) => `Save this record first, then choose ${operation} again.`,
} as const;

export const NotAutomatic = {
  title: 'Not an automatic provider',
  text: (operation: string, provider: string) =>
    `${operation} works only for automatic providers. ${provider} is not set to Automatic, so Work 365 does not connect to its distributor.`,
} as const;

export const SelectOne = {
  title: 'Select one provider',
  text: 'Select exactly one provider in the list, then try again.',
} as const;

export const ProviderNotFound = {
  title: 'Provider not found',
  text: 'The selected provider no longer exists or you cannot read it. Refresh the list.',
} as const;

export const ContractStrings = {
  noCustomer: {
    title: 'No customer',
    text: 'This billing contract has no customer. Choose its customer and save, then sync again.',
  },
  notMapped: {
    title: 'Customer not mapped',
    text: (customer: string) =>
      `${customer} is not mapped to a provider account of any automatic provider, so there is nothing to sync. Map the customer on the Provider form (Provider Accounts), then sync again.`,
  },
} as const;

export const AlreadyRunning = {
  title: 'Already running',
  text: (operation: string, jobName: string, state: string) =>
    `${operation} is already ${state} for this record: “${jobName}”. Starting another would only wait for it. Follow that job instead?`,
  queued: 'waiting to start',
  running: 'running',
  follow: 'Follow it',
  close: 'Close',
} as const;

export const CouldNotStart = {
  title: 'Could not start',
  text: (operation: string, reason: string) => `${operation} could not be started: ${reason}`,
} as const;

export const LostTrack = {
  title: 'Lost track of the job',
  text: (operation: string, reason: string) =>
    `${operation} was started, but its progress cannot be read (${reason}). The job keeps running: follow it in the Sync Jobs list.`,
} as const;

export const TimeoutStrings = {
  title: 'Still running',
  text: (operation: string, minutes: string) =>
    `${operation} is still running after ${minutes}. It keeps running on the server, and its result will be on the job: follow it in the Sync Jobs list (or the Sync Jobs tab of this record), or open the job now.`,
  minutes: (seconds: number) => (seconds < 120 ? `${seconds} seconds` : `${Math.round(seconds / 60)} minutes`),
} as const;

export const OutcomeStrings = {
  title: (operation: string, status: string) => `${operation}: ${status}`,
  counts: (c: CountsText) =>
    `Created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, failed ${c.failed}.`,
  warningsHeading: (shown: number, total: number) =>
    total > shown ? `First ${shown} of ${total} warnings:` : 'Warnings:',
  warningLine: (recordName: string, message: string) => (recordName ? `• ${recordName}: ${message}` : `• ${message}`),
  noSummary: 'The job finished without a summary.',
} as const;

export const MigrationStrings = {
  planTitle: 'Migration plan (dry run)',
  planIntro: (pairs: number) =>
    `The dry run found ${pairs} manual ${pairs === 1 ? 'subscription' : 'subscriptions'} to migrate:`,
  pairLine: (manual: string, manualQuantity: number, synced: string, syncedQuantity: number, entries: number) =>
    `• ${manual} (manual, ${manualQuantity}) → ${synced} (synced, ${syncedQuantity}): ${entries} log ${entries === 1 ? 'entry moves' : 'entries move'}`,
  more: (count: number) => `…and ${count} more (see the dry-run job).`,
  unpairedIntro: (count: number) => `${count} cannot be paired and stay as they are:`,
  unpairedLine: (manual: string, reason: string) => `• ${manual}: ${reason}`,
  question:
    'Apply the migration? Their License Change Log history moves to the synced subscriptions and the manual subscriptions are deactivated.',
  apply: 'Apply',
  cancel: 'Cancel',
  unreadable: 'The dry run finished, but its plan cannot be read. Open the dry-run job to see what it found.',
} as const;

export const Unexpected = {
  title: 'Something went wrong',
  text: (reason: string) => `The command stopped unexpectedly: ${reason}`,
} as const;

export const CancelStrings = {
  confirmTitle: 'Cancel the job?',
  confirmText: (job: string) =>
    `Cancel “${job}”? The sync service stops it at its next checkpoint, usually within a few seconds. What it has written so far stays; run it again later to do the rest.`,
  confirm: 'Cancel job',
  keep: 'Keep running',
  requested: (operation: string) => `${operation}: cancelling at the next checkpoint…`,
  notRunningTitle: 'Not running',
  notRunning: (job: string, status: string) =>
    `“${job}” is ${status}, not running: only a running job can be cancelled.`,
  queued: (job: string) =>
    `“${job}” has not started yet. The sync service starts it within seconds; cancel it once it runs.`,
  selectOneTitle: 'Select one job',
  selectOne: 'Select exactly one sync job in the list, then try again.',
  notFoundTitle: 'Job not found',
  notFound: 'The selected job no longer exists or you cannot read it. Refresh the list.',
  failed: (reason: string) => `The cancel could not be sent: ${reason}`,
} as const;

export const ReconcileStrings = {
  noProvider: {
    title: 'No provider',
    text: 'This invoice has no provider, so there is nothing to reconcile it against. Choose its provider and save, then reconcile again.',
  },
} as const;

export const AcceptStrings = {
  operation: 'Accept',
  progress: (n: number, total: number) => `Accepting variance ${n} of ${total}…`,
  selectTitle: 'Select variances',
  select: 'Select one or more variances in the list, then choose Accept again.',
  doneTitle: 'Accept variances',
  accepted: (n: number) => `${n} ${n === 1 ? 'variance' : 'variances'} accepted.`,
  skipped: (n: number) =>
    `${n} skipped: ${n === 1 ? 'it was' : 'they were'} no longer Open (already accepted or fixed) or no longer there.`,
  failed: (n: number, reason: string) => `${n} could not be accepted: ${reason}`,
} as const;

export const ImportStrings = {
  notCsvTitle: 'Not a CSV file',
  notCsv: (file: string) =>
    `${file} is not a CSV file. Choose the invoice as a .csv file (the layout is in docs/invoice-csv.md, or the provider's column mapping).`,
  pickFailedTitle: 'Could not read the file',
  pickFailed: (reason: string) => `The file could not be read: ${reason}`,
  noPickerTitle: 'Cannot pick a file here',
  noPicker:
    'This client cannot open a file picker (Xrm.Device.pickFile). Import the invoice from the command line: w365 import-invoice --file.',
  uploading: (file: string) => `Import Invoice: uploading ${file}…`,
  noteSubject: (file: string) => `Invoice file ${file}`,
  uploadFailedTitle: 'Could not upload',
  uploadFailed: (file: string, reason: string) =>
    `${file} could not be attached to the provider, so nothing was imported: ${reason}`,
} as const;

export const Buttons = {
  openJob: 'Open job',
  close: 'Close',
} as const;
