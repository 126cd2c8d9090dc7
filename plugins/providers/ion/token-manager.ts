/**
 * The Ion token protocol. Ion refresh tokens are single-use and rotate on every renewal [C spec]: the
 * one that was just used is dead, and the only live one is in Ion's answer. Losing that answer locks the
 * partner out until an admin requests new credentials. So every renewal runs like this, holding the
 * provider's token lease (TokenStore, one worker at a time):
 *
 *  1. read the stored state; save any newer state this machine's journal holds (a run that died after
 *     Ion answered but before Dataverse had it); if the Password no longer matches the stored chain, the
 *     admin entered new credentials: start a new chain from it.
 *  2. a still-valid stored access token is used as it is (most runs stop here: no renewal at all).
 *  3. WRITE AHEAD: store the state with a `pending` marker (attempt id, time, worker) before calling Ion,
 *     so that whoever comes next knows a renewal may have consumed the stored refresh token.
 *  4. POST /oauth/token with the stored refresh token, bounded by a deadline well inside the lease.
 *  5. JOURNAL: the answer goes to the local fsync'd journal first (milliseconds),
 *  6. then to Dataverse (compare-and-swap on the state), and only then is the access token used.
 *
 * Crash points (what the next run sees, and does):
 *  - before 3: nothing changed; it renews normally.
 *  - after 3, before Ion got the request: a pending marker; it waits until the marker is stale (the dead
 *    worker's deadline has passed), then renews with the same token, which Ion still accepts.
 *  - after Ion consumed the token, before its answer reached us (network cut, kill): no client can close
 *    this window. The next run tries the token, Ion refuses it, and because a pending marker was there
 *    the chain is marked dead with reason "lost" and the admin is told to request new credentials.
 *  - after the answer arrived, before 5 (microseconds of parsing): the same residual window.
 *  - after 5, before 6 completed: the journal entry is saved to Dataverse by the next run on this
 *    machine (or a machine sharing the journal folder): no lockout.
 *  - after 6, before the access token was used: the next run uses the stored access token.
 *  - the request ended without Ion's verdict (timeout, reset, 5xx) and the process lives: the marker
 *    stays, marked ended (nobody waits for it, but a later refusal is known to be "lost"); when the
 *    request certainly never left (connection refused, TLS, URL policy) the marker is removed. A retry
 *    after an answer went missing is refused by Ion and reported as "lost" as well.
 *  - the lease holder dies at any point: its lease expires; the next holder proceeds as above.
 *  - two workers: the lease serialises them; the second finds the first's fresh access token and does
 *    not renew. Should leases ever overlap (clock skew), the compare-and-swap write lets only one write
 *    ahead from the same state, and the pending marker makes the other wait rather than reuse the token.
 * A dead chain fails every later run at once with the same message (no Ion call, no loop) until the
 * admin pastes new credentials, which starts a new chain. Verify Connectivity retries a dead chain once.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { delay } from '../../shared/abort';
import { W365Error, errorMessage } from '../../../common/errors';
import { HttpErrorCodes } from '../../shared/http';
import type { HttpClient } from '../../shared/http';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import type { RetryOptions } from '../../shared/retry';
import { UrlGuardErrorCodes } from '../../shared/url-guard';
import { SharedRequests } from '../common/request';
import type { TokenStateAccess, TokenStore } from '../types';
import { IonErrorCodes } from './errors';
import { renewWithRefreshToken, type RenewalOutcome } from './oauth';
import type { IonSettings } from './properties';
import { Failures } from './strings';
import type { TokenJournal } from './token-journal';
import {
  accessTokenUsable,
  decodeState,
  encodeState,
  lineageOf,
  seedState,
  type DeadMark,
  type IonTokenState,
} from './token-state';

const DAY_IN_MS = 86_400_000;

export interface TokenManagerDeps {
  http: HttpClient;
  redactor: Redactor;
  logger: Logger;
  now: () => Date;
  tokenStore?: TokenStore;
  journal: TokenJournal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface TokenManagerOptions {
  /** Renew this long before the access token expires. Default 300 000 ms (at most half its life). */
  refreshMarginInMs?: number;
  /** The whole budget of one renewal request, retries included. Default 30 000 ms; keep it far below the token store's lease. */
  renewalDeadlineInMs?: number;
  /** A pending marker younger than this may belong to a renewal still running. Default renewal deadline + 15 000 ms. */
  pendingStaleAfterInMs?: number;
  /** How often to look again while another worker's renewal may still be running. Default 1 000 ms. */
  pendingPollIntervalInMs?: number;
  /** Retries of the renewal request (the HTTP client's policy). Default 3 tries, waits of at most 5 s. */
  renewalRetry?: RetryOptions;
  /** Names this worker in the pending marker. Default `<host>:<pid>`. */
  workerName?: string;
}

