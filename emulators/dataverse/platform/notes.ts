/**
 * Notes (annotation) and in-app notifications (appnotification), platform tables of every environment
 * [C]. Issue 17 uses them: an invoice file reaches the sync service as a note's document, and alerts
 * reach a person as notifications.
 *
 * [C] A note's Regarding (objectid) is polymorphic: it has a target for every table with notes enabled
 * (HasRelatedNotes), each through the `<table>_Annotations` relationship and the `objectid_<table>`
 * navigation property; a table gets it when a solution that enables notes on it is imported (the
 * import adds the target, import/merge.ts), so the base table has none.
 * [C] appnotification: title, body, ownerid (the recipient user), icontype, toasttype, priority,
 * ttlinseconds (default 1,209,600 s), data (JSON of actions). [I] The emulator does not expire them.
 */
import { choice, col, platformTable, to } from './define';
import { SYSTEM_SOLUTION } from './system';

export const annotation = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'annotation',
  schemaName: 'Annotation',
  entitySetName: 'annotations',
  displayName: 'Note',
  pluralDisplayName: 'Notes',
  description: 'Note and file attachment that can be associated with a record.',
  primaryName: 'subject',
  states: [],
  columns: {
    subject: col.string('subject', 'Title', 500),
    noteText: col.memo('notetext', 'Description', 100000),
    fileName: col.string('filename', 'File Name', 255),
    mimeType: col.string('mimetype', 'Mime Type', 256),
    // [I] The platform caps it at the organization's maximum attachment size (5,120 KB by default).
    documentBody: col.memo('documentbody', 'Document', 1073741823),
    fileSize: col.integer('filesize', 'File Size (Bytes)', { min: 0 }),
    isDocument: col.boolean('isdocument', 'Is Document'),
    objectId: col.lookup('objectid', 'Regarding', []),
  },
});

const icon = choice('appnotification_icontype', 'Icon Type', {
  Info: [100000000, 'Info'],
  Success: [100000001, 'Success'],
  Failure: [100000002, 'Failure'],
  Warning: [100000003, 'Warning'],
  Mention: [100000004, 'Mention'],
  Custom: [100000005, 'Custom'],
});
const toast = choice('appnotification_toasttype', 'Toast Type', {
  Timed: [200000000, 'Timed'],
  Hidden: [200000001, 'Hidden'],
});
const priority = choice('appnotification_priority', 'Priority', {
  Normal: [200000000, 'Normal'],
  High: [200000001, 'High'],
});

export const appNotification = platformTable({
  solution: SYSTEM_SOLUTION,
  logicalName: 'appnotification',
  schemaName: 'AppNotification',
  entitySetName: 'appnotifications',
  displayName: 'Notification',
  pluralDisplayName: 'Notifications',
  description: 'In-app notification shown to its owner in model-driven apps.',
  primaryName: 'title',
  states: [],
  optimisticConcurrency: false,
  columns: {
    title: col.string('title', 'Title', 200, { required: 'systemrequired' }),
    body: col.memo('body', 'Body', 5000),
    owner: col.lookup('ownerid', 'Owner', [to('systemuser', 'ownerid', 'user_appnotification')], {
      required: 'systemrequired',
    }),
    iconType: col.choice('icontype', 'Icon Type', icon),
    toastType: col.choice('toasttype', 'Toast Type', toast),
    priority: col.choice('priority', 'Priority', priority),
    ttlInSeconds: col.integer('ttlinseconds', 'Time to Live (seconds)', { min: 0 }),
    data: col.memo('data', 'Data', 5000),
    isRead: col.boolean('isread', 'Read'),
  },
});

export const NOTES_TABLES = [annotation, appNotification] as const;
