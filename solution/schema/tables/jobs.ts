import * as Choices from '../choices';
import { col, customLookup, defineTable } from '../define';

export const syncJob = defineTable({
  logicalName: 'w365_syncjob',
  entitySetName: 'w365_syncjobs',
  displayName: 'Sync Job',
  pluralDisplayName: 'Sync Jobs',
  description: 'One run of one operation (verify, sync accounts, sync subscriptions, migrate), with its outcome.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    operation: col.choice('w365_operation', 'Operation', Choices.syncOperation, { required: 'required' }),
    provider: customLookup('w365_providerid', 'w365_ProviderId', 'Provider', 'w365_provider', 'w365_provider_syncjob'),
    billingContract: customLookup(
      'w365_billingcontractid',
      'w365_BillingContractId',
      'Billing Contract',
      'w365_billingcontract',
      'w365_billingcontract_syncjob',
    ),
    trigger: col.choice('w365_trigger', 'Trigger', Choices.syncTrigger, { defaultValue: Choices.syncTrigger.Manual }),
    jobStatus: col.choice('w365_jobstatus', 'Job Status', Choices.syncJobStatus, {
      required: 'required',
      defaultValue: Choices.syncJobStatus.Queued,
    }),
    progress: col.integer('w365_progress', 'Progress (%)', { min: 0, max: 100 }),
    progressMessage: col.string('w365_progressmessage', 'Progress Message', 400),
    startedOn: col.datetime('w365_startedon', 'Started On'),
    finishedOn: col.datetime('w365_finishedon', 'Finished On'),
    heartbeatOn: col.datetime('w365_heartbeaton', 'Heartbeat'),
    createdCount: col.integer('w365_createdcount', 'Created', { min: 0 }),
    updatedCount: col.integer('w365_updatedcount', 'Updated', { min: 0 }),
    unchangedCount: col.integer('w365_unchangedcount', 'Unchanged', { min: 0 }),
    skippedCount: col.integer('w365_skippedcount', 'Skipped', { min: 0 }),
    failedCount: col.integer('w365_failedcount', 'Failed', { min: 0 }),
    warningCount: col.integer('w365_warningcount', 'Warnings', { min: 0, schemaName: 'w365_WarningCount' }),
    summary: col.memo('w365_summary', 'Summary', 100000),
    parameters: col.memo('w365_parameters', 'Parameters', 4000, {
      description: 'JSON parameters of the operation, e.g. {"apply":true} for a migration.',
    }),
    result: col.memo('w365_result', 'Result', 1048576, {
      description: 'JSON result for programs (e.g. a migration plan).',
    }),
    errorCode: col.string('w365_errorcode', 'Error Code', 100),
    cancelRequested: col.boolean('w365_cancelrequested', 'Cancel Requested', {
      defaultValue: false,
      description:
        'Set by the Cancel command; the service ends the running job at its next checkpoint (status Cancelled).',
    }),
    workerId: col.string('w365_workerid', 'Worker', 200),
    runLock: col.string('w365_runlock', 'Run Lock', 300, {
      description:
        'Provider and operation while the job runs, empty otherwise. Its alternate key makes Dataverse refuse a second running job of the same operation for a provider.',
    }),
  },
  keys: [{ logicalName: 'w365_syncjob_runlock', displayName: 'Run Lock', columns: ['runLock'] }],
});

export const syncJobItem = defineTable({
  logicalName: 'w365_syncjobitem',
  entitySetName: 'w365_syncjobitems',
  displayName: 'Sync Job Item',
  pluralDisplayName: 'Sync Job Items',
  description: 'One warning or error of a sync job, naming the record it concerns.',
  primaryName: 'name',
  columns: {
    name: col.string('w365_name', 'Name', 400, { required: 'required' }),
    // An item is part of its job: deleting a job (retention) deletes its items instead of being refused.
    syncJob: customLookup('w365_syncjobid', 'w365_SyncJobId', 'Sync Job', 'w365_syncjob', 'w365_syncjob_syncjobitem', {
      required: 'required',
      cascadeDelete: 'Cascade',
    }),
    severity: col.choice('w365_severity', 'Severity', Choices.severity, { required: 'required' }),
    code: col.string('w365_code', 'Code', 100, { required: 'required' }),
    message: col.memo('w365_message', 'Message', 4000),
    recordType: col.string('w365_recordtype', 'Record Type', 100),
    recordId: col.string('w365_recordid', 'Record Id', 200),
    recordName: col.string('w365_recordname', 'Record Name', 400),
    providerValue: col.string('w365_providervalue', 'Distributor Value', 4000, { schemaName: 'w365_ProviderValue' }),
    crmValue: col.string('w365_crmvalue', 'CRM Value', 4000),
  },
});