export type TokenMode = 'normal' | 'verify';

export interface AccessTokenRequest {
  signal?: AbortSignal;
  /** verify: ignore the in-memory cache and retry a chain marked dead once. */
  mode?: TokenMode;
  /** An access token Ion has just refused: never hand it out again. */
  rejected?: string;
}

interface Cached {
  accessToken: string;
  lineage: string;
  renewAtInMs: number;
}

/** Transport failures after which a request certainly never reached Ion (no connection, no handshake). */
const NOT_DELIVERED = new Set<string>([
  HttpErrorCodes.Unreachable,
  HttpErrorCodes.Tls,
  UrlGuardErrorCodes.BlockedAddress,
  UrlGuardErrorCodes.InsecureScheme,
  UrlGuardErrorCodes.Invalid,
]);

/** Whether `err` (or an error it wraps) is one of NOT_DELIVERED. */
function neverSent(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_DELIVERED.has(code)) return true;
  }
  return false;
}

export class IonTokenManager {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new SharedRequests<string>();
  private readonly marginInMs: number;
  private readonly deadlineInMs: number;
  private readonly staleAfterInMs: number;
  private readonly workerName: string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(
    private readonly deps: TokenManagerDeps,
    private readonly options: TokenManagerOptions = {},
  ) {
    this.marginInMs = options.refreshMarginInMs ?? 300_000;
    this.deadlineInMs = options.renewalDeadlineInMs ?? 30_000;
    this.staleAfterInMs = options.pendingStaleAfterInMs ?? this.deadlineInMs + 15_000;
    this.workerName = (options.workerName ?? `${os.hostname()}:${process.pid}`).slice(0, 100);
    this.sleep = deps.sleep ?? delay;
  }

  /** A usable access token; renews (safely) only when the stored one will not do. */
  async accessToken(settings: IonSettings, request: AccessTokenRequest = {}): Promise<string> {
    this.deps.redactor.addSecret(settings.seedRefreshToken);
    const lineage = lineageOf(settings.seedRefreshToken);
    const key = settings.providerId;
    const cached = this.cache.get(key);
    if (cached && request.rejected === cached.accessToken) this.cache.delete(key);
    else if (
      cached &&
      request.mode !== 'verify' &&
      cached.lineage === lineage &&
      this.deps.now().getTime() < cached.renewAtInMs
    )
      return cached.accessToken;
    const pending = this.inFlight.current(key);
    if (pending && request.mode !== 'verify' && !request.rejected) return pending;
    const store = this.deps.tokenStore;
    if (!store) throw new W365Error(IonErrorCodes.TokenStoreMissing, Failures.tokenStoreMissing);
    return this.inFlight.start(key, () =>
      store.withLease(key, (access) => this.underLease(access, settings, request), request.signal),
    );
  }

  private remember(settings: IonSettings, state: IonTokenState): string {
    const token = state.accessToken as string;
    const expiresInMs = Date.parse(state.accessTokenExpiresAt as string);
    this.cache.set(settings.providerId, {
      accessToken: token,
      lineage: state.lineage,
      renewAtInMs: expiresInMs - this.marginInMs,
    });
    return token;
  }

  private decode(raw: string | undefined): IonTokenState | undefined {
    const decoded = decodeState(raw);
    if (decoded.kind === 'corrupt') {
      // Nothing in it can be trusted; the admin's token starts a new chain (if it was used already, Ion
      // says so and the admin is asked for new credentials).
      this.deps.logger.warn(
        "the stored Ion token state cannot be read; starting again from the provider's Refresh Token",
      );
      return undefined;
    }
    if (decoded.kind === 'empty') return undefined;
    this.deps.redactor.addToken(decoded.state.refreshToken);
    this.deps.redactor.addToken(decoded.state.accessToken);
    return decoded.state;
  }

