/**
 * The options of `w365 sandbox techdata` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals; the
 * options every sandbox has are ../sandbox-kit/cli.ts.
 */
import type { Command } from 'commander';
import {
  addCountedFaultOptions,
  addListenOptions,
  amount,
  countedFaultsFromCli,
  pageList,
  commonSandboxOptions,
  positive,
  wholeNumber,
  type CountedFaultCliOptions,
  type ListenCliOptions,
} from '../sandbox-kit/cli';
import type { FaultRule, TechDataFaults } from './faults';
import { startTechDataSandbox, type TechDataSandbox, type TechDataSandboxOptions } from './server';

const KINDS = ['token', 'customers', 'subscriptions', 'api', 'any'] as const;

export interface TechDataCliOptions extends ListenCliOptions, CountedFaultCliOptions<NonNullable<FaultRule['kind']>> {
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
  slowPageMs?: number;
  slowPages?: number[];
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  rejectCredentials?: boolean;
  rejectSoin?: boolean;
}

export function addTechDataSandboxOptions(command: Command): Command {
  addListenOptions(command)
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
    .option('--soin <soin>', 'SOIN to accept (default: derived from the seed)');
  return addCountedFaultOptions(command, KINDS, 'API request', { errorPages: true })
    .option('--slow-page-ms <n>', 'extra delay for slow pages (all pages unless --slow-pages)', wholeNumber)
    .option('--slow-pages <list>', 'page numbers that are slow', pageList)
    .option('--malformed-customers <x>', 'customers served malformed: a count or a fraction', amount)
    .option('--malformed-subscriptions <x>', 'subscriptions served malformed: a count or a fraction', amount)
    .option('--reject-credentials', 'the token endpoint refuses every client id and secret')
    .option('--reject-soin', "the API refuses the SOIN with TechData's failure envelope");
}

export function techDataFaultsFromCli(o: TechDataCliOptions): TechDataFaults {
  const faults: TechDataFaults = countedFaultsFromCli(o);
  if (o.slowPageMs)
    faults.slowPages = { delayInMs: o.slowPageMs, ...(o.slowPages ? { pages: o.slowPages } : {}), always: true };
  if (o.malformedCustomers) faults.malformedCustomers = o.malformedCustomers;
  if (o.malformedSubscriptions) faults.malformedSubscriptions = o.malformedSubscriptions;
  if (o.rejectCredentials) faults.rejectCredentials = true;
  if (o.rejectSoin) faults.rejectSoin = true;
  return faults;
}

export function startTechDataSandboxFromCli(o: TechDataCliOptions): Promise<TechDataSandbox> {
  const options: TechDataSandboxOptions = {
    ...commonSandboxOptions(o),
    customers: o.customers,
    subscriptionsPerCustomer: o.subscriptionsPerCustomer,
    pageSize: o.pageSize,
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
