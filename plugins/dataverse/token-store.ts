/**
 * The TokenStore of connectors with rotating refresh tokens (StreamOne Ion), on the Provider row in
 * Dataverse: the token state lives in the field-secured w365_tokenstate column, and a lease in
 * w365_tokenleaseowner / w365_tokenleaseuntil keeps two workers from renewing at once.
 *
 * Lease: taken with an optimistic-concurrency PATCH (If-Match on the row's etag, so of two workers that
 * read the same free row only one succeeds); it expires on its own (a dead holder blocks nobody for
 * longer than its lease) and is extended by every write; released at the end (If-Match again, only
 * while it is still ours).
 *
 * Writes are compare-and-swap on the token state itself: a write succeeds only while the stored state
 * is still the one this holder last read or wrote. Other columns of the row (connectivity status, last
 * sync times) change under us all the time; a 412 caused by them is retried with the new etag. So a
 * holder whose lease ran out can still save a refresh token Ion has just issued (nobody else can have
 * renewed from the consumed one), yet can never overwrite a state someone else wrote in the meantime.
 *
 * Clocks: lease times are the workers' own clocks; they are assumed to agree within clockSkewInMs [I].
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Tables } from '../../solution/schema';
import { W365Error, isW365Error } from '../../common/errors';
import { TokenStoreErrorCodes, TokenStoreFailures } from '../providers/common/token-store';
import type { TokenStateAccess, TokenStore } from '../providers/types';
import { delay } from '../shared/abort';
import type { Logger } from '../shared/logger';
import type { Row } from './client';
import type { DataverseApi } from './api';
import { DataverseErrorCodes } from './errors';
import { updateRow, type Desired } from './intents';

const P = Tables.provider;
const COLUMNS = [P.col.tokenState, P.col.tokenLeaseOwner, P.col.tokenLeaseUntil] as const;

export interface DataverseTokenStoreOptions {
  /** Names the holder in w365_tokenleaseowner; default `<host>:<pid>`. Each lease adds a random suffix. */
  ownerName?: string;
  /** Lease life, renewed by every write. Default 120 000 ms: far above Ion's 30 s renewal deadline. */
  leaseDurationInMs?: number;
  /** How long to wait for a lease someone else holds. Default: lease life + skew + 15 s, so a dead holder's lease is always waited out. */
  maxWaitInMs?: number;
  /** How far two workers' clocks may disagree. Default 5 000 ms. */
  clockSkewInMs?: number;
  /** First wait between looks at a held lease; doubles up to 2 000 ms. Default 200 ms. */
  pollIntervalInMs?: number;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: Logger;
}

interface RowView {
  etag: string;
  state?: string;
  owner?: string;
  untilInMs?: number;
}

function view(row: Row): RowView {
  const until = row[P.col.tokenLeaseUntil];
  const state = row[P.col.tokenState];
  const owner = row[P.col.tokenLeaseOwner];
  return {
    etag: String(row['@odata.etag'] ?? ''),
    ...(typeof state === 'string' && state !== '' ? { state } : {}),
    ...(typeof owner === 'string' && owner !== '' ? { owner } : {}),
    ...(typeof until === 'string' && Number.isFinite(Date.parse(until)) ? { untilInMs: Date.parse(until) } : {}),
  };
}

function isConflict(err: unknown): boolean {
  return isW365Error(err) && err.code === DataverseErrorCodes.Concurrency;
}

export function createDataverseTokenStore(dv: DataverseApi, options: DataverseTokenStoreOptions = {}): TokenStore {
  return new DataverseTokenStore(dv, options);
}

export class DataverseTokenStore implements TokenStore {
  private readonly leaseInMs: number;
  private readonly skewInMs: number;
  private readonly maxWaitInMs: number;
  private readonly now: () => Date;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly ownerName: string;

  constructor(
    private readonly dv: DataverseApi,
    private readonly options: DataverseTokenStoreOptions = {},
  ) {
    this.leaseInMs = options.leaseDurationInMs ?? 120_000;
    this.skewInMs = options.clockSkewInMs ?? 5_000;
    this.maxWaitInMs = options.maxWaitInMs ?? this.leaseInMs + this.skewInMs + 15_000;
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? delay;
    this.ownerName = (options.ownerName ?? `${os.hostname()}:${process.pid}`).slice(0, 150);
  }