  private async underLease(
    access: TokenStateAccess,
    settings: IonSettings,
    request: AccessTokenRequest,
  ): Promise<string> {
    const lineage = lineageOf(settings.seedRefreshToken);
    let state = await this.recoverFromJournal(access, settings, this.decode(await access.read()), lineage);
    for (;;) {
      const now = this.deps.now();
      if (!state || state.lineage !== lineage) {
        if (state)
          this.deps.logger.info(
            'a new Ion refresh token was entered on the provider; it replaces the stored token chain',
          );
        state = seedState(settings.seedRefreshToken, now);
      }
      if (state.dead && request.mode !== 'verify') throw deadError(state.dead, state, false);
      if (!state.dead && state.accessToken !== request.rejected && accessTokenUsable(state, now, this.marginInMs))
        return this.remember(settings, state);
      const marker = state.pending;
      if (marker && !marker.endedAt && now.getTime() - Date.parse(marker.startedAt) < this.staleAfterInMs) {
        // Another worker's renewal may still be running (its lease ran out, it did not): wait for it to
        // finish or go stale, never reuse its refresh token alongside it.
        await this.sleep(Math.min(this.options.pendingPollIntervalInMs ?? 1_000, this.staleAfterInMs), request.signal);
        state = this.decode(await access.read());
        continue;
      }
      return this.renew(access, settings, state, request);
    }
  }

  /** Save a journaled state that is newer than the stored one; drop journal entries that are not. */
  private async recoverFromJournal(
    access: TokenStateAccess,
    settings: IonSettings,
    state: IonTokenState | undefined,
    lineage: string,
  ): Promise<IonTokenState | undefined> {
    const entries = await this.deps.journal.entries(settings.providerId);
    if (!entries.length) return state;
    const chain = state?.lineage ?? lineage;
    const newer = entries
      .filter((e) => e.lineage === chain && e.generation > (state?.generation ?? -1))
      .sort((a, b) => b.generation - a.generation)[0];
    let result = state;
    if (newer) {
      const recovered = this.decode(newer.state);
      if (recovered) {
        await access.write(newer.state);
        this.deps.logger.warn(
          { generation: newer.generation, writtenAt: newer.writtenAt },
          'saved an Ion token renewal from the local journal that an earlier run could not store',
        );
        result = recovered;
      }
    }
    for (const e of entries) await this.deps.journal.remove(settings.providerId, e.attemptId);
    return result;
  }

  private async renew(
    access: TokenStateAccess,
    settings: IonSettings,
    state: IonTokenState,
    request: AccessTokenRequest,
  ): Promise<string> {
    const attemptId = randomUUID();
    const startedAt = this.deps.now().toISOString();
    const ahead: IonTokenState = { ...state, pending: { attemptId, startedAt, worker: this.workerName } };
    await access.write(encodeState(ahead));
    const { outcome, retried } = await this.callIon(access, settings, state, ahead, request);
    if (outcome.kind === 'refused') {
      const lostAt = state.pending?.startedAt ?? (retried ? startedAt : undefined);
      return this.refused(access, settings, state, outcome, lostAt);
    }
    return this.store(access, settings, state, outcome, attemptId);
  }

