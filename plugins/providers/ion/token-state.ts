/**
 * The Ion token state as it is stored (JSON) in the provider's field-secured w365_tokenstate column:
 * the live refresh token and its generation, the current access token, the write-ahead marker of a
 * renewal in flight, and the "dead" mark once Ion refused the chain. Pure: encode, decode, seed.
 */
import { createHash } from 'node:crypto';

export const TOKEN_STATE_VERSION = 1;

export interface PendingRenewal {
  /** Names this attempt; the local journal entry of its answer carries the same id. */
  attemptId: string;
  /** ISO time the attempt was written ahead. */
  startedAt: string;
  /** Which worker made it (host and process), for the admin's message and the log. */
  worker: string;
  /** Set when the attempt ended without Ion's verdict: nobody need wait for it, but it may have consumed the token. */
  endedAt?: string;
}

export interface DeadMark {
  at: string;
  /** rejected: Ion refused a token we had not tried before; lost: an interrupted renewal consumed it. */
  reason: 'rejected' | 'lost';
  /** Ion's error text (redacted), for the message. */
  detail: string;
}

export interface IonTokenState {
  v: typeof TOKEN_STATE_VERSION;
  /**
   * Which admin-entered refresh token this chain grew from (sha256, hex): when the Password no longer
   * hashes to it, the admin has pasted new credentials and the chain is replaced.
   */
  lineage: string;
  /** 0 for the admin's token; +1 with every renewal. Orders journal entries against the stored state. */
  generation: number;
  refreshToken: string;
  refreshTokenIssuedAt: string;
  accessToken?: string;
  accessTokenExpiresAt?: string;
  pending?: PendingRenewal;
  dead?: DeadMark;
}

export function lineageOf(seedRefreshToken: string): string {
  return createHash('sha256').update(`w365-ion-lineage\u0000${seedRefreshToken}`).digest('hex');
}

/** The state before the first renewal: the admin's refresh token, no access token yet. */
export function seedState(seedRefreshToken: string, now: Date): IonTokenState {
  return {
    v: TOKEN_STATE_VERSION,
    lineage: lineageOf(seedRefreshToken),
    generation: 0,
    refreshToken: seedRefreshToken,
    refreshTokenIssuedAt: now.toISOString(),
  };
}

export function encodeState(state: IonTokenState): string {
  return JSON.stringify(state);
}

function isIso(v: unknown): v is string {
  return typeof v === 'string' && Number.isFinite(Date.parse(v));
}

export type DecodedState = { kind: 'empty' } | { kind: 'ok'; state: IonTokenState } | { kind: 'corrupt' };

/** Read the stored text; anything that is not a state we wrote is 'corrupt', never guessed at. */
export function decodeState(raw: string | undefined): DecodedState {
  if (raw === undefined || raw.trim() === '') return { kind: 'empty' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'corrupt' };
  }
  if (typeof json !== 'object' || json === null) return { kind: 'corrupt' };
  const s = json as Record<string, unknown>;
  const ok =
    s.v === TOKEN_STATE_VERSION &&
    typeof s.lineage === 'string' &&
    Number.isInteger(s.generation) &&
    (s.generation as number) >= 0 &&
    typeof s.refreshToken === 'string' &&
    s.refreshToken.length > 0 &&
    isIso(s.refreshTokenIssuedAt) &&
    (s.accessToken === undefined || typeof s.accessToken === 'string') &&
    (s.accessTokenExpiresAt === undefined || isIso(s.accessTokenExpiresAt));
  if (!ok) return { kind: 'corrupt' };
  return { kind: 'ok', state: s as unknown as IonTokenState };
}

/** Whether the stored access token is still good for at least `marginInMs`. */
export function accessTokenUsable(state: IonTokenState, now: Date, marginInMs: number): boolean {
  if (!state.accessToken || !state.accessTokenExpiresAt) return false;
  return Date.parse(state.accessTokenExpiresAt) - now.getTime() > marginInMs;
}
