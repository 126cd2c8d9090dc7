/**
 * A Sync Job item with its text cleaned by the redactor before it is buffered: items are read by every
 * user of the app, and a distributor may echo a secret in an error (issue 13, fault 9). Every JobContext
 * (a whole job's, a work item's, a split job's final step) cleans its items through this one function.
 */
import type { JobItem } from './types';

export function cleanItem(item: JobItem, redact: ((text: string) => string) | undefined): JobItem {
  if (!redact) return item;
  const clean = (v: string | undefined) => (v === undefined ? undefined : redact(v));
  return {
    ...item,
    message: redact(item.message),
    recordName: clean(item.recordName),
    providerValue: clean(item.providerValue),
    crmValue: clean(item.crmValue),
  };
}
