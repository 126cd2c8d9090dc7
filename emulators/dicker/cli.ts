/**
 * The options of `w365 sandbox dicker` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals; the
 * options every sandbox has are ../sandbox-kit/cli.ts.
 */
import type { Command } from 'commander';
import {
  addCountedFaultOptions,
  addListenOptions,
  amount,
  countedFaultsFromCli,
  commonSandboxOptions,
  positive,
  wholeNumber,
  type CountedFaultCliOptions,
  type ListenCliOptions,
} from '../sandbox-kit/cli';
import type { DickerFaultRule, DickerFaults } from './faults';
import { startDickerSandbox, type DickerSandbox, type DickerSandboxOptions } from './server';

const KINDS = ['accessKey', 'feed', 'invoice', 'any'] as const;

export interface DickerCliOptions
  extends ListenCliOptions, CountedFaultCliOptions<NonNullable<DickerFaultRule['kind']>> {
  seed: string;
  tenants: number;
  linesPerTenant: number;
  latencyMs: number;
  accountCode?: string;
  accessToken?: string;
  accessKeyTtl?: number;
  currency?: string;
  slowMs?: number;
  malformedLines?: number;
  malformedInvoiceLines?: number;
  rejectCredentials?: boolean;
}

export function addDickerSandboxOptions(command: Command): Command {
  addListenOptions(command)
    .option('--seed <s>', 'seed of the generated data and credentials', '1')
    .option('--tenants <n>', 'tenants (customers) to generate', wholeNumber, 20)
    .option('--lines-per-tenant <n>', 'mean licence lines per tenant', wholeNumber, 4)
    .option('--latency-ms <n>', 'delay added to every request', wholeNumber, 0)
    .option('--account-code <code>', 'account code to accept (default: derived from the seed)')
    .option('--access-token <token>', 'access token to accept (default: derived from the seed)')
    .option('--access-key-ttl <s>', 'access key lifetime in seconds (default 3600)', positive)
    .option('--currency <code>', 'the currency code the provider should be set up with (default AUD)');
  return addCountedFaultOptions(command, KINDS, 'request')
    .option('--slow-ms <n>', 'extra delay for every feed request', wholeNumber)
    .option('--malformed-lines <x>', 'feed lines served malformed: a count or a fraction', amount)
    .option('--malformed-invoice-lines <x>', 'invoice feed lines served malformed: a count or a fraction', amount)
    .option('--reject-credentials', 'the handshake refuses every account code and access token');
}

export function dickerFaultsFromCli(o: DickerCliOptions): DickerFaults {
  const faults: DickerFaults = countedFaultsFromCli(o);
  if (o.slowMs) faults.slow = { delayInMs: o.slowMs, always: true };
  if (o.malformedLines) faults.malformedLines = o.malformedLines;
  if (o.malformedInvoiceLines) faults.malformedInvoiceLines = o.malformedInvoiceLines;
  if (o.rejectCredentials) faults.rejectCredentials = true;
  return faults;
}

export function startDickerSandboxFromCli(o: DickerCliOptions): Promise<DickerSandbox> {
  const options: DickerSandboxOptions = {
    ...commonSandboxOptions(o),
    tenants: o.tenants,
    linesPerTenant: o.linesPerTenant,
    faults: dickerFaultsFromCli(o),
    ...(o.accountCode ? { accountCode: o.accountCode } : {}),
    ...(o.accessToken ? { accessToken: o.accessToken } : {}),
    ...(o.accessKeyTtl ? { accessKeyTtlInSeconds: o.accessKeyTtl } : {}),
    ...(o.currency ? { currencyCode: o.currency.toUpperCase() } : {}),
  };
  return startDickerSandbox(options);
}