  private async get(providerId: string, signal?: AbortSignal): Promise<RowView> {
    const row = await this.dv.retrieve(P, providerId, COLUMNS, signal);
    if (!row)
      throw new W365Error(
        'PROVIDER_NOT_FOUND',
        `Provider ${providerId} does not exist (or this service cannot read it).`,
      );
    return view(row);
  }

  /** PATCH If-Match `etag`; returns the new row (return=representation), so the next write needs no read. */
  private async patch(providerId: string, etag: string, values: Row, signal?: AbortSignal): Promise<RowView> {
    const written = await this.dv.write(updateRow(P, providerId, { values: values as Desired['values'] }, { etag }), {
      signal,
      returnColumns: COLUMNS,
    });
    return view(written.row ?? {});
  }

  private leaseEnd(): string {
    return new Date(this.now().getTime() + this.leaseInMs).toISOString();
  }

  async withLease<T>(
    providerId: string,
    fn: (state: TokenStateAccess) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const leaseId = `${this.ownerName}#${randomUUID().slice(0, 8)}`;
    let current = await this.acquire(providerId, leaseId, signal);
    let base = current.state;
    const holds = (v: RowView) => v.owner === leaseId;
    const access: TokenStateAccess = {
      read: async () => {
        current = await this.get(providerId, signal);
        base = current.state;
        return base;
      },
      write: async (state: string) => {
        for (let attempt = 0; attempt < 8; attempt++) {
          const body: Row = { [P.col.tokenState]: state };
          if (holds(current)) body[P.col.tokenLeaseUntil] = this.leaseEnd();
          else
            this.options.logger?.warn(
              { providerId },
              'token state written after the lease ran out (compare-and-swap still applies)',
            );
          try {
            current = await this.patch(providerId, current.etag, body, signal);
            base = state;
            return;
          } catch (err) {
            if (!isConflict(err)) throw err;
          }
          current = await this.get(providerId, signal);
          // Our own earlier attempt landed (its answer was lost and the client retried): done.
          if (current.state === state) {
            base = state;
            return;
          }
          if (current.state !== base)
            throw new W365Error(TokenStoreErrorCodes.StateConflict, TokenStoreFailures.stateConflict, {
              retryable: true,
            });
          // Only other columns of the row changed: try again on the new etag.
        }
        throw new W365Error(TokenStoreErrorCodes.StateConflict, TokenStoreFailures.stateConflict, { retryable: true });
      },
    };
    try {
      return await fn(access);
    } finally {
      await this.release(providerId, leaseId, current).catch((err: unknown) => {
        // The lease ends on its own; a failed release only makes the next holder wait for that.
        this.options.logger?.warn({ err, providerId }, 'token lease could not be released; it expires by itself');
      });
    }
  }

  private async acquire(providerId: string, leaseId: string, signal?: AbortSignal): Promise<RowView> {
    const startedInMs = this.now().getTime();
    let waitInMs = this.options.pollIntervalInMs ?? 200;
    for (;;) {
      signal?.throwIfAborted();
      const row = await this.get(providerId, signal);
      const nowInMs = this.now().getTime();
      const free = !row.owner || row.untilInMs === undefined || row.untilInMs + this.skewInMs <= nowInMs;
      if (free) {
        try {
          const taken = await this.patch(
            providerId,
            row.etag,
            { [P.col.tokenLeaseOwner]: leaseId, [P.col.tokenLeaseUntil]: this.leaseEnd() },
            signal,
          );
          if (row.owner)
            this.options.logger?.info({ providerId, expiredHolder: row.owner }, 'took over an expired token lease');
          return taken;
        } catch (err) {
          // Someone else changed the row between our read and write: look again at once.
          if (isConflict(err)) continue;
          throw err;
        }
      }
      const waitedInMs = nowInMs - startedInMs;
      if (waitedInMs >= this.maxWaitInMs)
        throw new W365Error(TokenStoreErrorCodes.LeaseBusy, TokenStoreFailures.leaseBusy(waitedInMs), {
          retryable: true,
          details: { holder: row.owner },
        });
      await this.sleep(Math.min(waitInMs, this.maxWaitInMs - waitedInMs), signal);
      waitInMs = Math.min(waitInMs * 2, 2_000);
    }
  }

  private async release(providerId: string, leaseId: string, last: RowView): Promise<void> {
    let current = last;
    for (let attempt = 0; attempt < 5 && current.owner === leaseId; attempt++) {
      try {
        await this.patch(providerId, current.etag, { [P.col.tokenLeaseOwner]: null, [P.col.tokenLeaseUntil]: null });
        return;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      current = await this.get(providerId);
    }
  }
}
