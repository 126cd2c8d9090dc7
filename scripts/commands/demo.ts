/**
 * `w365 demo`: runs the product's flows headlessly on a fresh embedded default, the way a CRM user
 * starts them (a Sync Job row created through the Web API; the emulator's webhook starts the service),
 * and ends with one JSON line: {"jobs":[{operation, provider, status, counts, summary}, ...]}.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { Tables } from '../../solution/schema';
import { SOLUTION_VERSION } from '../../solution/version';
import type { DataverseClient } from '../../plugins/dataverse/client';
import { eq } from '../../plugins/dataverse/odata';
import { loadConfig } from '../../plugins/host/config';
import { registerWebhooks } from '../../plugins/host/register-webhooks';
import { startService } from '../../plugins/host/service';
import type { OperationName } from '../../plugins/jobs/types';
import { defaultConnectorRegistry } from '../../plugins/providers';
import { createDataverseTokenStore } from '../../plugins/dataverse/token-store';
import { isW365Error } from '../../common/errors';
import { createLogger } from '../../plugins/shared/logger';
import { Redactor } from '../../plugins/shared/redact';
import { demoTechDataInvoice, lastMonth } from '../../emulators/embedded/demo-invoices';
import { REFERENCE_DATE } from '../../emulators/sandbox-kit/dates';
import { uploadInvoiceContent } from './import-invoice';
import {
  DEMO_DICKER_PROVIDER,
  DEMO_ION_PROVIDER,
  DEMO_TECHDATA_PROVIDER,
  startEmbedded,
} from '../../emulators/embedded';

export interface DemoJob {
  operation: string;
  provider: string;
  status: string;
  counts: Record<string, number>;
  summary: string;
  /** A Reconcile's variances by type. */
  variances?: Record<string, number>;
}

export interface DemoStep {
  operation: OperationName;
  provider: string;
  billingContractId?: string;
  parameters?: Record<string, unknown>;
  /** Parameters that need the data the earlier steps wrote (e.g. an invoice file built from it). */
  prepare?: () => Promise<Record<string, unknown>>;
  label: string;
}

/**
 * Import Invoice and Reconcile for last month (issue 17): TechData's from a file built from the synced
 * data with three planted variances (uploaded as a note on the provider, as the ribbon does), Ion's and
 * Dicker Data's from their invoice APIs.
 */
function invoiceSteps(dv: DataverseClient, techDataId: string, now: Date): DemoStep[] {
  const { month } = lastMonth(now);
  const techdata: DemoStep[] = [
    {
      operation: 'ImportInvoice',
      provider: DEMO_TECHDATA_PROVIDER,
      label: 'Import Invoice (file)',
      prepare: async () => {
        const file = await demoTechDataInvoice(dv, techDataId, now);
        return { attachmentId: await uploadInvoiceContent(dv, techDataId, file.fileName, file.content) };
      },
    },
    {
      operation: 'Reconcile',
      provider: DEMO_TECHDATA_PROVIDER,
      label: 'Reconcile',
      parameters: { invoiceNumber: `TD-DEMO-${month}` },
    },
  ];
  // The Dicker Data sandbox's data stands at its reference date, and it invoices the months before it.
  const dickerMonth = lastMonth(new Date(`${REFERENCE_DATE}T00:00:00Z`)).month;
  const apis = (
    [
      [DEMO_ION_PROVIDER, month],
      [DEMO_DICKER_PROVIDER, dickerMonth],
    ] as const
  ).flatMap(([provider, period]): DemoStep[] => [
    { operation: 'ImportInvoice', provider, label: 'Import Invoice (distributor API)', parameters: { period } },
    { operation: 'Reconcile', provider, label: 'Reconcile', parameters: { period } },
  ]);
  return [...techdata, ...apis];
}

const byTypeOf = (result: unknown): Record<string, number> | undefined =>
  result && typeof result === 'object' && 'byType' in result
    ? (result as { byType: Record<string, number> }).byType
    : undefined;

