/**
 * `w365 serve` (what `npm start` runs): the sync service. With W365_DATAVERSE_URL it serves that
 * environment; without, it runs the embedded default: Dataverse emulator, TechData sandbox and demo
 * data on this machine, with the webhook registered by itself, and prints what runs where.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { SOLUTION_VERSION } from '../../solution/version';
import { ConfigErrorCodes, loadConfig } from '../../plugins/host/config';
import { parseRole, type ServiceRole } from '../../plugins/host/queue-config';
import type { DataverseTarget, EnvironmentTarget } from '../../plugins/host/service';
import { W365Error, errorMessage, isW365Error } from '../../common/errors';
import type { Redactor } from '../../plugins/shared/redact';
import { checkCanListen } from '../listen-check';
// Type-only: erased at compile time. The stand-ins themselves are loaded below only for the embedded
// default, so `w365 serve` against a real Dataverse loads no emulator, sandbox or app-shell code.
import type { Embedded } from '../../emulators/embedded';
import type { AppShellOptions } from '../../emulators/app-shell';

/** Reports a start that cannot go on, and exits at once: servers already started must not keep it alive. */
function fail(err: unknown, exitCode: number): never {
  process.stderr.write(`${isW365Error(err) ? `${err.code}: ` : ''}${errorMessage(err)}\n`);
  process.exit(exitCode);
}

/*
 * Modules loaded only when needed, with `require`: tsx runs these sources as CommonJS, and a dynamic
 * `import()` goes through Node's ESM resolver, which finds neither extensionless `.ts` files nor a
 * folder's index ("Directory import ... is not supported").
 */
/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The service itself, loaded once the start checks pass: loading it takes seconds (fastify, msal-node,
 * the connectors), and a start that cannot listen must say so at once.
 */
function serviceModules() {
  return {
    ...(require('../../plugins/host/remote') as typeof import('../../plugins/host/remote')),
    ...(require('../../plugins/host/environment-targets') as typeof import('../../plugins/host/environment-targets')),
    ...(require('../../plugins/host/register-webhooks') as typeof import('../../plugins/host/register-webhooks')),
    ...(require('../../plugins/host/service') as typeof import('../../plugins/host/service')),
    ...(require('../../plugins/providers') as typeof import('../../plugins/providers')),
    ...(require('../../plugins/shared/logger') as typeof import('../../plugins/shared/logger')),
    ...(require('../../plugins/telemetry') as typeof import('../../plugins/telemetry')),
    ...(require('../../plugins/shared/redact') as typeof import('../../plugins/shared/redact')),
  };
}
const embeddedModule = () => require('../../emulators/embedded') as typeof import('../../emulators/embedded');
/** The data folder's lock: a stand-in too, so a production start never loads it. */
const instanceLock = () =>
  require('../../emulators/embedded/instance-lock') as typeof import('../../emulators/embedded/instance-lock');
