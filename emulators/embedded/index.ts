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
import { startIonSandbox, type IonSandbox } from '../ion/server';
import { startDickerSandbox, type DickerSandbox } from '../dicker/server';
import { seedDemoData, type DemoProductInput, type DemoSeedResult } from './demo-data';
import { seedManualSubscriptions } from './demo-manual';
import { acquireInstanceLock, type InstanceLock } from './instance-lock';
import { builtSolutionZip } from './solution';

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
  /** TD SYNNEX StreamOne Ion sandbox: serves some of the same customers (the partner buys from several distributors). */
  ion: IonSandbox;
  /** Dicker Data sandbox: serves some others, as Microsoft tenants. */
  dicker: DickerSandbox;
  seed: DemoSeedResult;
  /**
   * `<dataDir>/embedded.json`, which other `w365` commands read to find this instance. Written by
   * `publishState` once the service listens (never before: a start that fails must not point the
   * tools at an emulator that is about to stop), removed by `close`.
   */
  stateFile?: string;
  /** Writes the state file (with a data folder; a no-op in memory). Call once the service listens. */
  publishState(serviceUrl: string): void;
  close(): Promise<void>;
}

export const DEMO_TECHDATA_PROVIDER = 'TechData (demo sandbox)';
export const DEMO_ION_PROVIDER = 'TD SYNNEX StreamOne Ion (demo sandbox)';
export const DEMO_DICKER_PROVIDER = 'Dicker Data (demo sandbox)';
export { DEMO_MANUAL_PROVIDER } from './demo-manual';
import { DEMO_MANUAL_PROVIDER } from './demo-manual';

