/**
 * The app a partner would trust, clicked through in headless Chromium on an embedded default with a
 * data folder: it opens on the dashboard, whose every chart has data once the flows ran; a list offers
 * the solution's views, sorts and filters; a job item leads to its record; a form with unsaved,
 * invalid edits says so next to the field and asks before it is left; a long job shows its progress
 * without blocking and can be cancelled from the Sync Jobs list while the person works; and a restart
 * of the embedded default in the middle of the flow (after a migration) leaves every row unchanged.
 * Screenshots of the dashboard and of a Sync Job go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { CUSTOM_TABLES, Tables } from '../../solution/schema';
import { checkLicenseLog } from '../../plugins/sync/license-check';
import { DEMO_TECHDATA_PROVIDER } from '../../emulators/embedded';
import { ensurePcfBuilt } from '../pcf-controls/helpers/built';
import { launchBrowser, screenshot, startProduct, step, type Browser, type Product } from './helpers/product';
import {
  closeDialog,
  fieldValue,
  headerValue,
  openApp,
  openList,
  openRecord,
  runCommand,
  startCommand,
  waitForDialog,
} from './helpers/shell-page';

jest.setTimeout(600_000);

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let dataDir: string;
let product: Product;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  await ensurePcfBuilt();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'w365-trust-'));
  product = await startProduct({ dataDir, heartbeatIntervalInMs: 1000 });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const providerId = () => product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];

/** The grid's column texts for one header, top to bottom. */
async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = (await page.locator('table.grid thead tr:first-child th').allInnerTexts()).map((t) =>
    t.replace(/[▲▼]/g, '').trim(),
  );
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`No column '${header}' (there are: ${headers.join(', ')}).`);
  return (await page.locator(`table.grid tbody tr td:nth-child(${index + 1})`).allInnerTexts()).map((t) => t.trim());
}

async function chooseView(page: Page, name: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Choose a view' }).selectOption({ label: name });
  await page.locator('.list-results .count').waitFor();
}

