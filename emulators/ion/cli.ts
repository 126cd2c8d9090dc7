/**
 * The options of `w365 sandbox ion` and how they become sandbox options. The command itself is
 * registered by scripts/commands/sandbox.ts, which owns starting, the ready line and signals; the
 * options every sandbox has are ../sandbox-kit/cli.ts.
 */
import type { Command } from 'commander';
import {
  addCountedFaultOptions,
  addListenOptions,
  amount,
  countedFaultsFromCli,
  oneOf,
  commonSandboxOptions,
  positive,
  wholeNumber,
  type CountedFaultCliOptions,
  type ListenCliOptions,
} from '../sandbox-kit/cli';
import type { IonFaultRule, IonFaults } from './faults';
import { startIonSandbox, type IonSandbox, type IonSandboxOptions } from './server';

const KINDS = ['token', 'customers', 'profiles', 'subscriptions', 'reports', 'api', 'any'] as const;

export interface IonCliOptions extends ListenCliOptions, CountedFaultCliOptions<NonNullable<IonFaultRule['kind']>> {
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
  slowMs?: number;
  slowKind?: IonFaultRule['kind'];
  malformedCustomers?: number;
  malformedSubscriptions?: number;
  malformedReportRows?: number;
  rejectRefreshTokens?: boolean;
  rejectAccount?: boolean;
  dropTokenAnswers?: number;
}

export function addIonSandboxOptions(command: Command): Command {
  addListenOptions(command)
    .option('--seed <s>', 'seed of the generated data and account id', '1')
    .option('--customers <n>', 'customers to generate', wholeNumber, 30)
    .option('--subscriptions-per-customer <n>', 'mean Microsoft licence lines per customer', wholeNumber, 5)
    .option('--latency-ms <n>', 'delay added to every API request', wholeNumber, 0)
    .option('--account-id <id>', 'the reseller account id (default: derived from the seed)')
    .option('--refresh-token <token>', 'the first refresh token to issue (default: a random one)')
    .option('--currency <code>', 'currency of the subscription lines (default USD)')
    .option('--access-token-ttl <s>', 'access token lifetime in seconds (default 7200)', positive)
    .option('--refresh-token-ttl <s>', 'refresh token lifetime in seconds (default 32 days)', positive)
    .option('--no-revoke-chain-on-reuse', 'a reused refresh token is only refused, its descendants stay valid');
  return addCountedFaultOptions(command, KINDS, 'request')
    .option('--slow-ms <n>', 'extra delay for every request of --slow-kind', wholeNumber)
    .option('--slow-kind <kind>', `which requests are slow (${KINDS.join('|')})`, oneOf(KINDS))
    .option('--malformed-customers <x>', 'customers served malformed: a count or a fraction', amount)
    .option('--malformed-subscriptions <x>', 'subscription lines served malformed: a count or a fraction', amount)
    .option('--malformed-report-rows <x>', 'billing report rows served broken: a count or a fraction', amount)
    .option('--reject-refresh-tokens', "the token endpoint refuses every refresh token with Ion's error body")
    .option('--reject-account', 'the API refuses the account with 403 PERMISSION_DENIED')
    .option(
      '--drop-token-answers <n>',
      'the next N renewals consume the refresh token, then drop the connection',
      positive,
    );
}

export function ionFaultsFromCli(o: IonCliOptions): IonFaults {
  const faults: IonFaults = countedFaultsFromCli(o);
  if (o.slowMs) faults.slow = { delayInMs: o.slowMs, always: true, ...(o.slowKind ? { kind: o.slowKind } : {}) };
  if (o.malformedCustomers) faults.malformedCustomers = o.malformedCustomers;
  if (o.malformedSubscriptions) faults.malformedSubscriptions = o.malformedSubscriptions;
  if (o.malformedReportRows) faults.malformedReportRows = o.malformedReportRows;
  if (o.rejectRefreshTokens) faults.rejectRefreshTokens = true;
  if (o.rejectAccount) faults.rejectAccount = true;
  if (o.dropTokenAnswers) faults.dropTokenAnswers = o.dropTokenAnswers;
  return faults;
}

export function startIonSandboxFromCli(o: IonCliOptions): Promise<IonSandbox> {
  const options: IonSandboxOptions = {
    ...commonSandboxOptions(o),
    customers: o.customers,
    subscriptionsPerCustomer: o.subscriptionsPerCustomer,
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