const appShellModules = () => ({
  ...(require('../../emulators/app-shell') as typeof import('../../emulators/app-shell')),
  ...(require('../../solution/packer/repo-root') as typeof import('../../solution/packer/repo-root')),
  ...(require('../../pcf-controls/build') as typeof import('../../pcf-controls/build')),
});
/* eslint-enable @typescript-eslint/no-require-imports */

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the sync service (on the embedded emulator and sandboxes when W365_DATAVERSE_URL is not set)')
    .option('--fresh', 'embedded default: start from an empty database instead of the one in W365_DATA_DIR')
    .option('--role <role>', 'all (default), worker (takes jobs and work items) or scheduler (nightly run and poller)')
    .action(async (opts: { fresh?: boolean; role?: string }) => {
      let config;
      try {
        config = loadConfig(process.env, { hostname: os.hostname() });
        if (opts.role !== undefined) config.queue.role = roleOption(opts.role);
      } catch (err) {
        process.stderr.write(`${isW365Error(err) ? `${err.code}: ` : ''}${errorMessage(err)}\n`);
        process.exitCode = 2;
        return;
      }
      // Before anything starts: a busy port, a bad W365_HOST or a data folder in use fails now, in words,
      // not after the embedded default has started (which then kept the process alive).
      await checkCanListen(config.host, config.port).catch((err: unknown) => fail(err, 2));
      if (!config.dataverse && !opts.fresh) {
        try {
          instanceLock().assertInstanceLockFree(config.dataDir);
        } catch (err) {
          fail(err, 2);
        }
      }
      const m = serviceModules();
      const { Redactor, createLogger, remoteTarget, startService, defaultConnectorRegistry, registerWebhooks } = m;
      const { createTelemetry } = m;
      const redactor = new Redactor();
      redactor.addSecret(config.dataverse?.clientSecret);
      redactor.addSecret(config.webhookKey);
      const storage = config.queue.storage;
      if (storage && 'connectionString' in storage) {
        redactor.addSecret(storage.connectionString);
        // The account key alone too: a Storage error could echo it without the rest of the string.
        redactor.addSecret(/AccountKey=([^;]+)/i.exec(storage.connectionString)?.[1]);
      }
      const logger = createLogger({ redactor, level: config.logLevel });
      // Application Insights, an OTLP collector or nothing, as the environment says (docs/scale-out.md);
      // a bad setting stops here, before anything starts. The redactor learns later secrets as they come.
      const telemetry = await createTelemetry({
        env: process.env,
        redactor,
        serviceVersion: SOLUTION_VERSION,
        instanceId: config.workerId,
      }).catch((err: unknown) => fail(err, 2));
      let embedded: Embedded | undefined;
      let target: DataverseTarget | undefined;
      // Several environments (W365_ENVIRONMENTS_FILE): a bad file, a secret that cannot be read or an
      // unusable certificate stops the start here, naming the environment and the field.
      const environments = config.environments
        ? await m.environmentsFromFile(config.environments, redactor).catch((err: unknown) => fail(err, 2))
        : undefined;
      if (config.dataverse) target = remoteTarget(config.dataverse, redactor);
      else if (!environments) {
        const { startEmbedded } = embeddedModule();
        // A second instance on the same data folder stops here too (EMULATOR_DATA_DIR_IN_USE).
        embedded = await startEmbedded({ dataDir: opts.fresh ? undefined : config.dataDir, redactor, logger }).catch(
          (err: unknown) => fail(err, 2),
        );
        target = embedded.dataverse;
      }
      const webhookKey = config.webhookKey ?? randomBytes(32).toString('base64url');
      redactor.addSecret(webhookKey);
      // Embedded only: the local app shell (a development harness playing the Dynamics app) on the service's own address.
      const appShell = embedded ? await embeddedAppShell(embedded, redactor) : undefined;
      const service = await startService({
        config,
        ...(target ? { dataverse: target } : {}),
        ...(environments ? { environments } : {}),
        connectors: defaultConnectorRegistry({ ionTokenJournalDir: config.tokenJournalDir }),
        logger,
        redactor,
        webhookKey,
        version: SOLUTION_VERSION,
        telemetry,
        ...(appShell ? { register: appShell.register } : {}),
      }).catch(async (err: unknown) => {
        await embedded?.close().catch(() => undefined);
        return fail(err, 1);
      });
      if (embedded) {
        await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
        // Only now do the command-line tools find this instance: it listens and its webhook is registered.
        embedded.publishState(service.url);
      }
      const lines = [
        `Work 365 Provider Sync ${SOLUTION_VERSION} is running.`,
        `  service:     ${service.url} (health: ${service.url}/healthz, webhook: ${service.url}/webhooks/dataverse)`,
        ...environmentLines(service.url, target, environments, Boolean(embedded)),
        `  nightly:     "${config.schedule}" ${config.timeZone}, next ${service.scheduler.nextRun()?.toISOString() ?? 'never'}`,
        `  role:        ${config.queue.role} (queue: ${config.queue.kind}${config.queue.kind === 'azure-storage' ? ` ${config.queue.queueName}` : ''}, work items ${config.queue.workItems ? 'on' : 'off'})`,
      ];
      if (embedded) {
        lines.push(
          `  app shell:   ${service.url}/ (development harness: Providers, Billing Contracts, Sync Jobs, with the Work 365 buttons)`,
        );
        lines.push(
          `  TechData:    ${embedded.techdata.url} (sandbox, ${embedded.techdata.customers().length} customers)`,
        );
        lines.push(`  Ion:         ${embedded.ion.url} (StreamOne Ion v3 sandbox)`);
        lines.push(`  Dicker Data: ${embedded.dicker.url} (sandbox; the CSP feed shape is our design)`);
        lines.push(
          `  demo data:   ${embedded.seed.accounts} CRM accounts, ${embedded.seed.products} products, ${embedded.seed.contracts} billing contracts, providers: ${Object.keys(embedded.seed.providerIds).join(', ')}`,
        );
        if (embedded.stateFile)
          lines.push(`  state file:  ${embedded.stateFile} (other w365 commands use it to find this instance)`);
      }
      lines.push('Stop with Ctrl+C.');
      process.stdout.write(`${lines.join('\n')}\n`);
      const stop = async () => {
        process.stdout.write('Stopping...\n');
        await service.close();
        await embedded?.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}

/**
 * The local app shell for the embedded default, with the PCF controls it shows built first where they
 * are missing or out of date (a full install has pcf-scripts; a production install never gets here).
 */
async function embeddedAppShell(
  embedded: Embedded,
  redactor: Redactor,
): Promise<{ register: (app: FastifyInstance) => Promise<void> }> {
  const { appShellTokenProvider, registerAppShell, findRepoRoot, buildPcfControls } = appShellModules();
  const repoRoot = findRepoRoot(__dirname);
  await buildPcfControls({ repoRoot, log: (l) => process.stdout.write(`${l}\n`) });
  const options: AppShellOptions = {
    repoRoot,
    environmentUrl: embedded.emulator.url,
    tokenProvider: appShellTokenProvider(embedded.emulator, redactor),
    ca: embedded.emulator.caPem,
  };
  return { register: async (app) => registerAppShell(app, options) };
}

/** Where each environment is and where its webhook calls. */
function environmentLines(
  serviceUrl: string,
  target: DataverseTarget | undefined,
  environments: EnvironmentTarget[] | undefined,
  embedded: boolean,
): string[] {
  if (target) return [`  Dataverse:   ${target.environmentUrl}${embedded ? ' (embedded emulator)' : ''}`];
  return (environments ?? []).map(
    (e) =>
      `  Dataverse:   ${e.name}: ${e.environmentUrl} (webhook: ${serviceUrl}/api/environments/${e.name}/webhooks/dataverse)`,
  );
}

/** `--role`, checked as W365_ROLE is (a bad value names the option). */
function roleOption(value: string): ServiceRole {
  const problems: string[] = [];
  const role = parseRole(value, '--role', problems);
  if (problems.length) throw new W365Error(ConfigErrorCodes.Invalid, problems.join(' '));
  return role;
}
