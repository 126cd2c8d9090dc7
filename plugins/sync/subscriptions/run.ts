/**
 * One subscription sync in progress: each listed subscription is decided against Dataverse and handed
 * to the writer as it arrives; what was seen, skipped and left unresolved is remembered for the "gone"
 * pass and the warnings. Counts and the summary's changes follow the writes' results, so they never
 * claim a change that was not written.
 */
import { Tables } from '../../../solution/schema';
import { BatchedWriter } from '../../dataverse/batched-writer';
import type { WriteResult } from '../../dataverse/api';
import type { JobContext, JobItem } from '../../jobs/types';
import type { DistributorSubscription, RecordProblem } from '../../providers/types';
import type { SyncDeps } from '../deps';
import { BILLING_CYCLE_VALUES, decideGone, decideSubscription, type ContractResolution, type Decision } from './decide';
import { planProductMappings, recordSku, resolveProduct, type SkuSeen } from './products';
import { isEligible, type ScopeAccount } from './reference';
import type { SyncSetup } from './setup';
import { SubscriptionChanges } from './summary';
import type { ContractProblem, NotSyncedCustomer } from './warnings';

const S = Tables.subscription;

/** The warning of a run whose listing had unreadable records (or parts that failed): nothing is called gone. */
export function goneCheckSkipped(unreadable: number, failedParts = 0): JobItem {
  const n = unreadable;
  const why = failedParts
    ? `${failedParts} part${failedParts === 1 ? '' : 's'} of the distributor's listing could not be read`
    : `${n} record${n === 1 ? '' : 's'} of the distributor's listing could not be read`;
  return {
    severity: 'Warning',
    code: 'SUBSCRIPTION_GONE_CHECK_SKIPPED',
    message: `${why}, so no subscription was marked as gone at the provider this time: a subscription behind an unreadable record may still be live. Once the distributor's listing reads cleanly, the next sync does this check.`,
  };
}

/** A unit the sync writes: a subscription's change set, or one Product Mapping. */
export type SubscriptionWrite =
  { kind: 'subscription'; decision: Decision; customer: string } | { kind: 'productMapping'; sku: string };

export class SubscriptionRun {
  listed = 0;
  readonly changes = new SubscriptionChanges();
  readonly skus = new Map<string, SkuSeen>();
  readonly notSynced = new Map<string, NotSyncedCustomer>();
  readonly contractProblems = new Map<string, ContractProblem>();
  /** Records the listing could not read: while there are any, nothing may be called gone. */
  readonly unreadable: RecordProblem[] = [];
  private readonly seen = new Set<string>();
  private readonly byCustomer: Map<string, ScopeAccount>;
  private readonly writer: BatchedWriter<SubscriptionWrite>;
  private readonly now: Date;

  constructor(
    deps: SyncDeps,
    private readonly ctx: JobContext,
    private readonly setup: SyncSetup,
  ) {
    this.now = (deps.now ?? (() => new Date()))();
    this.byCustomer = new Map(setup.ref.accounts.map((a) => [a.providerSpecificId, a]));
    this.writer = new BatchedWriter(deps.dv, {
      signal: ctx.signal,
      maxOperationsPerBatch: deps.writes?.maxOperationsPerBatch,
      concurrentBatches: deps.writes?.concurrentBatches,
      flushAtOperations: deps.writes?.flushAtOperations,
      beforeFlush: () => ctx.checkpoint(),
      onResult: (r) => this.written(r),
    });
  }

  /** A record the distributor listed but we could not read: reported, skipped, and its id still counts as seen. */
  async skip(problem: RecordProblem): Promise<void> {
    this.ctx.tally.add('skipped');
    this.unreadable.push(problem);
    if (problem.id) this.seen.add(problem.id);
    this.ctx.item({
      severity: 'Warning',
      code: problem.code,
      message: `Skipped ${problem.record}: ${problem.message}`,
      recordName: problem.record,
    });
  }

  async handle(sub: DistributorSubscription): Promise<void> {
    this.listed++;
    const account = this.syncedAccount(sub);
    if (!account || this.duplicate(sub)) return;
    this.seen.add(sub.providerSubscriptionId);
    const { ref, config } = this.setup;
    const product = resolveProduct(sub.sku, ref, config.providerId);
    recordSku(this.skus, sub, product, sub.billingCycle ? BILLING_CYCLE_VALUES[sub.billingCycle] : undefined);
    const d = decideSubscription({
      providerId: config.providerId,
      jobId: this.ctx.job.id,
      sub,
      account,
      existing: this.setup.existing.get(sub.providerSubscriptionId),
      product,
      contract: this.contractOf(account),
      currencyId: ref.currencyId,
      now: this.now,
    });
    for (const item of d.items) this.ctx.item(item);
    if (d.kind === 'unchanged') this.ctx.tally.add('unchanged');
    await this.writer.add({ intents: d.intents, tag: { kind: 'subscription', decision: d, customer: account.name } });
    if (this.listed % 1000 === 0)
      this.ctx.progress(15 + Math.min(60, this.listed / 1000), `Processed ${this.listed} subscriptions`);
  }

