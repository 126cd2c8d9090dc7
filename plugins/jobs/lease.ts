/**
 * Leases: exclusive, time-limited ownership of a name (the nightly schedule, a budget slot) shared by
 * every instance of the service, and leader election on top of them.
 *
 * Every acquisition carries an epoch, a counter that grows by one with each new holder of the name.
 * It is the fencing token of issue 13 (fault 5): a holder that was paused past its lease may wake up
 * believing it still owns the name; whatever it writes can carry its epoch, and a write with an epoch
 * lower than the newest is refused (or, before a final write, `isCurrent()` says to stop).
 */
import { silentLogger, type Logger } from '../shared/logger';
import { delay } from '../shared/abort';
import { errorMessage } from '../../common/errors';

export interface Lease {
  readonly name: string;
  /** Grows by one with each acquisition of this name, whoever acquires it: the fencing token. */
  readonly epoch: number;
  /** Aborted when the lease is lost (another instance holds it now, or renewal failed until it lapsed) or released. */
  readonly signal: AbortSignal;
  /** False once lost or released. */
  readonly held: boolean;
  /** Asks the store whether this is still the newest holder (one read); false once it is not. */
  isCurrent(): Promise<boolean>;
  /** Gives the lease up at once, so that another instance can take it without waiting for it to lapse. */
  release(): Promise<void>;
}

export interface LeaseStore {
  /** The lease on `name` if nobody holds it; undefined if another instance does. Renewed until released or lost. */
  tryAcquire(name: string): Promise<Lease | undefined>;
}

export interface LeaderElectionOptions {
  store: LeaseStore;
  /** What is led, e.g. `nightly-scheduler`. */
  name: string;
  /** How often a follower tries to take the lease. Default 5 s. */
  retryIntervalInMs?: number;
  /** Called when this instance becomes the leader (start the cron here). */
  onElected: (lease: Lease) => void | Promise<void>;
  /** Called when it stops being the leader: lost (stop the cron at once) or released by `stop()`. */
  onDeposed?: (lease: Lease, reason: 'lost' | 'stopped') => void | Promise<void>;
  logger?: Logger;
}

/**
 * Exactly one leader at a time among every instance that runs an election on the same name: the one
 * holding the lease. A leader that dies stops renewing; its lease lapses (15 to 60 s) and a follower
 * takes over at its next try.
 */
export class LeaderElection {
  private lease?: Lease;
  private readonly stopping = new AbortController();
  private loop?: Promise<void>;
  private readonly logger: Logger;

  constructor(private readonly o: LeaderElectionOptions) {
    this.logger = o.logger ?? silentLogger();
  }

  /** The current lease if this instance leads. */
  get leader(): Lease | undefined {
    return this.lease?.held ? this.lease : undefined;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops trying and releases the lease if held, so that another instance takes over at once. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    const lease = this.lease;
    this.lease = undefined;
    if (lease?.held) {
      await lease.release();
      await this.o.onDeposed?.(lease, 'stopped');
    }
  }

  private async run(): Promise<void> {
    const retry = this.o.retryIntervalInMs ?? 5_000;
    while (!this.stopping.signal.aborted) {
      if (!this.lease?.held) await this.tryLead();
      const wait = this.lease?.held ? AbortSignal.any([this.stopping.signal, this.lease.signal]) : this.stopping.signal;
      // A leader sleeps until its lease is lost (or stop); a follower until its next try.
      await delay(this.lease?.held ? 2 ** 31 - 1 : retry, wait).catch(() => undefined);
    }
  }

  private async tryLead(): Promise<void> {
    let lease: Lease | undefined;
    try {
      lease = await this.o.store.tryAcquire(this.o.name);
    } catch (err) {
      this.logger.warn({ lease: this.o.name, err: errorMessage(err) }, 'leader election: lease store not reachable');
      return;
    }
    if (!lease) return;
    if (this.stopping.signal.aborted) return void (await lease.release());
    this.lease = lease;
    this.logger.info({ lease: this.o.name, epoch: lease.epoch }, 'elected leader');
    lease.signal.addEventListener(
      'abort',
      () => {
        if (this.stopping.signal.aborted) return;
        this.logger.warn({ lease: this.o.name, epoch: lease.epoch }, 'leadership lost');
        void Promise.resolve(this.o.onDeposed?.(lease, 'lost')).catch(() => undefined);
      },
      { once: true },
    );
    try {
      await this.o.onElected(lease);
    } catch (err) {
      this.logger.error({ lease: this.o.name, err: errorMessage(err) }, 'leader could not start; giving the lease up');
      this.lease = undefined;
      await lease.release();
    }
  }
}
