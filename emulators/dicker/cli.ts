/**
 * The options of `w365 sandbox dicker` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { DickerFaultRule, DickerFaults } from './faults';
import { startDickerSandbox, type DickerSandbox, type DickerSandboxOptions } from './server';

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more.');
  return Number(value);
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number, 1 or more.');
  return n;
}

function amount(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a count (e.g. 5) or a fraction (e.g. 0.01).');
  return n;
}

const KINDS = ['accessKey', 'feed', 'any'] as const;
function kind(value: string): DickerFaultRule['kind'] {
  if (!(KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}.`);
  return value as DickerFaultRule['kind'];
}

export interface DickerCliOptions {
  port: number;
  host: string;
  seed: string;
  tenants: number;
  linesPerTenant: number;
  latencyMs: number;
  accountCode?: string;
  accessToken?: string;
  accessKeyTtl?: number;
  currency?: string;
  throttleEvery?: number;
  throttleFirst?: number;
  throttleKind?: DickerFaultRule['kind'];
  retryAfter: number;
  errorEvery?: number;
  errorFirst?: number;
  errorKind?: DickerFaultRule['kind'];
  errorStatus: number;
  slowMs?: number;
  malformedLines?: number;
  rejectCredentials?: boolean;
}

export function addDickerSandboxOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port to listen on (0 picks a free one)', wholeNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <s>', 'seed of the generated data and credentials', '1')
    .option('--tenants <n>', 'tenants (customers) to generate', wholeNumber, 20)
    .option('--lines-per-tenant <n>', 'mean licence lines per tenant', wholeNumber, 4)
    .option('--latency-ms <n>', 'delay added to every request', wholeNumber, 0)
    .option('--account-code <code>', 'account code to accept (default: derived from the seed)')
    .option('--access-token <token>', 'access token to accept (default: derived from the seed)')
    .option('--access-key-ttl <s>', 'access key lifetime in seconds (default 3600)', positive)
    .option('--currency <code>', 'the currency code the provider should be set up with (default AUD)')
    .option('--throttle-every <n>', 'answer every Nth request with 429', positive)
    .option('--throttle-first <n>', 'answer the first N requests with 429', positive)
    .option('--throttle-kind <kind>', `which requests throttling counts (${KINDS.join('|')})`, kind)
    .option('--retry-after <s>', 'Retry-After seconds sent with 429', wholeNumber, 1)
    .option('--error-every <n>', 'answer every Nth request with a server error', positive)
    .option('--error-first <n>', 'answer the first N requests with a server error', positive)
    .option('--error-kind <kind>', `which requests server errors count (${KINDS.join('|')})`, kind)
    .option('--error-status <code>', 'HTTP status of injected server errors', wholeNumber, 500)
    .option('--slow-ms <n>', 'extra delay for every feed request', wholeNumber)
    .option('--malformed-lines <x>', 'feed lines served malformed: a count or a fraction', amount)
    .option('--reject-credentials', 'the handshake refuses every account code and access token');
}

export function dickerFaultsFromCli(o: DickerCliOptions): DickerFaults {
  const faults: DickerFaults = {};
  if (o.throttleEvery || o.throttleFirst) {
    faults.throttle = { retryAfterSeconds: o.retryAfter, ...(o.throttleKind ? { kind: o.throttleKind } : {}), ...(o.throttleEvery ? { everyNth: o.throttleEvery } : {}), ...(o.throttleFirst ? { firstN: o.throttleFirst } : {}) };
  }
  if (o.errorEvery || o.errorFirst) {
    faults.serverError = { status: o.errorStatus, ...(o.errorKind ? { kind: o.errorKind } : {}), ...(o.errorEvery ? { everyNth: o.errorEvery } : {}), ...(o.errorFirst ? { firstN: o.errorFirst } : {}) };
  }
  if (o.slowMs) faults.slow = { delayInMs: o.slowMs, always: true };
  if (o.malformedLines) faults.malformedLines = o.malformedLines;
  if (o.rejectCredentials) faults.rejectCredentials = true;
  return faults;
}

export function startDickerSandboxFromCli(o: DickerCliOptions): Promise<DickerSandbox> {
  const options: DickerSandboxOptions = {
    port: o.port,
    host: o.host,
    seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed,
    tenants: o.tenants,
    linesPerTenant: o.linesPerTenant,
    latencyInMs: o.latencyMs,
    faults: dickerFaultsFromCli(o),
    ...(o.accountCode ? { accountCode: o.accountCode } : {}),
    ...(o.accessToken ? { accessToken: o.accessToken } : {}),
    ...(o.accessKeyTtl ? { accessKeyTtlInSeconds: o.accessKeyTtl } : {}),
    ...(o.currency ? { currencyCode: o.currency.toUpperCase() } : {}),
  };
  return startDickerSandbox(options);
}
