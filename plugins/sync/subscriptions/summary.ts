/** The summary a person reads on the Sync Job: what the sync did, quantity-only changes included. */
export interface ChangeLine {
  name: string;
  customer: string;
  from?: number;
  to: number;
}

const MAX_LINES = 10;

/**
 * A count and the first few lines of one kind of change: a sync of 50,000 new subscriptions keeps ten
 * lines for the summary, not 50,000.
 */
export class ChangeList {
  count = 0;
  readonly lines: ChangeLine[] = [];
  push(line: ChangeLine): void {
    this.count++;
    if (this.lines.length < MAX_LINES) this.lines.push(line);
  }
  get length(): number {
    return this.count;
  }
}

/** What a sync changed, by kind, as its writes succeed. */
export class SubscriptionChanges {
  readonly created = new ChangeList();
  readonly quantityChanged = new ChangeList();
  readonly suspended = new ChangeList();
  readonly reactivated = new ChangeList();
  updatedOther = 0;

  /** A decision whose change set was written. */
  record(
    kind: 'create' | 'update',
    change: { quantityFrom?: number; quantityTo: number; suspended: boolean; reactivated: boolean },
    line: ChangeLine,
  ): void {
    if (kind === 'create') return this.created.push(line);
    const quantity = change.quantityFrom !== change.quantityTo;
    if (quantity) this.quantityChanged.push(line);
    if (change.suspended) this.suspended.push(line);
    if (change.reactivated) this.reactivated.push(line);
    if (!quantity && !change.suspended && !change.reactivated) this.updatedOther++;
  }

  /** Counts for the job's machine-readable result. */
  counts(): { created: number; quantityChanged: number; suspended: number; reactivated: number } {
    return {
      created: this.created.length,
      quantityChanged: this.quantityChanged.length,
      suspended: this.suspended.length,
      reactivated: this.reactivated.length,
    };
  }
}

export interface SubscriptionSummaryInput {
  providerName: string;
  scope?: string;
  listed: number;
  changes: SubscriptionChanges;
  unchanged: number;
  skipped: number;
  failed: number;
  warnings: number;
  notSyncedAccounts: number;
}

function list(changes: ChangeList, render: (l: ChangeLine) => string): string {
  const shown = changes.lines.map(render).join('; ');
  return changes.count > changes.lines.length ? `${shown}; and ${changes.count - changes.lines.length} more` : shown;
}

export function subscriptionSummary(input: SubscriptionSummaryInput): string {
  const s = { ...input, ...pick(input.changes) };
  const head = `Synced subscriptions of ${s.providerName}${s.scope ? ` for ${s.scope}` : ''}: ${s.listed} listed at the distributor.`;
  const parts: string[] = [head];
  if (s.created.length)
    parts.push(`New (${s.created.length}): ${list(s.created, (l) => `${l.name} for ${l.customer} (${l.to})`)}.`);
  if (s.quantityChanged.length)
    parts.push(
      `Quantity changed (${s.quantityChanged.length}): ${list(s.quantityChanged, (l) => `${l.name} for ${l.customer} ${l.from} -> ${l.to}`)}.`,
    );
  if (s.suspended.length)
    parts.push(`Suspended (${s.suspended.length}): ${list(s.suspended, (l) => `${l.name} for ${l.customer}`)}.`);
  if (s.reactivated.length)
    parts.push(`Reactivated (${s.reactivated.length}): ${list(s.reactivated, (l) => `${l.name} for ${l.customer}`)}.`);
  if (s.updatedOther)
    parts.push(
      `${s.updatedOther} other subscription${s.updatedOther === 1 ? '' : 's'} updated (dates, product, contract or description).`,
    );
  if (!s.created.length && !s.quantityChanged.length && !s.suspended.length && !s.reactivated.length && !s.updatedOther)
    parts.push('Nothing changed: Dynamics already matches the distributor.');
  parts.push(`${s.unchanged} unchanged.`);
  if (s.skipped) parts.push(`${s.skipped} skipped (see the items).`);
  if (s.failed) parts.push(`${s.failed} could not be saved; the next sync tries again.`);
  if (s.notSyncedAccounts)
    parts.push(
      `${s.notSyncedAccounts} provider account${s.notSyncedAccounts === 1 ? ' is' : 's are'} not mapped or not enabled, so their subscriptions were not synced.`,
    );
  if (s.warnings) parts.push(`${s.warnings} warning${s.warnings === 1 ? '' : 's'}: see the job items.`);
  return parts.join(' ');
}

function pick(c: SubscriptionChanges) {
  const { created, quantityChanged, suspended, reactivated, updatedOther } = c;
  return { created, quantityChanged, suspended, reactivated, updatedOther };
}
