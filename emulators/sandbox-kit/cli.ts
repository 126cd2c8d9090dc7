/**
 * The command-line options every `w365 sandbox NAME` shares, and their parsers: where to listen, the
 * seed, and the counted faults (throttling and server errors). Each sandbox's cli.ts adds its own
 * options around these and turns the whole into its sandbox options; scripts/commands/sandbox.ts owns
 * starting, the ready line and signals.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { CountRule } from './faults';

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

export function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return n;
}

/** A count (1 or more) or a fraction (below 1). */
export function amount(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a count (e.g. 5) or a fraction (e.g. 0.01).');
  return n;
}

export function pageList(value: string): number[] {
  const pages = value.split(',').map((p) => p.trim());
  if (pages.some((p) => !/^\d+$/.test(p) || Number(p) < 1))
    throw new InvalidArgumentError('expected page numbers such as 2,3.');
  return pages.map(Number);
}

/** A parser that accepts one of `kinds` (the request kinds a fault rule can count). */
export function oneOf<K extends string>(kinds: readonly K[]): (value: string) => K {
  return (value) => {
    if (!(kinds as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${kinds.join(', ')}.`);
    return value as K;
  };
}

export interface ListenCliOptions {
  port: number;
  host: string;
}

/** The sandbox options every CLI passes on: where to listen, the seed and the latency. */
export function commonSandboxOptions(o: ListenCliOptions & { seed: string; latencyMs: number }): {
  port: number;
  host: string;
  seed: string | number;
  latencyInMs: number;
} {
  // The seed as given, but a number when it is all digits (so --seed 7 gives the data of seed 7).
  return { port: o.port, host: o.host, seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed, latencyInMs: o.latencyMs };
}

export function addListenOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port to listen on (0 picks a free one)', wholeNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1');
}

export interface CountedFaultCliOptions<K extends string> {
  throttleEvery?: number;
  throttleFirst?: number;
  throttleKind?: K;
  retryAfter: number;
  errorEvery?: number;
  errorFirst?: number;
  /** Only where requests have page numbers (addCountedFaultOptions with `errorPages`). */
  errorPages?: number[];
  errorKind?: K;
  errorStatus: number;
}

/**
 * --throttle-every/-first/-kind, --retry-after, --error-every/-first/-kind/-status (and --error-pages
 * when `errorPages`). `what` names the requests the counts are of ("API request", "request").
 */
export function addCountedFaultOptions<K extends string>(
  command: Command,
  kinds: readonly K[],
  what: string,
  options: { errorPages?: boolean } = {},
): Command {
  const kind = oneOf(kinds);
  command
    .option('--throttle-every <n>', `answer every Nth ${what} with 429`, positive)
    .option('--throttle-first <n>', `answer the first N ${what}s with 429`, positive)
    .option('--throttle-kind <kind>', `which requests throttling counts (${kinds.join('|')})`, kind)
    .option('--retry-after <s>', 'Retry-After seconds sent with 429', wholeNumber, 1)
    .option('--error-every <n>', `answer every Nth ${what} with a server error`, positive)
    .option('--error-first <n>', `answer the first N ${what}s with a server error`, positive);
  if (options.errorPages)
    command.option('--error-pages <list>', 'always fail these page numbers (e.g. 3 or 2,5)', pageList);
  return command
    .option('--error-kind <kind>', `which requests server errors count (${kinds.join('|')})`, kind)
    .option('--error-status <code>', 'HTTP status of injected server errors', wholeNumber, 500);
}

type CliRule<K> = CountRule & { kind?: K; pages?: number[] };

export interface CountedFaultsFromCli<K> {
  throttle?: CliRule<K> & { retryAfterSeconds: number };
  serverError?: CliRule<K> & { status: number };
}

/** The throttle and server error faults the options ask for (none when they ask for none). */
export function countedFaultsFromCli<K extends string>(o: CountedFaultCliOptions<K>): CountedFaultsFromCli<K> {
  const faults: CountedFaultsFromCli<K> = {};
  if (o.throttleEvery || o.throttleFirst) {
    faults.throttle = {
      retryAfterSeconds: o.retryAfter,
      ...(o.throttleKind ? { kind: o.throttleKind } : {}),
      ...(o.throttleEvery ? { everyNth: o.throttleEvery } : {}),
      ...(o.throttleFirst ? { firstN: o.throttleFirst } : {}),
    };
  }
  if (o.errorEvery || o.errorFirst || o.errorPages) {
    faults.serverError = {
      status: o.errorStatus,
      ...(o.errorKind ? { kind: o.errorKind } : {}),
      ...(o.errorEvery ? { everyNth: o.errorEvery } : {}),
      ...(o.errorFirst ? { firstN: o.errorFirst } : {}),
      // A page listed without a count fails every time (a page that keeps failing).
      ...(o.errorPages ? { pages: o.errorPages, ...(o.errorEvery || o.errorFirst ? {} : { always: true }) } : {}),
    };
  }
  return faults;
}
