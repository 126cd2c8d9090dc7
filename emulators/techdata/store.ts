/**
 * The sandbox's truth: customers and subscriptions in listing order, pages of them, and the mutations
 * tests and benchmarks make between two syncs. Indexed so that pages of a 50 000-line data set are
 * served without scanning it.
 */
import type { SandboxCustomer, SandboxSubscription, TechDataDataset } from './dataset';
import { SeededRandom } from '../sandbox-kit/prng';

export interface QuantityChange {
  subscriptionId: string;
  endCustomerId: string;
  before: number;
  after: number;
}

export interface Page<T> {
  totalPages: number;
  items: T[];
}

function pageOf<T>(all: readonly T[], page: number, pageSize: number): Page<T> {
  const totalPages = Math.ceil(all.length / pageSize);
  return { totalPages, items: all.slice((page - 1) * pageSize, page * pageSize) };
}

export class TechDataStore {
  private customerList: SandboxCustomer[];
  private subscriptionList: SandboxSubscription[];
  private byCustomer = new Map<string, SandboxSubscription[]>();
  private customerIndex = new Map<string, SandboxCustomer>();
  private nextCustomerId: number;
  private nextSubscriptionId: number;
  /** Bumped on every change, so derived views (malformed picks) know to recompute. */
  version = 0;

  constructor(
    dataset: TechDataDataset,
    readonly pageSize: number,
  ) {
    this.customerList = dataset.customers.map((c) => ({ ...c }));
    this.subscriptionList = dataset.subscriptions.map((s) => ({ ...s }));
    this.reindex();
    this.nextCustomerId =
      this.customerList.reduce((max, c) => Math.max(max, Number(c.endCustomerId) || 0), 1_000_000) + 1;
    this.nextSubscriptionId =
      this.subscriptionList.reduce((max, s) => Math.max(max, Number(s.subscriptionId) || 0), 70_000_000) + 1;
  }

  private reindex(): void {
    this.customerIndex = new Map(this.customerList.map((c) => [c.endCustomerId, c]));
    this.byCustomer = new Map();
    for (const s of this.subscriptionList) {
      const list = this.byCustomer.get(s.endCustomerId);
      if (list) list.push(s);
      else this.byCustomer.set(s.endCustomerId, [s]);
    }
    this.version++;
  }

  customers(): SandboxCustomer[] {
    return this.customerList.map((c) => ({ ...c }));
  }

  subscriptions(): SandboxSubscription[] {
    return this.subscriptionList.map((s) => ({ ...s }));
  }

  /** The live records in listing order (not copies: for serving pages and picking malformed ones). */
  customerView(): readonly SandboxCustomer[] {
    return this.customerList;
  }

  subscriptionView(): readonly SandboxSubscription[] {
    return this.subscriptionList;
  }

  customerById(id: string): SandboxCustomer | undefined {
    return this.customerIndex.get(id);
  }

  customerPage(page: number): Page<SandboxCustomer> {
    return pageOf(this.customerList, page, this.pageSize);
  }

  /** All subscriptions, or one customer's; an unknown customer simply has none [I]. */
  subscriptionPage(page: number, endCustomerId?: string): Page<SandboxSubscription> {
    const all = endCustomerId === undefined ? this.subscriptionList : (this.byCustomer.get(endCustomerId) ?? []);
    return pageOf(all, page, this.pageSize);
  }

  /**
   * Change the quantity of about `fraction` of the subscriptions (deterministic for `seed`): each by
   * 1 to 10 licences up or down, never below 1. Returns what changed.
   */
  changeQuantities(fraction: number, seed: string | number): QuantityChange[] {
    const rng = new SeededRandom(seed, 'change-quantities');
    const changes: QuantityChange[] = [];
    for (const s of this.subscriptionList) {
      if (!rng.chance(fraction)) continue;
      const delta = rng.int(1, 10) * (rng.chance(0.5) ? 1 : -1);
      const after = Math.max(1, s.quantity + delta);
      if (after === s.quantity) continue;
      changes.push({ subscriptionId: s.subscriptionId, endCustomerId: s.endCustomerId, before: s.quantity, after });
      s.quantity = after;
    }
    this.version++;
    return changes;
  }

  /** Remove a customer and its subscriptions (as when it leaves the partner). */
  removeCustomer(endCustomerId: string): { removed: boolean; removedSubscriptions: number } {
    const before = this.customerList.length;
    this.customerList = this.customerList.filter((c) => c.endCustomerId !== endCustomerId);
    if (this.customerList.length === before) return { removed: false, removedSubscriptions: 0 };
    const subsBefore = this.subscriptionList.length;
    this.subscriptionList = this.subscriptionList.filter((s) => s.endCustomerId !== endCustomerId);
    this.reindex();
    return { removed: true, removedSubscriptions: subsBefore - this.subscriptionList.length };
  }

  /** Add a customer at the end of the listing; an id is assigned when none is given. */
  addCustomer(customer: Partial<SandboxCustomer> & Pick<SandboxCustomer, 'companyName'>): SandboxCustomer {
    const id = customer.endCustomerId ?? String(this.nextCustomerId++);
    if (this.customerById(id)) throw new Error(`customer ${id} already exists`);
    const full: SandboxCustomer = {
      email: '',
      firstName: '',
      lastName: '',
      phone: '',
      city: '',
      country: 'GB',
      status: 'Active',
      ...customer,
      endCustomerId: id,
    };
    this.customerList.push(full);
    this.customerIndex.set(id, full);
    this.version++;
    return { ...full };
  }

  /**
   * Create or replace a subscription (by subscriptionId; a new id is assigned when none is given).
   * Its customer must exist.
   */
  setSubscription(
    subscription: Omit<SandboxSubscription, 'subscriptionId'> & { subscriptionId?: string },
  ): SandboxSubscription {
    if (!this.customerById(subscription.endCustomerId))
      throw new Error(`customer ${subscription.endCustomerId} does not exist`);
    const id = subscription.subscriptionId ?? String(this.nextSubscriptionId++);
    const full: SandboxSubscription = { ...subscription, subscriptionId: id };
    const index = this.subscriptionList.findIndex((s) => s.subscriptionId === id);
    if (index >= 0) this.subscriptionList[index] = full;
    else this.subscriptionList.push(full);
    this.reindex();
    return { ...full };
  }
}
