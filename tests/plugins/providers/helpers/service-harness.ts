/**
 * The whole service on the Dataverse emulator, composed as `w365 demo` composes it (startService with
 * webhooks registered, so a Sync Job row created through the Web API starts the work).
 * Used by the Ion and the Dicker flow tests, which seed what they need with ./dataverse-rows.ts.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Tables } from '../../../../solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../../../../emulators/dataverse';
import { shippedSolutionZip } from '../../../helpers/solution-zip';
import { DataverseClient } from '../../../../plugins/dataverse/client';
import { eq } from '../../../../plugins/dataverse/odata';
import { loadConfig } from '../../../../plugins/host/config';
import { registerWebhooks } from '../../../../plugins/host/register-webhooks';
import { startService, type RunningService, type ServiceOptions } from '../../../../plugins/host/service';
import type { OperationName } from '../../../../plugins/jobs/types';
import { defaultConnectorRegistry } from '../../../../plugins/providers';
import type { Redactor } from '../../../../plugins/shared/redact';
import { capturedLogger } from './connector';

export interface JobOutcome {
  status: string;
  summary: string;
  counts: Record<string, number>;
  warnings: number;
  errorCode?: string;
  items: Array<{ code: string; message: string; severity: number }>;
}

export interface ServiceHarness {
  emulator: DataverseEmulator;
  /** An admin client for seeding and for reading what the service wrote. */
  dv: DataverseClient;
  service: RunningService;
  redactor: Redactor;
  logLines: string[];
  runJob(operation: OperationName, providerId: string, billingContractId?: string): Promise<JobOutcome>;
  close(): Promise<void>;
}

export async function startServiceHarness(options: Pick<ServiceOptions, 'tokenStore'> = {}): Promise<ServiceHarness> {
  const emulator = await startDataverseEmulator({ dbFile: ':memory:', solutions: [await shippedSolutionZip()] });
  const { redactor, logger, logLines } = capturedLogger('info');
  const target = {
    environmentUrl: emulator.url,
    webApiUrl: emulator.webApiUrl,
    tokenProvider: { getToken: async () => emulator.getToken() },
    ca: emulator.caPem,
  };
  const dv = new DataverseClient({
    webApiUrl: emulator.webApiUrl,
    tokenProvider: target.tokenProvider,
    ca: emulator.caPem,
  });
  const config = loadConfig(
    { W365_PORT: '0', W365_LOG_LEVEL: 'info', W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true' },
    { hostname: `flow-${os.hostname()}` },
  );
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const service = await startService({
    config,
    dataverse: target,
    connectors: defaultConnectorRegistry(),
    logger,
    redactor,
    webhookKey,
    version: 'test',
    schedule: false,
    pollIntervalInMs: 500,
    webhookGraceInMs: 2000,
    ...options,
  });
  await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
  return {
    emulator,
    dv,
    service,
    redactor,
    logLines,
    async runJob(operation, providerId, billingContractId) {
      const id = await service.store.createJob({
        name: `Test: ${operation}`,
        operation,
        providerId,
        billingContractId,
      });
      await service.waitForJob(id, 60_000);
      const outcome = await service.store.getOutcome(id);
      const I = Tables.syncJobItem;
      const items = await dv.all(I.entitySetName, {
        select: [I.col.code, I.col.message, I.col.severity],
        filter: eq(I.val.syncJob, { guid: id }),
      });
      return {
        status: outcome?.status ?? 'Unknown',
        summary: outcome?.summary ?? '',
        counts: { ...(outcome?.counts ?? {}) },
        warnings: outcome?.warnings ?? 0,
        ...(outcome?.errorCode ? { errorCode: outcome.errorCode } : {}),
        items: items.map((r) => ({
          code: String(r[I.col.code]),
          message: String(r[I.col.message] ?? ''),
          severity: Number(r[I.col.severity]),
        })),
      };
    },
    async close() {
      await service.close();
      await emulator.close();
    },
  };
}
