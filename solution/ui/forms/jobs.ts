/** The Sync Job form: what one run did, with its warnings and errors (product.md flow 7). */
import { Tables } from '../../schema';
import type { FormDef } from '../types';
import { readOnly, section, subgrid, tab } from './helpers';

const j = Tables.syncJob.col;

/** Everything on a job is written by the sync service; a person only reads it. */
export const syncJobForm: FormDef = {
  key: `${Tables.syncJob.logicalName}.main`,
  table: Tables.syncJob,
  name: 'Sync Job',
  description: 'One run of one operation: status, progress, counts, summary and items.',
  header: [j.operation, j.jobStatus, j.progress, j.finishedOn],
  tabs: [
    tab('general', 'General', [
      section('general', 'General', [
        readOnly(j.name),
        readOnly(j.operation),
        readOnly(j.provider),
        readOnly(j.billingContract),
        readOnly(j.trigger),
        readOnly(j.jobStatus),
        readOnly(j.progress),
        readOnly(j.progressMessage),
        readOnly(j.startedOn),
        readOnly(j.finishedOn),
        readOnly(j.cancelRequested),
      ]),
      section('counts', 'Counts', [
        readOnly(j.createdCount),
        readOnly(j.updatedCount),
        readOnly(j.unchangedCount),
        readOnly(j.skippedCount),
        readOnly(j.failedCount),
        readOnly(j.warningCount),
      ]),
      section('summary', 'Summary', [readOnly(j.summary), readOnly(j.errorCode)], 1),
      section(
        'items',
        'Items',
        [subgrid('items', 'Items', Tables.syncJobItem, Tables.syncJobItem.col.syncJob, { recordsPerPage: 25 })],
        1,
      ),
    ]),
    tab('details', 'Details', [
      section('details', 'Details', [
        readOnly(j.parameters),
        readOnly(j.result),
        readOnly(j.heartbeatOn),
        readOnly(j.workerId),
        readOnly(j.runLock),
      ]),
    ]),
  ],
};