  /**
   * Subscriptions of the synced accounts that the distributor no longer lists: suspended, never
   * deleted. Only a complete listing in which every record could be read may say so.
   */
  async markGone(): Promise<void> {
    if (this.unreadable.length) return this.reportGoneSkipped();
    const eligibleIds = new Set(this.setup.eligible.map((a) => a.id));
    for (const e of this.setup.existing.values()) {
      if (this.seen.has(e.providerSubscriptionId) || !e.providerAccountId || !eligibleIds.has(e.providerAccountId))
        continue;
      const d = decideGone(e, this.ctx.job.id, this.now);
      if (!d) continue;
      const customer = this.setup.ref.accounts.find((a) => a.id === e.providerAccountId)?.name ?? '';
      this.ctx.item({
        severity: 'Warning',
        code: 'SUBSCRIPTION_GONE_AT_PROVIDER',
        message: `${e.name} is no longer listed at the distributor: it was marked ${d.change.suspended ? 'Suspended and ' : ''}Removed At Provider (kept, never deleted).`,
        recordType: S.logicalName,
        recordId: e.id,
        recordName: e.name,
      });
      await this.writer.add({ intents: d.intents, tag: { kind: 'subscription', decision: d, customer } });
    }
  }

  async writeProductMappings(): Promise<void> {
    for (const w of planProductMappings(this.setup.config.providerId, this.skus.values(), this.setup.ref))
      await this.writer.add({ intents: [w.intent], tag: { kind: 'productMapping', sku: w.sku } });
  }

  async flush(): Promise<void> {
    this.ctx.progress(80, 'Writing changes to Dataverse');
    await this.writer.flush();
  }

  private syncedAccount(sub: DistributorSubscription): ScopeAccount | undefined {
    const account = this.byCustomer.get(sub.customerId);
    if (account && isEligible(account)) return account;
    const entry = this.notSynced.get(sub.customerId) ?? { account, customerId: sub.customerId, count: 0 };
    entry.count++;
    this.notSynced.set(sub.customerId, entry);
    this.ctx.tally.add('skipped');
    return undefined;
  }

  private duplicate(sub: DistributorSubscription): boolean {
    if (!this.seen.has(sub.providerSubscriptionId)) return false;
    this.ctx.tally.add('skipped');
    this.ctx.item({
      severity: 'Warning',
      code: 'SUBSCRIPTION_DUPLICATE',
      message: `The distributor listed subscription ${sub.providerSubscriptionId} twice; the second was skipped.`,
    });
    return true;
  }

  private contractOf(account: ScopeAccount): ContractResolution {
    const contracts = this.setup.ref.defaultContractsByCustomer.get(account.accountId as string) ?? [];
    const contract: ContractResolution =
      contracts.length === 1
        ? { kind: 'default', id: contracts[0] }
        : contracts.length === 0
          ? { kind: 'none' }
          : { kind: 'several', count: contracts.length };
    if (contract.kind !== 'default') {
      const entry = this.contractProblems.get(account.id) ?? { account, resolution: contract, count: 0 };
      entry.count++;
      this.contractProblems.set(account.id, entry);
    }
    return contract;
  }

  /**
   * Subscriptions of this run's synced accounts that its listing did not show and that the "gone" step
   * would change: their row ids. A job split into parts collects them from every part and checks them
   * only once every part read its listing cleanly.
   */
  goneCandidates(): string[] {
    const eligibleIds = new Set(this.setup.eligible.map((a) => a.id));
    const out: string[] = [];
    for (const e of this.setup.existing.values()) {
      if (this.seen.has(e.providerSubscriptionId) || !e.providerAccountId || !eligibleIds.has(e.providerAccountId))
        continue;
      if (decideGone(e, this.ctx.job.id, this.now)) out.push(e.id);
    }
    return out;
  }

  private reportGoneSkipped(): void {
    this.ctx.item(goneCheckSkipped(this.unreadable.length));
  }

  private written(r: WriteResult<SubscriptionWrite>): void {
    const tag = r.tag;
    if (tag.kind === 'productMapping') {
      if (!r.ok) this.failed(`product mapping ${tag.sku}`, undefined, r);
      return;
    }
    const d = tag.decision;
    if (!r.ok) return this.failed(d.name, d.kind === 'create' ? undefined : d.subscriptionId, r);
    if (d.kind === 'unchanged') return;
    this.ctx.tally.add(d.kind === 'create' ? 'created' : 'updated');
    this.changes.record(d.kind, d.change, {
      name: d.name,
      customer: tag.customer,
      from: d.change.quantityFrom,
      to: d.change.quantityTo,
    });
  }

  private failed(name: string, recordId: string | undefined, r: WriteResult<SubscriptionWrite>): void {
    this.ctx.tally.add('failed');
    this.ctx.item({
      severity: 'Error',
      code: 'SUBSCRIPTION_WRITE_FAILED',
      message: `Could not save ${name}: ${r.error?.message ?? 'unknown error'} (${r.error?.code || r.error?.status}). Nothing of it was written; the next sync tries again.`,
      recordType: r.tag.kind === 'subscription' ? S.logicalName : Tables.productMapping.logicalName,
      recordId,
      recordName: name,
    });
  }
}