  /** The one call that consumes the refresh token, under the renewal deadline. */
  private async callIon(
    access: TokenStateAccess,
    settings: IonSettings,
    state: IonTokenState,
    ahead: IonTokenState,
    request: AccessTokenRequest,
  ): Promise<{ outcome: RenewalOutcome; retried: boolean }> {
    const deadline = AbortSignal.timeout(this.deadlineInMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    let retried = false;
    const retry = this.options.renewalRetry ?? { maxTries: 3, maxRetryDelayInMs: 5_000 };
    try {
      const outcome = await renewWithRefreshToken(
        { http: this.deps.http, redactor: this.deps.redactor },
        settings.tokenUrl,
        state.refreshToken,
        {
          signal,
          timeoutInMs: this.deadlineInMs,
          retry: {
            ...retry,
            onRetry: (info) => {
              retried = true;
              retry.onRetry?.(info);
            },
          },
        },
      );
      return { outcome, retried };
    } catch (err) {
      // After a retry, an earlier attempt may have reached Ion even if the last one never left.
      await this.settleWithoutVerdict(access, ahead, !retried && neverSent(err));
      if (request.signal?.aborted) throw err;
      if (deadline.aborted)
        throw new W365Error(IonErrorCodes.Timeout, Failures.timeout('End Point URL', new URL(settings.tokenUrl).host), {
          cause: err,
          retryable: true,
        });
      throw err;
    }
  }

  /**
   * Ion refused the refresh token. Before blaming the chain: a worker whose lease ran out may have
   * stored a newer state meanwhile. Otherwise the chain is dead: "lost" when an earlier attempt (an
   * interrupted run, or a retry of this one after its answer went missing) may have consumed the token,
   * "rejected" when it was refused the first time we tried it.
   */
  private async refused(
    access: TokenStateAccess,
    settings: IonSettings,
    state: IonTokenState,
    outcome: Extract<RenewalOutcome, { kind: 'refused' }>,
    lostAt: string | undefined,
  ): Promise<string> {
    const latest = this.decode(await access.read());
    if (
      latest &&
      latest.lineage === state.lineage &&
      latest.generation > state.generation &&
      !latest.dead &&
      latest.accessToken
    )
      return this.remember(settings, latest);
    const dead: DeadMark = {
      at: this.deps.now().toISOString(),
      reason: lostAt ? 'lost' : 'rejected',
      detail: outcome.detail,
    };
    const { pending: _pending, accessToken: _a, accessTokenExpiresAt: _e, ...rest } = state;
    await access.write(encodeState({ ...rest, dead }));
    this.deps.logger.error(
      { reason: dead.reason, status: outcome.status },
      'Ion refused the stored refresh token; the admin must request new credentials',
    );
    throw deadError(dead, state, true, lostAt);
  }

  /** A new token pair: journaled first, then stored in Dataverse, and only then used. */
  private async store(
    access: TokenStateAccess,
    settings: IonSettings,
    state: IonTokenState,
    outcome: Extract<RenewalOutcome, { kind: 'issued' }>,
    attemptId: string,
  ): Promise<string> {
    const now = this.deps.now();
    const next: IonTokenState = {
      v: state.v,
      lineage: state.lineage,
      generation: state.generation + 1,
      // An answer without a refresh_token is taken to mean the old one stays valid [I: never seen].
      refreshToken: outcome.refreshToken ?? state.refreshToken,
      refreshTokenIssuedAt: outcome.refreshToken ? now.toISOString() : state.refreshTokenIssuedAt,
      accessToken: outcome.accessToken,
      accessTokenExpiresAt: new Date(now.getTime() + outcome.expiresInSeconds * 1000).toISOString(),
    };
    const encoded = encodeState(next);
    const journaled = await this.deps.journal
      .record({
        providerId: settings.providerId,
        attemptId,
        lineage: next.lineage,
        generation: next.generation,
        state: encoded,
        writtenAt: now.toISOString(),
      })
      .catch(() => ({ durable: false }));
    if (!journaled.durable)
      this.deps.logger.warn(
        'the Ion token journal is not on disk: a crash before the next step would need new credentials',
      );
    try {
      await access.write(encoded);
    } catch (err) {
      // The journal keeps it; the next run saves it. The access token is not used before then.
      throw new W365Error(
        IonErrorCodes.TokenNotSaved,
        Failures.tokenNotSaved(this.deps.redactor.redactString(errorMessage(err))),
        { cause: err, retryable: true },
      );
    }
    await this.deps.journal.remove(settings.providerId, attemptId);
    this.deps.logger.info({ generation: next.generation }, 'Ion token renewed and stored');
    return this.remember(settings, next);
  }

  /**
   * The renewal ended without Ion's verdict. When the request certainly never left, the marker goes;
   * otherwise it stays, marked ended, so nobody waits for it but a later refusal is known to be "lost".
   */
  private async settleWithoutVerdict(
    access: TokenStateAccess,
    ahead: IonTokenState,
    certainlyNotSent: boolean,
  ): Promise<void> {
    const { pending, ...rest } = ahead;
    const settled: IonTokenState =
      certainlyNotSent || !pending
        ? rest
        : { ...rest, pending: { ...pending, endedAt: this.deps.now().toISOString() } };
    try {
      await access.write(encodeState(settled));
    } catch (writeErr) {
      // The marker stays as it was: a later run waits for it to go stale, which is only slower.
      this.deps.logger.warn({ err: writeErr }, 'could not settle the Ion renewal marker');
    }
  }
}

/**
 * The error of a dead chain. `fresh`: Ion has just refused (explain what happened); otherwise the chain
 * was found dead in the store (say since when, and why).
 */
function deadError(dead: DeadMark, state: IonTokenState, fresh: boolean, interruptedAt?: string): W365Error {
  const issuedDaysAgo = Math.floor((Date.parse(dead.at) - Date.parse(state.refreshTokenIssuedAt)) / DAY_IN_MS);
  const message = !fresh
    ? Failures.refreshDead(dead.at, dead.reason === 'lost' ? Failures.deadWhyLost : Failures.deadWhyRejected)
    : dead.reason === 'lost'
      ? Failures.refreshLost(interruptedAt ?? dead.at, dead.detail)
      : Failures.refreshRejected(dead.detail, issuedDaysAgo);
  return new W365Error(IonErrorCodes.CredentialsRejected, message, {
    details: { target: 'token', ionTokenChain: dead.reason },
  });
}
