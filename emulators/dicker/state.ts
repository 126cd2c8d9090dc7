/**
 * Everything one running Dicker Data sandbox holds: tenants and feed lines (and the changes tests make
 * between two syncs), faults, authentication, latency and counters.
 */
import { malformedPositions } from '../sandbox-kit/faults';
import { SeededRandom } from '../sandbox-kit/prng';
import type { DickerSandboxAuth } from './auth';
import type { DickerDataset, DickerSandboxLine, DickerSandboxTenant } from './dataset';
import type { DickerFaultInjector } from './faults';
import { LINE_MALFORMATIONS, type LineMalformation } from './wire';

export interface DickerSandboxStats {
  requests: number;
  accessKeysIssued: number;
  feedPages: number;
  invoicePages: number;
  throttled: number;
  serverErrors: number;
  authFailures: number;
}

/** The largest page the feed serves [I: our design]. */
export const MAX_PAGE_SIZE = 1000;

export class DickerSandboxState {
  private tenantList: DickerSandboxTenant[];
  private lineList: DickerSandboxLine[];
  private version = 0;
  private picks?: { version: number; faultVersion: number; value: Map<string, LineMalformation> };
  counters = { requests: 0, feedPages: 0, invoicePages: 0, throttled: 0, serverErrors: 0, authFailures: 0 };

  constructor(
    dataset: DickerDataset,
    readonly faults: DickerFaultInjector,
    readonly auth: DickerSandboxAuth,
    public latencyInMs: number,
  ) {
    this.tenantList = dataset.tenants.map((t) => ({ ...t }));
    this.lineList = dataset.lines.map((l) => ({ ...l }));
  }

  stats(): DickerSandboxStats {
    return { ...this.counters, accessKeysIssued: this.auth.keysIssued };
  }

  resetStats(): void {
    this.counters = { requests: 0, feedPages: 0, invoicePages: 0, throttled: 0, serverErrors: 0, authFailures: 0 };
    this.auth.keysIssued = 0;
  }

  tenants(): DickerSandboxTenant[] {
    return this.tenantList.map((t) => ({ ...t }));
  }
  lines(): DickerSandboxLine[] {
    return this.lineList.map((l) => ({ ...l }));
  }
  tenantById(id: string): DickerSandboxTenant | undefined {
    return this.tenantList.find((t) => t.tenantId === id);
  }

  /** One page (1-based) of the feed, optionally one tenant's lines (matched case-insensitively). */
  page(pageNumber: number, pageSize: number, tenantId?: string): { lines: DickerSandboxLine[]; total: number } {
    const wanted = tenantId?.toLowerCase();
    const all = wanted ? this.lineList.filter((l) => l.tenantId.toLowerCase() === wanted) : this.lineList;
    const size = Math.min(pageSize, MAX_PAGE_SIZE);
    return { lines: all.slice((pageNumber - 1) * size, pageNumber * size), total: all.length };
  }

  malformed(): Map<string, LineMalformation> {
    if (this.picks && this.picks.version === this.version && this.picks.faultVersion === this.faults.version)
      return this.picks.value;
    const value = new Map<string, LineMalformation>();
    malformedPositions(this.lineList.length, this.faults.current().malformedLines).forEach((pos, k) =>
      value.set(this.lineList[pos].subscriptionId, LINE_MALFORMATIONS[k % LINE_MALFORMATIONS.length]),
    );
    this.picks = { version: this.version, faultVersion: this.faults.version, value };
    return value;
  }

  /** Change about `fraction` of the licence lines by 1 to 10 seats (never below 1); deterministic for `seed`. */
  changeQuantities(
    fraction: number,
    seed: string | number,
  ): Array<{ subscriptionId: string; before: number; after: number }> {
    const rng = new SeededRandom(seed, 'dicker-change-quantities');
    const changes: Array<{ subscriptionId: string; before: number; after: number }> = [];
    for (const l of this.lineList) {
      if (l.chargeType !== 'Recurring' || !rng.chance(fraction)) continue;
      const after = Math.max(1, l.qty + (rng.chance(0.5) ? 1 : -1) * rng.int(1, 10));
      if (after === l.qty) continue;
      changes.push({ subscriptionId: l.subscriptionId, before: l.qty, after });
      l.qty = after;
    }
    this.version++;
    return changes;
  }

  /** Create or replace a line (by subscriptionId). Its tenant must exist. */
  setLine(line: DickerSandboxLine): DickerSandboxLine {
    if (!this.tenantById(line.tenantId)) throw new Error(`tenant ${line.tenantId} does not exist`);
    const index = this.lineList.findIndex((l) => l.subscriptionId === line.subscriptionId);
    if (index >= 0) this.lineList[index] = { ...line };
    else this.lineList.push({ ...line });
    this.version++;
    return { ...line };
  }

  removeTenant(tenantId: string): { removed: boolean; removedLines: number } {
    const before = this.tenantList.length;
    this.tenantList = this.tenantList.filter((t) => t.tenantId !== tenantId);
    if (this.tenantList.length === before) return { removed: false, removedLines: 0 };
    const linesBefore = this.lineList.length;
    this.lineList = this.lineList.filter((l) => l.tenantId !== tenantId);
    this.version++;
    return { removed: true, removedLines: linesBefore - this.lineList.length };
  }
}
