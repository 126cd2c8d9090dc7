/**
 * What the distributed building blocks (work-item queue, leases, shared budgets) say: error messages
 * and the reasons given to a poison callback. One module, so the words stay consistent.
 */

export const EnvelopeMessages = {
  malformed: (reason: string) => `The queue message is not a work item this service can read: ${reason}.`,
  unknownVersion: (version: unknown) =>
    `envelope version ${JSON.stringify(version ?? null)} is not one this release reads (it reads version 1)`,
  tooLarge: (bytes: number, limit: number) =>
    `The work item is ${bytes} bytes once encoded; a queue message holds at most ${limit}. Keep item parameters small (ids and cursors, not records).`,
} as const;

export const QueueMessages = {
  unavailable: (action: string, reason: string) => `Could not ${action} on Azure Storage (${reason}).`,
  closing: 'The worker is shutting down; the item was handed back to the queue for another worker.',
  lost: (reason: string) => `The work item is no longer held by this worker (${reason}); another worker may run it.`,
  abandoned: (deliveries: number) =>
    `The work item was delivered ${deliveries} times without finishing (workers stopped while holding it).`,
} as const;

export const LeaseMessages = {
  badDuration: (seconds: number) =>
    `A blob lease lasts 15 to 60 whole seconds (Blob storage's range); ${seconds} was asked for.`,
  unavailable: (name: string, reason: string) => `Could not use the lease blob ${name} on Azure Storage (${reason}).`,
  takenOver: 'another instance holds it now',
  lapsed: (reason: string) => `it could not be renewed before it lapsed (${reason})`,
  lost: (name: string, epoch: number, reason: string) => `The lease on ${name} (epoch ${epoch}) was lost: ${reason}.`,
  released: (name: string) => `The lease on ${name} was released.`,
} as const;

export const BudgetMessages = {
  cancelled: 'The wait for the shared request budget was cancelled.',
  closed: 'The shared request budget is closed (the worker is shutting down).',
  badSlots: (slots: number, concurrency: number) =>
    `A budget of ${concurrency} concurrent requests cannot be cut into ${slots} slots: each slot needs at least one request.`,
  badWorkers: (workers: number) =>
    `The number of workers sharing a budget must be a whole number of at least 1 (got ${workers}).`,
} as const;
