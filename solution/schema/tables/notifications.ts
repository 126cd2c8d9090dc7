/**
 * Standard (Microsoft) tables issue 17 uses: Notes (annotation), which carry an invoice file from the
 * browser to the service, and in-app notifications (appnotification), which carry alerts to a person.
 * Neither is part of our solution; the emulator serves them as Dataverse does.
 *
 * [C] annotation: documentbody is the file, base64; filename, mimetype, filesize; objectid is the
 * polymorphic "Regarding" lookup, bound per target (`objectid_w365_provider@odata.bind`). A custom table
 * takes notes only with notes enabled on it (HasRelatedNotes, relationship `<table>_Annotations`).
 * [C] appnotification ("Send in-app notifications within model-driven apps"): title, body, ownerid (the
 * recipient, a user), icontype, toasttype, priority, ttlinseconds (default 1,209,600 s), data (JSON of
 * actions); the platform deletes a notification when its time to live has passed.
 */
import { col, defineTable, defineChoice } from '../define';
import type { LookupTarget } from '../types';

const std = (table: string, navigationProperty: string, relationshipName: string): LookupTarget => ({
  table,
  navigationProperty,
  relationshipName,
});

export const annotation = defineTable({
  logicalName: 'annotation',
  entitySetName: 'annotations',
  displayName: 'Note',
  pluralDisplayName: 'Notes',
  description: 'Note and file attachment that can be associated with a record.',
  standard: true,
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
    objectId: col.lookup('objectid', 'Regarding', [
      std('w365_provider', 'objectid_w365_provider', 'w365_provider_Annotations'),
    ]),
  },
});

/** [C] appnotification.icontype. */
export const appNotificationIcon = defineChoice('appnotification_icontype', 'Icon Type', {
  Info: [100000000, 'Info'],
  Success: [100000001, 'Success'],
  Failure: [100000002, 'Failure'],
  Warning: [100000003, 'Warning'],
  Mention: [100000004, 'Mention'],
  Custom: [100000005, 'Custom'],
});

/** [C] appnotification.toasttype: Timed shows a toast for a few seconds; Hidden only in the notification centre. */
export const appNotificationToast = defineChoice('appnotification_toasttype', 'Toast Type', {
  Timed: [200000000, 'Timed'],
  Hidden: [200000001, 'Hidden'],
});

/** [C] appnotification.priority. */
export const appNotificationPriority = defineChoice('appnotification_priority', 'Priority', {
  Normal: [200000000, 'Normal'],
  High: [200000001, 'High'],
});

export const appNotification = defineTable({
  logicalName: 'appnotification',
  entitySetName: 'appnotifications',
  displayName: 'Notification',
  pluralDisplayName: 'Notifications',
  description: 'In-app notification shown to its owner in model-driven apps.',
  standard: true,
  primaryName: 'title',
  states: [],
  optimisticConcurrency: false,
  columns: {
    title: col.string('title', 'Title', 200, { required: 'systemrequired' }),
    body: col.memo('body', 'Body', 5000),
    owner: col.lookup('ownerid', 'Owner', [std('systemuser', 'ownerid', 'user_appnotification')], {
      required: 'systemrequired',
    }),
    iconType: col.choice('icontype', 'Icon Type', appNotificationIcon),
    toastType: col.choice('toasttype', 'Toast Type', appNotificationToast),
    priority: col.choice('priority', 'Priority', appNotificationPriority),
    ttlInSeconds: col.integer('ttlinseconds', 'Time to Live (seconds)', { min: 0 }),
    data: col.memo('data', 'Data', 5000),
    isRead: col.boolean('isread', 'Read'),
  },
});