export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  // Created private (it will hold the database with plaintext secrets and the state file); a folder
  // that already exists is the user's choice and keeps its mode (the files inside are 0600 anyway).
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // One instance per data folder, taken before the database is opened (instance-lock.ts says why).
  const lock: InstanceLock | undefined = dataDir ? acquireInstanceLock(dataDir) : undefined;
  try {
    return await startWithLock(options, dataDir, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}

async function startWithLock(
  options: EmbeddedOptions,
  dataDir: string | undefined,
  lock: InstanceLock | undefined,
): Promise<Embedded> {
  // The environment gets our tables as a customer's does: by importing the solution zip the packer
  // builds (kept under the hash of its sources, so only the first start after a change builds it).
  const emulator = await startDataverseEmulator({
    dbFile: dataDir ? path.join(dataDir, 'dataverse.db') : ':memory:',
    ...(dataDir ? { stateDir: path.join(dataDir, 'emulator') } : {}),
    solutions: [await builtSolutionZip()],
  });
  const techdata = await startTechDataSandbox({
    seed: options.seed ?? 365,
    customers: options.customers ?? 40,
    subscriptionsPerCustomer: options.subscriptionsPerCustomer ?? 4,
  });
  // Ion serves TechData's first 16 customers (with their tenants and domains) and Dicker the next 12, so
  // that automap finds the demo's CRM accounts for them too; each adds a few customers of its own.
  const shared = techdata.customers();
  const ion = await startIonSandbox({
    seed: options.seed ?? 365,
    customers: 20,
    subscriptionsPerCustomer: 3,
    currencyCode: techdata.currencyCode,
    anchors: shared.slice(0, 16).map((c) => ({
      name: c.companyName,
      country: c.country,
      tenantId: c.microsoftTenantId,
      domain: c.microsoftDomain,
    })),
  });
  const dicker = await startDickerSandbox({
    seed: options.seed ?? 365,
    tenants: 15,
    linesPerTenant: 3,
    anchors: shared.slice(16, 28).map((c) => ({ name: c.companyName, tenantId: c.microsoftTenantId })),
  });
  const client = emulator.defaultClient;
  options.redactor.addSecret(client.clientSecret);
  options.redactor.addSecret(techdata.clientSecret);
  options.redactor.addSecret(ion.refreshToken);
  options.redactor.addSecret(dicker.accessToken);
  const tokenProvider = new MsalTokenProvider({
    environmentUrl: emulator.url,
    authority: emulator.authority,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redactor: options.redactor,
    ca: emulator.caPem,
  });
  const dataverse: DataverseTarget = {
    environmentUrl: emulator.url,
    webApiUrl: emulator.webApiUrl,
    tokenProvider,
    ca: emulator.caPem,
  };
  const dv = new DataverseClient({
    webApiUrl: emulator.webApiUrl,
    tokenProvider,
    ca: emulator.caPem,
    logger: options.logger,
  });
  const cfg = techdata.providerConfig();
  const seed = await seedDemoData(dv, {
    dataset: { seed: options.seed ?? 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() },
    currencyCode: techdata.currencyCode,
    providers: [
      {
        name: DEMO_TECHDATA_PROVIDER,
        internalName: cfg.internalName,
        userName: cfg.userName,
        password: cfg.password,
        endpointUrl: cfg.endpointUrl,
        properties: cfg.properties,
      },
      { ...ion.providerConfig(), name: DEMO_ION_PROVIDER },
      { ...dicker.providerConfig(), name: DEMO_DICKER_PROVIDER },
    ],
    extraCurrencies: [{ code: dicker.currencyCode, symbol: '$', exchangeRate: 1.5 }],
    extraProducts: demoDistributorProducts(ion, dicker),
  });
  const manual = await seedManualSubscriptions(dv, {
    dataset: { seed: options.seed ?? 365, customers: techdata.customers(), subscriptions: techdata.subscriptions() },
    internalName: cfg.internalName,
  });
  seed.providerIds[DEMO_MANUAL_PROVIDER] = manual.manualProviderId;
  const stateFile = dataDir ? path.join(dataDir, 'embedded.json') : undefined;
  let closed = false;
  // Also on an exit that skips close (an uncaught error): a state file must never outlive its instance.
  const removeState = () => {
    if (stateFile) fs.rmSync(stateFile, { force: true });
  };
  return {
    dataverse,
    emulator,
    techdata,
    ion,
    dicker,
    seed,
    ...(stateFile ? { stateFile } : {}),
    publishState(serviceUrl: string) {
      if (!stateFile || closed) return;
      // Readable by this user only: it names the emulator's (local, throw-away) service credentials.
      fs.writeFileSync(
        stateFile,
        JSON.stringify(
          {
            url: emulator.url,
            webApiUrl: emulator.webApiUrl,
            authority: emulator.authority,
            caFile: emulator.caFile,
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            serviceUrl,
            pid: process.pid,
          },
          null,
          2,
        ),
        { mode: 0o600 },
      );
      process.once('exit', removeState);
    },
    async close() {
      if (closed) return;
      closed = true;
      process.off('exit', removeState);
      removeState();
      try {
        await dicker.close();
        await ion.close();
        await techdata.close();
        await emulator.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * CRM products for every other Ion part number and Dicker stock code the demo sells, so that their
 * Product Mapping shows both Mapped and Not Mapped SKUs.
 */
function demoDistributorProducts(ion: IonSandbox, dicker: DickerSandbox): DemoProductInput[] {
  const ionSkus = [
    ...new Map(
      ion
        .subscriptions()
        .filter((s) => s.mfgPartNumber)
        .map((s) => [s.mfgPartNumber as string, s]),
    ).values(),
  ];
  const dickerSkus = [...new Map(dicker.lines().map((l) => [l.stockCode, l])).values()];
  return [
    ...ionSkus
      .filter((_, i) => i % 2 === 0)
      .map((s) => ({
        sku: s.mfgPartNumber as string,
        name: `${s.skuDisplayName} (Ion ${s.billingTerm ?? ''})`,
        price: Math.round(s.price * 115) / 100,
        cost: s.cost,
      })),
    ...dickerSkus
      .filter((_, i) => i % 2 === 0)
      .map((l) => ({
        sku: l.stockCode,
        name: `${l.stockDescription} (Dicker)`,
        price: l.unitRrp,
        cost: l.unitPrice,
        currencyCode: dicker.currencyCode,
      })),
  ];
}
