/**
 * The Ion sandbox's truth: customers and subscription lines in listing order, the two paging styles
 * (opaque cursor tokens for customers, offsets for subscriptions), and the changes tests make between
 * two syncs.
 */
import { createHmac } from 'node:crypto';
import { SeededRandom } from '../sandbox-kit/prng';
import type { IonDataset, IonSandboxCustomer, IonSandboxSubscription } from './dataset';
import { recordChange } from './history';

export interface QuantityChange {
  id: string;
  customerId: string;
  before: number;
  after: number;
}

export interface SubscriptionFilter {
  customerId?: string;
  providerId?: string;
  status?: string;
}

/** Ion's largest page is not documented [?]; larger asks are cut to this [I]. */
export const MAX_PAGE_SIZE = 1000;

export class IonStore {
  private customerList: IonSandboxCustomer[];
  private lines: IonSandboxSubscription[];
  private byId = new Map<string, IonSandboxCustomer>();
  private nextLineId: number;
  version = 0;

  constructor(
    dataset: IonDataset,
    private readonly tokenKey: string,
  ) {
    this.customerList = dataset.customers.map((c) => structuredClone(c));
    this.lines = dataset.subscriptions.map((s) => structuredClone(s));
    this.reindex();
    this.nextLineId = this.lines.reduce((max, s) => Math.max(max, Number(s.id) || 0), 2_270_000) + 1;
  }

  private reindex(): void {
    this.byId = new Map(this.customerList.map((c) => [c.customerId, c]));
    this.version++;
  }

  customers(): IonSandboxCustomer[] {
    return this.customerList.map((c) => structuredClone(c));
  }
  subscriptions(): IonSandboxSubscription[] {
    return this.lines.map((s) => structuredClone(s));
  }
  customerView(): readonly IonSandboxCustomer[] {
    return this.customerList;
  }
  subscriptionView(): readonly IonSandboxSubscription[] {
    return this.lines;
  }
  customerById(id: string): IonSandboxCustomer | undefined {
    return this.byId.get(id);
  }

  /** Opaque, tamper-evident page token: the offset and a MAC over it. */
  private tokenFor(offset: number): string {
    const mac = createHmac('sha256', this.tokenKey).update(String(offset)).digest('base64url').slice(0, 16);
    return Buffer.from(`${offset}.${mac}`).toString('base64url');
  }

  offsetOfToken(pageToken: string): number | undefined {
    const [offsetText, mac] = Buffer.from(pageToken, 'base64url').toString('utf8').split('.');
    if (!/^\d{1,9}$/.test(offsetText ?? '')) return undefined;
    const offset = Number(offsetText);
    return this.tokenFor(offset) === pageToken && mac ? offset : undefined;
  }

  customerPage(pageSize: number, offset: number): { items: IonSandboxCustomer[]; nextPageToken?: string } {
    const size = Math.min(pageSize, MAX_PAGE_SIZE);
    const items = this.customerList.slice(offset, offset + size);
    const end = offset + items.length;
    return { items, ...(end < this.customerList.length ? { nextPageToken: this.tokenFor(end) } : {}) };
  }

  /** Statuses compare case-insensitively: the spec lists them upper case, answers are lower case [I]. */
  subscriptionPage(
    filter: SubscriptionFilter,
    limit: number,
    offset: number,
  ): { items: IonSandboxSubscription[]; totalSize: number } {
    const status = filter.status?.toLowerCase();
    const all = this.lines.filter(
      (s) =>
        (filter.customerId === undefined || s.customerId === filter.customerId) &&
        (filter.providerId === undefined || s.cloudProviderId === filter.providerId) &&
        (status === undefined || s.status === status),
    );
    return { items: all.slice(offset, offset + Math.min(limit, MAX_PAGE_SIZE)), totalSize: all.length };
  }

  /** Change about `fraction` of the licence lines by 1 to 10 seats (never below 1); deterministic for `seed`. */
  changeQuantities(fraction: number, seed: string | number): QuantityChange[] {
    const rng = new SeededRandom(seed, 'ion-change-quantities');
    const changes: QuantityChange[] = [];
    for (const s of this.lines) {
      if (!s.mfgPartNumber || !rng.chance(fraction)) continue;
      const after = Math.max(1, s.quantity + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 10));
      if (after === s.quantity) continue;
      changes.push({ id: s.id, customerId: s.customerId, before: s.quantity, after });
      recordChange(s, after);
      s.quantity = after;
    }
    this.version++;
    return changes;
  }

  removeCustomer(customerId: string): { removed: boolean; removedSubscriptions: number } {
    const before = this.customerList.length;
    this.customerList = this.customerList.filter((c) => c.customerId !== customerId);
    if (this.customerList.length === before) return { removed: false, removedSubscriptions: 0 };
    const linesBefore = this.lines.length;
    this.lines = this.lines.filter((s) => s.customerId !== customerId);
    this.reindex();
    return { removed: true, removedSubscriptions: linesBefore - this.lines.length };
  }

  /** Create or replace a line (by id; a new id when none is given). Its customer must exist. */
  setSubscription(line: Omit<IonSandboxSubscription, 'id'> & { id?: string }): IonSandboxSubscription {
    if (!this.byId.has(line.customerId)) throw new Error(`customer ${line.customerId} does not exist`);
    const full: IonSandboxSubscription = { ...line, id: line.id ?? String(this.nextLineId++) };
    const index = this.lines.findIndex((s) => s.id === full.id);
    if (index >= 0) this.lines[index] = full;
    else this.lines.push(full);
    this.version++;
    return { ...full };
  }
}
