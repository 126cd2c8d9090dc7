/**
 * The embedded default: what `npm start` and `w365 demo` run on when no Dataverse is configured. It
 * starts the Dataverse emulator (HTTPS, its own CA) and the distributor sandboxes on this machine,
 * seeds demo data through the Web API, and hands the service a DataverseTarget that authenticates with
 * msal-node exactly as against a real environment. Development harness only: product code never imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import type { DataverseTarget } from '../../plugins/host/service';
import type { Logger } from '../../plugins/shared/logger';
import type { Redactor } from '../../plugins/shared/redact';
import { startDataverseEmulator, type DataverseEmulator } from '../dataverse';
import { startTechDataSandbox, type TechDataSandbox } from '../techdata/server';
import { seedDemoData, type DemoSeedResult } from './demo-data';
import { seedManualSubscriptions } from './demo-manual';

export interface EmbeddedOptions {
  /** Folder for the database, certificates and the state file; undefined: in memory, certificates in the default state dir. */
  dataDir?: string;
  redactor: Redactor;
  logger: Logger;
  /** Demo size. Default 40 customers with 4 subscriptions each. */
  customers?: number;
  subscriptionsPerCustomer?: number;
  seed?: number;
}

export interface Embedded {
  dataverse: DataverseTarget;
  emulator: DataverseEmulator;
  techdata: TechDataSandbox;
  seed: DemoSeedResult;
  /** Written to `<dataDir>/embedded.json` so that other `w365` commands can find this instance. */
  stateFile?: string;
  close(): Promise<void>;
}

export const DEMO_TECHDATA_PROVIDER = 'TechData (demo sandbox)';
export { DEMO_MANUAL_PROVIDER } from './demo-manual';
import { DEMO_MANUAL_PROVIDER } from './demo-manual';

export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const emulator = await startDataverseEmulator({
    dbFile: dataDir ? path.join(dataDir, 'dataverse.db') : ':memory:',
    ...(dataDir ? { stateDir: path.join(dataDir, 'emulator') } : {}),
  });
  const techdata = await startTechDataSandbox({ seed: options.seed ?? 365, customers: options.customers ?? 40, subscriptionsPerCustomer: options.subscriptionsPerCustomer ?? 4 });
  const client = emulator.defaultClient;
  options.redactor.addSecret(client.clientSecret);
  options.redactor.addSecret(techdata.clientSecret);
  const tokenProvider = new MsalTokenProvider({
    environmentUrl: emulator.url,
    authority: emulator.authority,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redactor: options.redactor,
    ca: emulator.caPem,
  });
  const dataverse: DataverseTarget = { environmentUrl: emulator.url, webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem };
  const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem, logger: options.logger });
  const cfg = techdata.providerConfig();
  const seed = await seedDemoData(dv, {
    dataset: { seed: options.seed ?? 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() },
    currencyCode: techdata.currencyCode,
    providers: [{ name: DEMO_TECHDATA_PROVIDER, internalName: cfg.internalName, userName: cfg.userName, password: cfg.password, endpointUrl: cfg.endpointUrl, properties: cfg.properties }],
  });
  const manual = await seedManualSubscriptions(dv, { dataset: { seed: options.seed ?? 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() }, internalName: cfg.internalName });
  seed.providerIds[DEMO_MANUAL_PROVIDER] = manual.manualProviderId;
  let stateFile: string | undefined;
  if (dataDir) {
    stateFile = path.join(dataDir, 'embedded.json');
    // Readable by this user only: it names the emulator's (local, throw-away) service credentials.
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ url: emulator.url, webApiUrl: emulator.webApiUrl, authority: emulator.authority, caFile: emulator.caFile, clientId: client.clientId, clientSecret: client.clientSecret, pid: process.pid }, null, 2),
      { mode: 0o600 },
    );
  }
  return {
    dataverse,
    emulator,
    techdata,
    seed,
    ...(stateFile ? { stateFile } : {}),
    async close() {
      if (stateFile) fs.rmSync(stateFile, { force: true });
      await techdata.close();
      await emulator.close();
    },
  };
}
