/// <reference types="xrm" />
import type { Gzip } from './compress';
/**
 * What the commands need from the platform, passed in rather than read from globals: the parts of
 * `Xrm` they call, a clock and a sleep. The entry points hand in the real `Xrm`, `Date.now` and
 * `setTimeout`; tests hand in xrm-mock with a fake Web API and a virtual clock, so a three-minute
 * timeout takes no time at all.
 */
export interface RibbonXrm {
  readonly WebApi: Pick<Xrm.WebApi, 'createRecord' | 'retrieveRecord' | 'retrieveMultipleRecords' | 'updateRecord'>;
  readonly Utility: Pick<Xrm.Utility, 'showProgressIndicator' | 'closeProgressIndicator'>;
  readonly Navigation: Pick<Xrm.Navigation, 'openAlertDialog' | 'openConfirmDialog' | 'openForm'>;
  /** The platform's file picker (Import Invoice); absent where a client does not offer it. */
  readonly Device?: Pick<Xrm.Device, 'pickFile'>;
  /** The app notification bar (Unified Interface); absent in older clients. */
  readonly App?: Pick<Xrm.App, 'addGlobalNotification' | 'clearGlobalNotification'>;
}

export interface CommandDeps {
  readonly xrm: RibbonXrm;
  /** Gzip for a large upload (Import Invoice); absent where the browser has none. */
  readonly gzip?: Gzip;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly sleep: (delayInMs: number) => Promise<void>;
}

export interface PollPolicy {
  /** First wait before reading the job again. */
  readonly initialDelayInMs: number;
  /** Longest wait between two reads. */
  readonly maxDelayInMs: number;
  /** Each wait is the previous one times this. */
  readonly growthFactor: number;
  /** Stop following the job after this long (the job itself keeps running). */
  readonly timeoutInMs: number;
  /** Give up after this many failed reads in a row (a network blip is not a reason to stop). */
  readonly maxConsecutiveFailures: number;
}

/** Ribbon default when the IntParameter is missing (RIBBON POLL_TIMEOUT_IN_SECONDS is the same). */
export const DEFAULT_POLL_TIMEOUT_IN_SECONDS = 180;

export function pollPolicy(timeoutInSeconds?: unknown): PollPolicy {
  const seconds =
    typeof timeoutInSeconds === 'number' && Number.isFinite(timeoutInSeconds) && timeoutInSeconds > 0
      ? timeoutInSeconds
      : DEFAULT_POLL_TIMEOUT_IN_SECONDS;
  return {
    initialDelayInMs: 1000,
    maxDelayInMs: 5000,
    growthFactor: 1.5,
    timeoutInMs: seconds * 1000,
    maxConsecutiveFailures: 3,
  };
}

/** The real platform, read when a command runs (Dynamics loads the library before `Xrm` may be complete). */
export function platformDeps(): CommandDeps {
  return {
    xrm: Xrm,
    now: () => Date.now(),
    sleep: (delayInMs) => new Promise((resolve) => setTimeout(resolve, delayInMs)),
  };
}
