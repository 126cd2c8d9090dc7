/**
 * The options of `w365 sandbox techdata` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { FaultRule, TechDataFaults } from './faults';
import { startTechDataSandbox, type TechDataSandbox, type TechDataSandboxOptions } from './server';

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

function pageList(value: string): number[] {
  const pages = value.split(',').map((p) => p.trim());
  if (pages.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw new InvalidArgumentError('expected page numbers such as 2,3.');
  return pages.map(Number);
}

const KINDS = ['token', 'customers', 'subscriptions', 'api', 'any'] as const;
function kind(value: string): FaultRule['kind'] {
  if (!(KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${KINDS.join(', ')}.`);
  return value as FaultRule['kind'];
}

export interface TechDataCliOptions {
  port: number;
  host: string;
  customers: number;
  seed: string;
  subscriptionsPerCustomer: number;
  pageSize: number;
  latencyMs: number;
  currency?: string;
  tokenTtl?: number;
  apiBasePath?: string;
  clientId?: string;
  clientSecret?: string;
  soin?: string;
  throttleEvery?: number;
  throttleFirst?: number;
  throttleKind?: FaultRule['kind'];
  retryAfter: number;
  errorEvery?: number;
  errorFirst?: number;
  errorPages?: number[];
  errorKind?: FaultRule['kind'];
  errorStatus: number;
  slowPageMs?: number;
  slowPages?: number[];
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  rejectCredentials?: boolean;
  rejectSoin?: boolean;
}

export function addTechDataSandboxOptions(command: Command): Command {
  return command
    .option('--port <n>', 'port to listen on (0 picks a free one)', wholeNumber, 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--customers <n>', 'end customers to generate', wholeNumber, 50)
    .option('--seed <s>', 'seed of the generated data and credentials', '1')
    .option('--subscriptions-per-customer <n>', 'mean subscriptions per customer', wholeNumber, 10)
    .option('--page-size <n>', 'records per page', positive, 100)
    .option('--latency-ms <n>', 'delay added to every API page request', wholeNumber, 0)
    .option('--currency <code>', 'the currency code the provider should be set up with (default USD)')
    .option('--token-ttl <s>', 'access token lifetime in seconds (default 7200)', positive)
    .option('--api-base-path <path>', 'serve the partner API under this path instead of the root')
    .option('--client-id <id>', 'client id to accept (default: derived from the seed)')
    .option('--client-secret <secret>', 'client secret to accept (default: derived from the seed)')
    .option('--soin <soin>', 'SOIN to accept (default: derived from the seed)')
    .option('--throttle-every <n>', 'answer every Nth API request with 429', positive)
    .option('--throttle-first <n>', 'answer the first N API requests with 429', positive)
    .option('--throttle-kind <kind>', `which requests throttling counts (${KINDS.join('|')})`, kind)
    .option('--retry-after <s>', 'Retry-After seconds sent with 429', wholeNumber, 1)
    .option('--error-every <n>', 'answer every Nth API request with a server error', positive)
    .option('--error-first <n>', 'answer the first N API requests with a server error', positive)
    .option('--error-pages <list>', 'always fail these page numbers (e.g. 3 or 2,5)', pageList)
    .option('--error-kind <kind>', `which requests server errors count (${KINDS.join('|')})`, kind)
    .option('--error-status <code>', 'HTTP status of injected server errors', wholeNumber, 500)
    .option('--slow-page-ms <n>', 'extra delay for slow pages (all pages unless --slow-pages)', wholeNumber)
    .option('--slow-pages <list>', 'page numbers that are slow', pageList)
    .option('--malformed-customers <x>', 'customers served malformed: a count or a fraction', amount)
    .option('--malformed-subscriptions <x>', 'subscriptions served malformed: a count or a fraction', amount)
    .option('--reject-credentials', 'the token endpoint refuses every client id and secret')
    .option('--reject-soin', "the API refuses the SOIN with TechData's failure envelope");
}

export function techDataFaultsFromCli(o: TechDataCliOptions): TechDataFaults {
  const faults: TechDataFaults = {};
  if (o.throttleEvery || o.throttleFirst) {
    faults.throttle = { retryAfterSeconds: o.retryAfter, ...(o.throttleKind ? { kind: o.throttleKind } : {}), ...(o.throttleEvery ? { everyNth: o.throttleEvery } : {}), ...(o.throttleFirst ? { firstN: o.throttleFirst } : {}) };
  }
  if (o.errorEvery || o.errorFirst || o.errorPages) {
    faults.serverError = {
      status: o.errorStatus,
      ...(o.errorKind ? { kind: o.errorKind } : {}),
      ...(o.errorEvery ? { everyNth: o.errorEvery } : {}),
      ...(o.errorFirst ? { firstN: o.errorFirst } : {}),
      ...(o.errorPages ? { pages: o.errorPages, ...(o.errorEvery || o.errorFirst ? {} : { always: true }) } : {}),
    };
  }
  if (o.slowPageMs) faults.slowPages = { delayInMs: o.slowPageMs, ...(o.slowPages ? { pages: o.slowPages } : {}), always: true };
  if (o.malformedCustomers) faults.malformedCustomers = o.malformedCustomers;
  if (o.malformedSubscriptions) faults.malformedSubscriptions = o.malformedSubscriptions;
  if (o.rejectCredentials) faults.rejectCredentials = true;
  if (o.rejectSoin) faults.rejectSoin = true;
  return faults;
}

export function startTechDataSandboxFromCli(o: TechDataCliOptions): Promise<TechDataSandbox> {
  const options: TechDataSandboxOptions = {
    port: o.port,
    host: o.host,
    seed: /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed,
    customers: o.customers,
    subscriptionsPerCustomer: o.subscriptionsPerCustomer,
    pageSize: o.pageSize,
    latencyInMs: o.latencyMs,
    faults: techDataFaultsFromCli(o),
    ...(o.currency ? { currencyCode: o.currency.toUpperCase() } : {}),
    ...(o.tokenTtl ? { tokenTtlInSeconds: o.tokenTtl } : {}),
    ...(o.apiBasePath ? { apiBasePath: o.apiBasePath } : {}),
    ...(o.clientId ? { clientId: o.clientId } : {}),
    ...(o.clientSecret ? { clientSecret: o.clientSecret } : {}),
    ...(o.soin ? { soin: o.soin } : {}),
  };
  return startTechDataSandbox(options);
}
