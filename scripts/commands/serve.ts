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
import { loadConfig } from '../../plugins/host/config';
import { remoteTarget } from '../../plugins/host/remote';
import { registerWebhooks } from '../../plugins/host/register-webhooks';
import { startService, type DataverseTarget } from '../../plugins/host/service';
import { defaultConnectorRegistry } from '../../plugins/providers';
import { errorMessage, isW365Error } from '../../common/errors';
import { createLogger } from '../../plugins/shared/logger';
import { Redactor } from '../../plugins/shared/redact';
// Type-only: erased at compile time. The stand-ins themselves are loaded below only for the embedded
// default, so `w365 serve` against a real Dataverse loads no emulator, sandbox or app-shell code.
import type { Embedded } from '../../emulators/embedded';
import type { AppShellOptions } from '../../emulators/app-shell';

export function register(program: Command): void {
  program
    .command('serve')
    .description('run the sync service (on the embedded emulator and sandboxes when W365_DATAVERSE_URL is not set)')
    .option('--fresh', 'embedded default: start from an empty database instead of the one in W365_DATA_DIR')
    .action(async (opts: { fresh?: boolean }) => {
      const redactor = new Redactor();
      let config;
      try {
        config = loadConfig(process.env, { hostname: os.hostname() });
      } catch (err) {
        process.stderr.write(`${isW365Error(err) ? `${err.code}: ` : ''}${errorMessage(err)}\n`);
        process.exitCode = 2;
        return;
      }
      redactor.addSecret(config.dataverse?.clientSecret);
      redactor.addSecret(config.webhookKey);
      const logger = createLogger({ redactor, level: config.logLevel });
      let embedded: Embedded | undefined;
      let target: DataverseTarget;
      if (config.dataverse) target = remoteTarget(config.dataverse, redactor);
      else {
        const { startEmbedded } = await import('../../emulators/embedded');
        embedded = await startEmbedded({ dataDir: opts.fresh ? undefined : config.dataDir, redactor, logger });
        target = embedded.dataverse;
      }
      const webhookKey = config.webhookKey ?? randomBytes(32).toString('base64url');
      redactor.addSecret(webhookKey);
      // Embedded only: the local app shell (a development harness playing the Dynamics app) on the service's own address.
      const appShell = embedded ? await embeddedAppShell(embedded, redactor) : undefined;
      const service = await startService({
        config,
        dataverse: target,
        connectors: defaultConnectorRegistry({ ionTokenJournalDir: config.tokenJournalDir }),
        logger,
        redactor,
        webhookKey,
        version: SOLUTION_VERSION,
        ...(appShell ? { register: appShell.register } : {}),
      });
      if (embedded) await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
      const lines = [
        `Work 365 Provider Sync ${SOLUTION_VERSION} is running.`,
        `  service:     ${service.url} (health: ${service.url}/healthz, webhook: ${service.url}/webhooks/dataverse)`,
        `  Dataverse:   ${target.environmentUrl}${embedded ? ' (embedded emulator)' : ''}`,
        `  nightly:     "${config.schedule}" ${config.timeZone}, next ${service.scheduler.nextRun()?.toISOString() ?? 'never'}`,
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
  const [{ appShellTokenProvider, registerAppShell }, { findRepoRoot }, { buildPcfControls }] = await Promise.all([
    import('../../emulators/app-shell'),
    import('../../solution/packer/repo-root'),
    import('../../pcf-controls/build'),
  ]);
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