describe('the app a partner would trust', () => {
  it('runs the flows a partner runs, then every chart has data', async () => {
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await step(page, 'opens on the dashboard', async () => {
      await openApp(page, product.url);
      await page.getByRole('heading', { level: 1, name: 'Work 365 Operations' }).waitFor();
      await expect(page.getByRole('link', { name: 'Work 365 Operations' }).getAttribute('aria-current')).resolves.toBe(
        'page',
      );
    });
    await step(page, 'sync accounts and, provider-wide, subscriptions', async () => {
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      const accounts = await runCommand(page, 'Sync Provider Accounts');
      expect(accounts.seen.title).toMatch(/^Sync Provider Accounts: Succeeded/);
      await closeDialog(accounts.dialog);
      const subs = await runCommand(page, 'Sync Subscriptions');
      expect(subs.progress).not.toContain('BLOCKING PROGRESS INDICATOR');
      expect(subs.seen.title).toMatch(/^Sync Subscriptions: Succeeded/);
      await closeDialog(subs.dialog);
      // A provider-wide sync stamps the provider (a contract sync does not).
      await page.waitForFunction(
        () =>
          !/—/.test(
            document.querySelector('.form-header dd[data-column="w365_lastsubscriptionsyncon"]')?.textContent ?? '—',
          ),
      );
    });
    await step(page, 'every chart on the dashboard has data', async () => {
      await page.getByRole('link', { name: 'Work 365 Operations' }).click();
      await page.waitForSelector('main[data-dashboard-ready="true"]');
      const tiles = page.locator('.chart-tile');
      expect(await tiles.count()).toBe(5);
      for (const tile of await tiles.all()) {
        const name = await tile.locator('h2').innerText();
        expect({ name, total: Number(await tile.getAttribute('data-total')) }).toEqual({
          name,
          total: expect.any(Number),
        });
        expect(Number(await tile.getAttribute('data-total'))).toBeGreaterThan(0);
        await expect(tile.locator('canvas').count()).resolves.toBe(1);
        const rows = await tile.locator('.chart-data tbody tr').count();
        expect(rows).toBeGreaterThan(0);
      }
      await screenshot(page, path.join(SCREENSHOTS, 'dashboard.png'));
    });
    expect(pageErrors).toEqual([]);
  });

  it('switches views, sorts by a column and filters by another', async () => {
    const { page } = browser;
    await step(page, 'views', async () => {
      await openList(page, 'Provider Accounts');
      const views = await page.getByRole('combobox', { name: 'Choose a view' }).locator('option').allInnerTexts();
      expect(views).toEqual(['Active Provider Accounts', 'Inactive Provider Accounts', 'Unmapped Provider Accounts']);
      const all = (await columnTexts(page, 'Name')).length;
      await chooseView(page, 'Unmapped Provider Accounts');
      const statuses = await columnTexts(page, 'Mapping Status');
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.length).toBeLessThan(all);
      expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 'Not Setup' || s === 'Suggested')));
      expect(await columnTexts(page, 'Suggested Account')).toBeDefined();
    });
    await step(page, 'sort', async () => {
      await chooseView(page, 'Active Provider Accounts');
      const nameHeader = () => page.locator('table.grid thead th', { hasText: /^Name/ }).first();
      const sortedBy = (order: string) =>
        page.waitForFunction((o) => document.querySelector(`table.grid th[aria-sort="${o}"]`) !== null, order);
      // The view's own order first (by name, A to Z); a click on the header turns it, a second back.
      await sortedBy('ascending');
      const up = await columnTexts(page, 'Name');
      await nameHeader().getByRole('button').click();
      await sortedBy('descending');
      const down = await columnTexts(page, 'Name');
      expect(down).toEqual([...up].reverse());
      expect(down).not.toEqual(up);
      // Another column: by Mapping Status, whose choice Dataverse orders by label [C] (FetchXML
      // `useraworderby` exists to order by value instead).
      await page
        .locator('table.grid thead th', { hasText: /^Mapping Status/ })
        .getByRole('button')
        .click();
      await sortedBy('ascending');
      const statuses = await columnTexts(page, 'Mapping Status');
      expect(new Set(statuses).size).toBeGreaterThan(1);
      expect(statuses).toEqual([...statuses].sort((a, b) => a.localeCompare(b)));
      await nameHeader().getByRole('button').click();
      await sortedBy('ascending');
      expect(await columnTexts(page, 'Name')).toEqual(up);
    });
    await step(page, 'filter', async () => {
      await page.getByRole('combobox', { name: 'Filter Mapping Status' }).selectOption({ label: 'Mapped' });
      await page.waitForFunction(
        () =>
          (document.querySelector('[aria-label="Filter Mapping Status"]') as HTMLSelectElement | null)?.value !== '',
      );
      await page.locator('.list-results .count').waitFor();
      const statuses = await columnTexts(page, 'Mapping Status');
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['Mapped']));
    });
    await step(page, 'recent license changes show the customer', async () => {
      await openList(page, 'License Change Logs');
      await chooseView(page, 'Recent License Changes');
      const customers = await columnTexts(page, 'Customer (Subscription)');
      expect(customers.filter((c) => c && c !== '—').length).toBeGreaterThan(0);
    });
  });

  it('follows a job item to its record; the job reads as a summary', async () => {
    const { page } = browser;
    await step(page, 'items name their table in words', async () => {
      await openRecord(page, 'Sync Jobs', `Sync Provider Accounts: ${DEMO_TECHDATA_PROVIDER}`);
      const items = page.locator('section[data-subgrid="items"]');
      await items.locator('.count').waitFor();
      const recordTypes = await items.locator('tbody tr td:nth-child(4)').allInnerTexts();
      expect(recordTypes).toContain('Provider Account');
      expect(recordTypes.join(' ')).not.toContain('w365_');
    });
    await step(page, 'open an item’s record from the job', async () => {
      await openRecord(page, 'Sync Jobs', `Sync Subscriptions: ${DEMO_TECHDATA_PROVIDER}`);
      const items = page.locator('section[data-subgrid="items"]');
      await items.locator('.count').waitFor();
      await screenshot(page, path.join(SCREENSHOTS, 'sync-job.png'));
      const link = items.locator('a.record-link').first();
      const name = (await link.innerText()).trim();
      await link.click();
      await page.locator('.form-header h1', { hasText: name }).waitFor();
      expect(await page.locator('.form-header .table-name').innerText()).toBe('Provider Account');
    });
    await step(page, 'a provider-wide job’s result is a summary, not JSON', async () => {
      await openRecord(page, 'Sync Jobs', `Sync Subscriptions: ${DEMO_TECHDATA_PROVIDER}`);
      await page.getByRole('tab', { name: 'Details' }).click();
      const result = page.locator('.field[data-column="w365_result"] output');
      await expect(result.innerText()).resolves.toMatch(/Created\n[\d,]+/);
      await expect(result.innerText()).resolves.not.toContain('{');
    });
  });

  it('a dirty, invalid form says why next to the field and asks before it is left', async () => {
    const { page } = browser;
    await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
    const save = page.getByRole('toolbar').getByRole('button', { name: 'Save', exact: true });
    expect(await save.isDisabled()).toBe(true);
    const url = page.getByRole('textbox', { name: 'End Point URL' });
    const before = await url.inputValue();
    await url.fill('not a url');
    // Enabled by the keystroke, before the field loses focus; the problem in words, next to it.
    expect(await save.isEnabled()).toBe(true);
    const error = page.locator('.field[data-column="w365_endpointurl"] .field-error');
    await expect(error.innerText()).resolves.toBe(
      'End Point URL must be a web address, such as https://example.com/path.',
    );
    await save.click();
    await page.locator('.notification.error', { hasText: 'Not saved: one field needs a fix (see below).' }).waitFor();
    // Leaving asks; "Stay" keeps the edit.
    await page.getByRole('navigation', { name: 'Site map' }).getByRole('link', { name: 'Sync Jobs' }).click();
    const ask = await waitForDialog(page);
    expect(ask.seen.title).toBe('Unsaved changes');
    expect(ask.seen.text).toContain(`Your changes to ${DEMO_TECHDATA_PROVIDER} are not saved.`);
    await closeDialog(ask.dialog, 'Stay on this page');
    expect(await url.inputValue()).toBe('not a url');
    // Back to the saved value: nothing to save, nothing to ask.
    await url.fill(before);
    expect(await save.isDisabled()).toBe(true);
    await url.fill('https://example.com/token');
    await page.getByRole('navigation', { name: 'Site map' }).getByRole('link', { name: 'Sync Jobs' }).click();
    const again = await waitForDialog(page);
    await closeDialog(again.dialog, 'Leave and discard');
    await page.getByRole('heading', { level: 1, name: 'Sync Jobs', exact: true }).waitFor();
    const row = await product.service.dv.retrieve(Tables.provider.entitySetName, providerId(), [
      Tables.provider.col.endpointUrl,
    ]);
    expect(row?.[Tables.provider.col.endpointUrl]).toBe(before);
  });

  it('a long job does not block the page, and Cancel Job ends it', async () => {
    const { page } = browser;
    // Every distributor request takes 5 s: the sync runs long enough to be cancelled by hand.
    product.embedded.techdata.setLatency(5000);
    await step(page, 'cancel a long job', async () => {
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      await startCommand(page, 'Sync Subscriptions');
      // The progress is a bar in the form's notification area; no modal blocks the page.
      await page.locator('.notifications [data-id^="w365-job-progress"]', { hasText: /[▰▱]{10}/ }).waitFor();
      expect(await page.locator('.progress-backdrop').count()).toBe(0);
      // The person keeps working: to the Sync Jobs list, the running job, Work 365 > Cancel Job.
      await openList(page, 'Sync Jobs');
      const running = page.locator('table.grid tbody tr', { hasText: 'Running' }).first();
      await running.waitFor();
      await running.getByRole('checkbox').check();
      await startCommand(page, 'Cancel Job');
      const ask = await waitForDialog(page);
      expect(ask.seen.title).toBe('Cancel the job?');
      await closeDialog(ask.dialog, 'Cancel job');
      // Both the Cancel command and the command that started the job end on the job's outcome.
      const outcomes = page.getByRole('dialog').filter({ hasText: 'Sync Subscriptions: Cancelled' });
      await page.waitForFunction(
        () =>
          Array.from(document.querySelectorAll('[role="dialog"] h2')).filter(
            (e) => e.textContent === 'Sync Subscriptions: Cancelled',
          ).length === 2,
        undefined,
        { timeout: 60_000 },
      );
      const outcome = outcomes.first();
      expect(await outcome.locator('.dialog-text').innerText()).toContain('Cancelled: stopped at the next checkpoint');
      // The newest dialog is on top: close from the last.
      while ((await page.getByRole('dialog').count()) > 0)
        await page.getByRole('dialog').last().getByRole('button', { name: 'Close', exact: true }).click();
      await chooseView(page, 'Active Sync Jobs');
      const cancelled = page.locator('table.grid tbody tr', { hasText: 'Cancelled' }).first();
      await cancelled.getByRole('link').click();
      expect(await headerValue(page, 'Job Status')).toBe('Cancelled');
      expect(await fieldValue(page, 'Cancel Requested')).toBe('Yes');
    }).finally(() => product.embedded.techdata.setLatency(0));
  });

  it('a restart in the middle of the flow leaves every row as the flow left it', async () => {
    const { page } = browser;
    await step(page, 'migrate the manual subscriptions', async () => {
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      const dry = await runCommand(page, 'Migrate Manual Subscriptions');
      expect(dry.seen.title).toBe('Migration plan (dry run)');
      await closeDialog(dry.dialog, 'Apply');
      const applied = await waitForDialog(page);
      expect(applied.seen.title).toMatch(/^Migrate Manual Subscriptions: Succeeded/);
      await closeDialog(applied.dialog);
    });
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const t of [...CUSTOM_TABLES, Tables.account, Tables.product]) {
        const rows = await product.service.dv.all(t.entitySetName, { orderby: t.primaryIdAttribute });
        // A demo provider follows its sandbox to its new address; nothing else may move.
        out[t.logicalName] =
          t === Tables.provider || t === Tables.providerProperty ? rows.map((r) => r[t.primaryNameAttribute]) : rows;
      }
      return out;
    };
    const before = await snapshot();
    expect((await checkLicenseLog(product.service.dv, providerId())).mismatches).toEqual([]);
    await step(page, 'restart and read the app again', async () => {
      await product.close();
      product = await startProduct({ dataDir, heartbeatIntervalInMs: 1000 });
      await openApp(page, product.url);
      await openList(page, 'Subscriptions');
      await chooseView(page, 'Inactive Subscriptions');
      const names = await columnTexts(page, 'Name');
      expect(names.some((n) => n.endsWith('(entered by hand)'))).toBe(true);
    });
    expect(await snapshot()).toEqual(before);
    expect((await checkLicenseLog(product.service.dv, providerId())).mismatches).toEqual([]);
  });
});
