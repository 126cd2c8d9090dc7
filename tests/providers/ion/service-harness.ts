/**
 * The whole service on the Dataverse emulator, composed as `w365 demo` composes it (startService with
 * webhooks registered, so a Sync Job row created through the Web API starts the work), plus the little
 * seeding a flow test needs: CRM accounts, default billing contracts, products, a Provider row. Used by
 * the Ion and the Dicker flow tests.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { Choices, Tables } from '../../../solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { DataverseClient, type Row } from '../../../plugins/dataverse/client';
import { eq } from '../../../plugins/dataverse/odata';
import { loadConfig } from '../../../plugins/host/config';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { startService, type RunningService, type ServiceOptions } from '../../../plugins/host/service';
import type { OperationName } from '../../../plugins/jobs/types';
import { defaultConnectorRegistry } from '../../../plugins/providers';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';

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
  const emulator = await startDataverseEmulator({ dbFile: ':memory:' });
  const redactor = new Redactor();
  const logLines: string[] = [];
  const logger = createLogger({ redactor, level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  const target = { environmentUrl: emulator.url, webApiUrl: emulator.webApiUrl, tokenProvider: { getToken: async () => emulator.getToken() }, ca: emulator.caPem };
  const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider: target.tokenProvider, ca: emulator.caPem });
  const config = loadConfig({ W365_PORT: '0', W365_LOG_LEVEL: 'info', W365_ALLOW_LOOPBACK_PROVIDER_URLS: 'true' }, { hostname: `flow-${os.hostname()}` });
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const service = await startService({ config, dataverse: target, connectors: defaultConnectorRegistry(), logger, redactor, webhookKey, version: 'test', schedule: false, pollIntervalInMs: 500, webhookGraceInMs: 2000, ...options });
  await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
  return {
    emulator,
    dv,
    service,
    redactor,
    logLines,
    async runJob(operation, providerId, billingContractId) {
      const id = await service.store.createJob({ name: `Test: ${operation}`, operation, providerId, billingContractId });
      await service.waitForJob(id, 60_000);
      const outcome = await service.store.getOutcome(id);
      const I = Tables.syncJobItem;
      const items = await dv.all(I.entitySetName, { select: [I.col.code, I.col.message, I.col.severity], filter: eq(I.val.syncJob, { guid: id }) });
      return {
        status: outcome?.status ?? 'Unknown',
        summary: outcome?.summary ?? '',
        counts: { ...(outcome?.counts ?? {}) },
        warnings: outcome?.warnings ?? 0,
        ...(outcome?.errorCode ? { errorCode: outcome.errorCode } : {}),
        items: items.map((r) => ({ code: String(r[I.col.code]), message: String(r[I.col.message] ?? ''), severity: Number(r[I.col.severity]) })),
      };
    },
    async close() {
      await service.close();
      await emulator.close();
    },
  };
}

/** A CRM account; returns its id. */
export async function createAccount(dv: DataverseClient, values: { name: string; tenantId?: string; website?: string }): Promise<string> {
  const A = Tables.account;
  return dv.create(A.entitySetName, { [A.col.name]: values.name, ...(values.tenantId ? { [A.col.tenantId]: values.tenantId } : {}), ...(values.website ? { [A.col.websiteUrl]: values.website } : {}) });
}

/** The customer's one default billing contract; returns its id. */
export async function createDefaultContract(dv: DataverseClient, accountId: string, name: string): Promise<string> {
  const BC = Tables.billingContract;
  return dv.create(BC.entitySetName, {
    [BC.col.name]: name,
    [`${BC.nav.customer}@odata.bind`]: `/${Tables.account.entitySetName}(${accountId})`,
    [BC.col.isDefault]: true,
    [BC.col.billingFrequency]: Choices.billingFrequency.Monthly,
    [BC.col.billingPolicy]: Choices.billingPolicy.Advance,
    [BC.col.startDate]: '2025-01-01',
  });
}

/** A catalogue product whose Provider Part Number is the distributor SKU; returns its id. */
export async function createProduct(dv: DataverseClient, name: string, providerPartNumber: string, price: number): Promise<string> {
  const PR = Tables.product;
  const scheduleId = await dv.create(Tables.uomSchedule.entitySetName, { [Tables.uomSchedule.col.name]: `Licences ${providerPartNumber}`, [Tables.uomSchedule.col.baseUomName]: 'Licence' });
  const uomId = await dv.create(Tables.uom.entitySetName, {
    [Tables.uom.col.name]: 'Licence',
    [Tables.uom.col.quantity]: 1,
    [`${Tables.uom.nav.schedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
  });
  return dv.create(PR.entitySetName, {
    [PR.col.name]: name,
    [PR.col.productNumber]: `P-${providerPartNumber}`.slice(0, 100),
    [PR.col.providerPartNumber]: providerPartNumber,
    [PR.col.price]: price,
    [PR.col.quantityDecimal]: 0,
    [`${PR.nav.defaultUomSchedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${scheduleId})`,
    [`${PR.nav.defaultUom}@odata.bind`]: `/${Tables.uom.entitySetName}(${uomId})`,
  });
}

export async function createProviderRow(dv: DataverseClient, p: { name: string; internalName: string; userName: string; password: string; endpointUrl: string; properties: Record<string, string> }): Promise<string> {
  const P = Tables.provider;
  const PP = Tables.providerProperty;
  const id = await dv.create(P.entitySetName, {
    [P.col.name]: p.name,
    [P.col.internalName]: p.internalName,
    [P.col.userName]: p.userName,
    [P.col.password]: p.password,
    [P.col.endpointUrl]: p.endpointUrl,
    [P.col.providerType]: Choices.providerType.Automatic,
  });
  for (const [name, value] of Object.entries(p.properties)) {
    await dv.create(PP.entitySetName, { [PP.col.name]: name, [PP.col.value]: value, [`${PP.nav.provider}@odata.bind`]: `/${P.entitySetName}(${id})` });
  }
  return id;
}

export async function rowsOf(dv: DataverseClient, entitySet: string, providerLookup: string, providerId: string): Promise<Row[]> {
  return dv.all(entitySet, { filter: eq(providerLookup, { guid: providerId }) });
}