export async function runDemo(options: {
  log: (line: string) => void;
  timeoutInMs?: number;
  /** Where W365_LOG_LEVEL is read (default process.env); the demo logs at warn when it is not set. */
  env?: NodeJS.ProcessEnv;
}): Promise<{ jobs: DemoJob[]; variances: Record<string, Record<string, number>> }> {
  const redactor = new Redactor();
  const env = options.env ?? process.env;
  // Everything else is the demo's own (a fresh embedded default on a free port); the log level is the caller's.
  const config = loadConfig(
    { W365_PORT: '0', W365_LOG_LEVEL: env.W365_LOG_LEVEL ?? 'warn' },
    { hostname: `demo-${os.hostname()}` },
  );
  const logger = createLogger({ redactor, level: config.logLevel, destination: process.stderr as never });
  const embedded = await startEmbedded({ redactor, logger });
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const service = await startService({
    config,
    dataverse: embedded.dataverse,
    connectors: defaultConnectorRegistry(),
    logger,
    redactor,
    webhookKey,
    version: SOLUTION_VERSION,
    schedule: false,
    pollIntervalInMs: 2000,
    webhookGraceInMs: 5000,
    tokenStore: (dv) => createDataverseTokenStore(dv, { logger }),
  });
  const jobs: DemoJob[] = [];
  try {
    await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
    const providerId = embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];
    const steps: DemoStep[] = [
      { operation: 'VerifyConnectivity', provider: DEMO_TECHDATA_PROVIDER, label: 'Verify Connectivity' },
      { operation: 'SyncProviderAccounts', provider: DEMO_TECHDATA_PROVIDER, label: 'Sync Provider Accounts' },
      // The billing contract step is resolved after the accounts sync: a contract of a customer automap mapped.
      {
        operation: 'SyncSubscriptions',
        provider: DEMO_TECHDATA_PROVIDER,
        label: 'Sync Subscriptions (one billing contract)',
      },
      {
        operation: 'SyncSubscriptions',
        provider: DEMO_TECHDATA_PROVIDER,
        label: 'Sync Subscriptions (whole provider)',
      },
      {
        operation: 'MigrateManualSubscriptions',
        provider: DEMO_TECHDATA_PROVIDER,
        label: 'Migrate Manual Subscriptions (dry run)',
        parameters: { apply: false },
      },
      {
        operation: 'MigrateManualSubscriptions',
        provider: DEMO_TECHDATA_PROVIDER,
        label: 'Migrate Manual Subscriptions (apply)',
        parameters: { apply: true },
      },
      // The other distributors: the same flows, the same engine.
      ...[DEMO_ION_PROVIDER, DEMO_DICKER_PROVIDER].flatMap((provider): DemoStep[] => [
        { operation: 'VerifyConnectivity', provider, label: 'Verify Connectivity' },
        { operation: 'SyncProviderAccounts', provider, label: 'Sync Provider Accounts' },
        { operation: 'SyncSubscriptions', provider, label: 'Sync Subscriptions (whole provider)' },
      ]),
      ...invoiceSteps(service.dv, providerId, new Date()),
    ];
    for (const step of steps) {
      if (step.label.includes('one billing contract'))
        step.billingContractId = await contractOfMappedCustomer(service.dv, providerId);
      options.log(`demo: ${step.label} for ${step.provider}...`);
      const id = await service.store.createJob({
        name: `Demo: ${step.label}`,
        operation: step.operation,
        providerId: embedded.seed.providerIds[step.provider] ?? providerId,
        billingContractId: step.billingContractId,
        parameters: step.prepare ? await step.prepare() : step.parameters,
      });
      await service.waitForJob(id, options.timeoutInMs ?? 300_000);
      const outcome = await service.store.getOutcome(id);
      const job: DemoJob = {
        operation: step.label,
        provider: step.provider,
        status: outcome?.status ?? 'Unknown',
        counts: { ...(outcome?.counts ?? {}), warnings: outcome?.warnings ?? 0 },
        summary: outcome?.summary ?? '',
        ...(byTypeOf(outcome?.result) ? { variances: byTypeOf(outcome?.result) } : {}),
      };
      options.log(`demo:   ${job.status}: ${job.summary}`);
      jobs.push(job);
    }
  } finally {
    await service.close();
    await embedded.close();
  }
  const variances = Object.fromEntries(jobs.filter((j) => j.variances).map((j) => [j.provider, j.variances!]));
  return { jobs, variances };
}

/** A default billing contract whose customer is mapped to one of the provider's accounts. */
async function contractOfMappedCustomer(dv: DataverseClient, providerId: string): Promise<string | undefined> {
  const PA = Tables.providerAccount;
  const BC = Tables.billingContract;
  const mapped = await dv.all(PA.entitySetName, {
    select: [PA.val.account],
    filter: `${eq(PA.val.provider, { guid: providerId })} and ${PA.val.account} ne null`,
    orderby: PA.col.name,
  });
  for (const row of mapped) {
    const contracts = await dv.all(BC.entitySetName, {
      select: [BC.col.id],
      filter: `${eq(BC.val.customer, { guid: String(row[PA.val.account]) })} and ${eq(BC.col.isDefault, true)}`,
    });
    if (contracts.length === 1) return String(contracts[0][BC.col.id]);
  }
  return undefined;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run every flow headlessly on a fresh embedded default and print one JSON line with the jobs')
    .action(async () => {
      let result: Awaited<ReturnType<typeof runDemo>>;
      try {
        result = await runDemo({ log: (line) => process.stderr.write(`${line}\n`) });
      } catch (err) {
        if (!isW365Error(err)) throw err;
        process.stderr.write(`${err.code}: ${err.message}\n`);
        process.exit(2);
      }
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(result.jobs.every((j) => j.status !== 'Failed') ? 0 : 1);
    });
}
