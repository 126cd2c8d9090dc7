/**
 * `w365 register-webhooks --service-url URL`: creates or updates the webhook service endpoint and the
 * step (Create of Sync Job, asynchronous, post-operation) in the target environment. Admins run it once
 * after importing the solution; running it again changes nothing. Needs W365_WEBHOOK_KEY.
 */
import type { Command } from 'commander';
import os from 'node:os';
import { loadConfig } from '../../plugins/host/config';
import { registerWebhooksFromFile } from '../../plugins/host/register-environments';
import { registerWebhooks } from '../../plugins/host/register-webhooks';
import { W365Error } from '../../common/errors';
import { Redactor } from '../../plugins/shared/redact';
import { connectDataverse } from '../cli-dataverse';
import { runTool } from './tool-support';

export function register(program: Command): void {
  program
    .command('register-webhooks')
    .description('create or update the webhook endpoint and step the service needs in the target environment')
    .option('--service-url <url>', 'public URL of the service (default: W365_SERVICE_URL)')
    .action(async (opts: { serviceUrl?: string }) => {
      const redactor = new Redactor();
      await runTool(redactor, async () => {
        const settings = loadConfig(process.env, { hostname: os.hostname(), purpose: 'tool' });
        if (settings.environments) {
          // W365_ENVIRONMENTS_FILE: every environment, each with its own key (or W365_WEBHOOK_KEY).
          const serviceUrl = opts.serviceUrl ?? settings.serviceUrl;
          if (!serviceUrl)
            throw new W365Error(
              'CONFIG_INVALID',
              'Give --service-url or set W365_SERVICE_URL (the public https address of the service).',
            );
          for (const r of await registerWebhooksFromFile(settings.environments, { serviceUrl, redactor }))
            process.stdout.write(
              `${r.environment}: ${r.changes.length ? r.changes.join('; ') : 'already registered, nothing changed'} (endpoint ${r.endpointId}, step ${r.stepId}).\n`,
            );
          return;
        }
        const key = process.env.W365_WEBHOOK_KEY;
        if (!key || key.length < 32)
          throw new W365Error(
            'CONFIG_INVALID',
            'W365_WEBHOOK_KEY must be set (at least 32 characters): the same key the service checks.',
          );
        redactor.addSecret(key);
        const { dv, config, where } = connectDataverse(redactor);
        const serviceUrl = opts.serviceUrl ?? config.serviceUrl;
        if (!serviceUrl)
          throw new W365Error(
            'CONFIG_INVALID',
            'Give --service-url or set W365_SERVICE_URL (the public https address of the service).',
          );
        const result = await registerWebhooks(dv, { serviceUrl, webhookKey: key });
        process.stdout.write(
          `${where}: ${result.changes.length ? result.changes.join('; ') : 'already registered, nothing changed'} (endpoint ${result.endpointId}, step ${result.stepId}).\n`,
        );
      });
    });
}
