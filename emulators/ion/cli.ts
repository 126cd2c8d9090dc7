/**
 * The options of `w365 sandbox ion` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { IonFaultRule, IonFaults } from './faults';
import { startIonSandbox, type IonSandbox, type IonSandboxOptions } from './server';

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return n;
}

/** A count (1 or more) or a fraction (below 1). */
function amount(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a count (e.g. 5) or a fraction (e.g. 0.01).');
  return n;
}

const KINDS = ['token', 'customers', 'profiles', 'subscriptions', 'api', 'any'] as const;
function kind(value: string): IonFaultRule['kind'] {
  if (!(KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}.`);
  return value as IonFaultRule['kind'];
}

export interface IonCliOptions {
  port: number;
  host: string;
  seed: string;
  customers: number;
  subscriptionsPerCustomer: number;
  latencyMs: number;
  accountId?: string;
  refreshToken?: string;
  currency?: string;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  revokeChainOnReuse: boolean;
  throttleEvery?: number;
  throttleFirst?: number;
  throttleKind?: IonFaultRule['kind'];
  retryAfter: number;
  errorEvery?: number;
  errorFirst?: number;
  errorKind?: IonFaultRule['kind'];
  errorStatus: number;
  slowMs?: number;
  slowKind?: IonFaultRule['kind'];
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  rejectRefreshTokens?: boolean;
  rejectAccount?: boolean;
  dropTokenAnswers?: number;
}

export function addIonSandboxOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port to listen on (0 picks a free one)', wholeNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <s>', 'seed of the generated data and account id', '1')
    .option('--customers <n>', 'customers to generate', wholeNumber, 30)
    .option('--subscriptions-per-customer <n>', 'mean Microsoft licence lines per customer', wholeNumber, 5)
    .option('--latency-ms <n>', 'delay added to every API request', wholeNumber, 0)
    .option('--account-id <id>', 'the reseller account id (default: derived from the seed)')
    .option('--refresh-token <token>', 'the first refresh token to issue (default: a random one)')
    .option('--currency <code>', 'currency of the subscription lines (default USD)')
    .option('--access-token-ttl <s>', 'access token lifetime in seconds (default 7200)', positive)
    .option('--refresh-token-ttl <s>', 'refresh token lifetime in seconds (default 32 days)', positive)
    .option('--no-revoke-chain-on-reuse', 'a reused refresh token is only refused, its descendants stay valid')
    .option('--throttle-every <n>', 'answer every Nth request with 429', positive)
    .option('--throttle-first <n>', 'answer the first N requests with 429', positive)
    .option('--throttle-kind <kind>', `which requests throttling counts (${KINDS.join('|')})`, kind)
    .option('--retry-after <s>', 'Retry-After seconds sent with 429', wholeNumber, 1)
    .option('--error-every <n>', 'answer every Nth request with a server error', positive)
    .option('--error-first <n>', 'answer the first N requests with a server error', positive)
    .option('--error-kind <kind>', `which requests server errors count (${KINDS.join('|')})`, kind)
    .option('--error-status <code>', 'HTTP status of injected server errors', wholeNumber, 500)
    .option('--slow-ms <n>', 'extra delay for every request of --slow-kind', wholeNumber)
    .option('--slow-kind <kind>', `which requests are slow (${KINDS.join('|')})`, kind)
    .option('--malformed-customers <x>', 'customers served malformed: a count or a fraction', amount)
    .option('--malformed-subscriptions <x>', 'subscription lines served malformed: a count or a fraction', amount)
    .option('--reject-refresh-tokens', "the token endpoint refuses every refresh token with Ion's error body")
    .option('--reject-account', 'the API refuses the account with 403 PERMISSION_DENIED')
    .option('--drop-token-answers <n>', 'the next N renewals consume the refresh token, then drop the connection', positive);
}

export function ionFaultsFromCli(o: IonCliOptions): IonFaults {
  const faults: IonFaults = {};
  if (o.throttleEvery || o.throttleFirst) {
    faults.throttle = { retryAfterSeconds: o.retryAfter, ...(o.throttleKind ? { kind: o.throttleKind } : {}), ...(o.throttleEvery ? { everyNth: o.throttleEvery } : {}), ...(o.throttleFirst ? { firstN: o.throttleFirst } : {}) };
  }
  if (o.errorEvery || o.errorFirst) {
    faults.serverError = { status: o.errorStatus, ...(o.errorKind ? { kind: o.errorKind } : {}), ...(o.errorEvery ? { everyNth: o.errorEvery } : {}), ...(o.errorFirst ? { firstN: o.errorFirst } : {}) };
  }
  if (o.slowMs) faults.slow = { delayInMs: o.slowMs, always: true, ...(o.slowKind ? { kind: o.slowKind } : {}) };
  if (o.malformedCustomers) faults.malformedCustomers = o.malformedCustomers;
  if (o.malformedSubscriptions) faults.malformedSubscriptions = o.malformedSubscriptions;
  if (o.rejectRefreshTokens) faults.rejectRefreshTokens = true;
  if (o.rejectAccount) faults.rejectAccount = true;
  if (o.dropTokenAnswers) faults.dropTokenAnswers = o.dropTokenAnswers;
  return faults;
}

export function startIonSandboxFromCli(o: IonCliOptions): Promise<IonSandbox> {
  const options: IonSandboxOptions = {
    port: o.port,
    host: o.host,
    seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed,
    customers: o.customers,
    subscriptionsPerCustomer: o.subscriptionsPerCustomer,
    latencyInMs: o.latencyMs,
    faults: ionFaultsFromCli(o),
    revokeChainOnReuse: o.revokeChainOnReuse,
    ...(o.accountId ? { accountId: o.accountId } : {}),
    ...(o.refreshToken ? { initialRefreshToken: o.refreshToken } : {}),
    ...(o.currency ? { currencyCode: o.currency.toUpperCase() } : {}),
    ...(o.accessTokenTtl ? { accessTokenTtlInSeconds: o.accessTokenTtl } : {}),
    ...(o.refreshTokenTtl ? { refreshTokenTtlInSeconds: o.refreshTokenTtl } : {}),
  };
  return startIonSandbox(options);
}
