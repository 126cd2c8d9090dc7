/**
 * The README's main job for a browser test: the embedded default started fresh (in-memory emulator,
 * TechData sandbox, demo data) and the sync service on port 0 with the app shell registered, wired as
 * `w365 serve` wires them; plus headless Debian Chromium through playwright-core (never a downloaded
 * browser). A missing browser is an error, not a skip: CI must not pass without running these tests.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../../scripts/browser/chromium';
import { loadConfig } from '../../../plugins/host/config';
import { registerWebhooks } from '../../../plugins/host/register-webhooks';
import { startService, type RunningService } from '../../../plugins/host/service';
import { defaultConnectorRegistry } from '../../../plugins/providers';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { SOLUTION_VERSION } from '../../../solution/version';
import { appShellTokenProvider, registerAppShell } from '../../../emulators/app-shell';
import { startEmbedded, type Embedded } from '../../../emulators/embedded';

export const CHROMIUM = '/usr/bin/chromium';
// The same flags as the PCF browser tests' Chromium: no traffic of its own.
export { CHROMIUM_ARGS };

export interface Product {
  url: string;
  embedded: Embedded;
  service: RunningService;
  close(): Promise<void>;
}

export interface ProductOptions {
  /** A data folder (the embedded default's database survives a restart); default in memory. */
  dataDir?: string;
  /** How often a running job's heartbeat (and its cancel check) runs; the service's default is 15 s. */
  heartbeatIntervalInMs?: number;
}

export async function startProduct(options: ProductOptions = {}): Promise<Product> {
  const redactor = new Redactor();
  const logger = createLogger({ redactor, level: 'warn', destination: process.stderr as never });
  const embedded = await startEmbedded({ redactor, logger, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const config = loadConfig({ W365_PORT: '0', W365_LOG_LEVEL: 'warn' }, { hostname: `browser-test-${os.hostname()}` });
  const webhookKey = randomBytes(32).toString('base64url');
  redactor.addSecret(webhookKey);
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
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
    ...(options.heartbeatIntervalInMs ? { heartbeatIntervalInMs: options.heartbeatIntervalInMs } : {}),
    register: (app) =>
      registerAppShell(app, {
        repoRoot,
        environmentUrl: embedded.emulator.url,
        tokenProvider: appShellTokenProvider(embedded.emulator, redactor),
        ca: embedded.emulator.caPem,
      }),
  });
  await registerWebhooks(service.dv, { serviceUrl: service.url, webhookKey });
  return {
    url: service.url,
    embedded,
    service,
    async close() {
      await service.close();
      await embedded.close();
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(executablePath: string = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `BROWSER_MISSING: ${executablePath} does not exist. Install Debian's Chromium (apt-get install -y chromium); .ci/run does. These tests never download a browser and never skip.`,
    );
  }
  // A new, empty profile for every run: nothing from an earlier run (cookies, cache) can make a test pass.
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'w365-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves what the page shows now as a PNG (docs/screenshots for the closing note, test-results for failures). */
export async function screenshot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

/** Runs one step; on failure saves a screenshot to test-results/ and fails with the step's name. */
export async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const dir = path.resolve(__dirname, '..', '..', '..', 'test-results');
    const file = path.join(dir, `app-shell-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    (err as Error).message = `${name} failed (screenshot: ${file}):\n${(err as Error).message}`;
    throw err;
  }
}
