/**
 * The invoice review flow of issue 17, clicked through in headless Chromium on the embedded default with
 * the app shell: on the TechData provider "Import Invoice" picks the demo's invoice CSV (built from the
 * synced data with planted variances, as `w365 demo` builds it) through Xrm.Device.pickFile's file
 * input; the imported Distributor Invoice is reconciled from its ribbon and its Variances subgrid shows
 * the planted variances Open; a variance is accepted from the Open Variances list; a second Reconcile
 * keeps it Accepted and adds nothing; importing the same file again changes nothing. The screenshot of
 * the invoice with its variances goes to docs/screenshots/invoice-variances.png.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import { RowNames } from '../../plugins/invoices/strings';
import { ShellStrings } from '../../emulators/app-shell/strings';
import { DEMO_TECHDATA_PROVIDER } from '../../emulators/embedded';
import { demoTechDataInvoice, lastMonth, type DemoInvoiceFile } from '../../emulators/embedded/demo-invoices';
import { launchBrowser, screenshot, startProduct, step, type Browser, type Product } from './helpers/product';
import {
  closeDialog,
  headerValue,
  openApp,
  openList,
  openRecord,
  runCommand,
  startCommand,
  waitForDialog,
  type DialogSeen,
} from './helpers/shell-page';

jest.setTimeout(600_000);

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let product: Product;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  product = await startProduct({ heartbeatIntervalInMs: 1000 });
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

const providerId = () => product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];

interface VarianceSeen {
  name: string;
  type: string;
  status: string;
}

/** One grid's rows as the person reads them, by column header. */
async function gridRows(grid: Locator, headers: readonly string[]): Promise<Record<string, string>[]> {
  const titles = (await grid.locator('thead tr:first-child th').allInnerTexts()).map((t) =>
    t.replace(/[▲▼]/g, '').trim(),
  );
  const indexes = headers.map((h) => {
    const i = titles.indexOf(h);
    if (i < 0) throw new Error(`No column '${h}' (there are: ${titles.join(', ')}).`);
    return i;
  });
  const rows: Record<string, string>[] = [];
  for (const row of await grid.locator('tbody tr').all()) {
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    rows.push(Object.fromEntries(headers.map((h, k) => [h, cells[indexes[k]] ?? ''])));
  }
  return rows;
}

/** The invoice form's Variances subgrid, once it has loaded. */
async function subgridVariances(page: Page): Promise<VarianceSeen[]> {
  const section = page.locator('section[data-subgrid="variances"]');
  await section.locator('.count').waitFor();
  const rows = await gridRows(section.locator('table'), ['Name', 'Variance Type', 'Review Status']);
  return rows.map((r) => ({ name: r['Name'], type: r['Variance Type'], status: r['Review Status'] }));
}

/** Provider form -> Import Invoice -> the file picker's input -> OK; the dialog the job ends with. */
async function importInvoiceFile(page: Page, file: DemoInvoiceFile): Promise<DialogSeen> {
  await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
  await startCommand(page, 'Import Invoice');
  const picker = page.getByRole('dialog', { name: ShellStrings.pickFile });
  await picker.waitFor();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), picker.locator('input[type="file"]').click()]);
  await chooser.setFiles({ name: file.fileName, mimeType: 'text/csv', buffer: file.content });
  await picker.getByRole('button', { name: ShellStrings.ok, exact: true }).click();
  await picker.waitFor({ state: 'detached' });
  const outcome = await waitForDialog(page);
  await closeDialog(outcome.dialog);
  return outcome.seen;
}

async function reconcile(page: Page): Promise<DialogSeen> {
  const run = await runCommand(page, 'Reconcile');
  expect(run.progress).not.toContain('BLOCKING PROGRESS INDICATOR');
  await closeDialog(run.dialog);
  return run.seen;
}

async function rowsOf(entitySetName: string, filter: string): Promise<Record<string, unknown>[]> {
  const table = Object.values(Tables).find((t) => t.entitySetName === entitySetName);
  if (!table) throw new Error(entitySetName);
  return product.service.dv.all(table.entitySetName, { filter, orderby: table.primaryIdAttribute });
}

describe('the invoice review flow', () => {
  it('imports, reconciles, accepts, reruns and reimports without changing what a person decided', async () => {
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const period = lastMonth(new Date());
    let file!: DemoInvoiceFile;
    await step(page, 'sync accounts and subscriptions, then build the invoice file', async () => {
      await openApp(page, product.url);
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      for (const command of ['Sync Provider Accounts', 'Sync Subscriptions']) {
        const run = await runCommand(page, command);
        expect(run.seen.title).toMatch(new RegExp(`^${command}: Succeeded`));
        await closeDialog(run.dialog);
      }
      // The demo's TechData invoice: one line per active monthly subscription, the first billing two
      // seats more than the CRM has (a Quantity variance), one below the CRM's unit cost and one for a
      // subscription the CRM does not know.
      file = await demoTechDataInvoice(product.service.dv, providerId(), new Date());
      expect(file.planted).toBe(3);
    });
    const invoiceName = RowNames.invoice(DEMO_TECHDATA_PROVIDER, file.invoiceNumber, period.start);
    const I = Tables.distributorInvoice;
    const invoicesOfProvider = () => rowsOf(I.entitySetName, eq(I.val.provider, { guid: providerId() }));

    await step(page, 'import the invoice file from the provider', async () => {
      // The whole dialog, so a failure shows why.
      expect(await importInvoiceFile(page, file)).toEqual({
        title: expect.stringMatching(/^Import Invoice: Succeeded/),
        text: expect.any(String),
      });
      const invoices = await invoicesOfProvider();
      expect(invoices.map((r) => r[I.col.invoiceNumber])).toEqual([file.invoiceNumber]);
    });

    let first: VarianceSeen[] = [];
    await step(page, 'reconcile the imported invoice', async () => {
      await openRecord(page, 'Distributor Invoices', invoiceName);
      expect(await headerValue(page, 'Import Status')).toBe('Imported');
      expect((await reconcile(page)).title).toMatch(/^Reconcile: Succeeded/);
      first = await subgridVariances(page);
      const types = first.map((v) => v.type);
      expect(types).toEqual(expect.arrayContaining(['Quantity', 'Unit Cost', 'Missing in CRM']));
      expect(new Set(first.map((v) => v.status))).toEqual(new Set(['Open']));
      await screenshot(page, path.join(SCREENSHOTS, 'invoice-variances.png'));
    });
    const quantity = first.filter((v) => v.type === 'Quantity');
    expect(quantity).toHaveLength(1);

    const expected = first.map((v) => (v.type === 'Quantity' ? { ...v, status: 'Accepted' } : v));
    const byName = (a: VarianceSeen, b: VarianceSeen) => a.name.localeCompare(b.name);
    await step(page, 'accept the quantity variance from the Open Variances list', async () => {
      await openList(page, 'Variances');
      await page.getByRole('combobox', { name: 'Choose a view' }).selectOption({ label: 'Open Variances by Type' });
      await page.locator('.list-results .count').waitFor();
      const row = page.locator('table.grid tbody tr', { has: page.getByRole('link', { name: quantity[0].name }) });
      await row.getByRole('checkbox').check();
      const run = await runCommand(page, 'Accept');
      expect(run.seen.text).toMatch(/^1 /);
      await closeDialog(run.dialog);
      // Accepted is no longer open: the view drops it once the grid refreshed.
      await page
        .locator('table.grid tbody tr', { has: page.getByRole('link', { name: quantity[0].name }) })
        .waitFor({ state: 'detached' });
      // The invoice's subgrid reads it Accepted, the others still Open.
      await openRecord(page, 'Distributor Invoices', invoiceName);
      expect((await subgridVariances(page)).sort(byName)).toEqual([...expected].sort(byName));
    });

    await step(page, 'reconcile again: the verdict stays, nothing new', async () => {
      await openRecord(page, 'Distributor Invoices', invoiceName);
      // Over the same data a rerun writes nothing, and says so.
      expect((await reconcile(page)).title).toMatch(/^Reconcile: No Change/);
      expect((await subgridVariances(page)).sort(byName)).toEqual([...expected].sort(byName));
    });

    await step(page, 'import the same file again: nothing changes', async () => {
      const invoice = (await invoicesOfProvider())[0];
      const L = Tables.invoiceLine;
      const linesOf = () => rowsOf(L.entitySetName, eq(L.val.invoice, { guid: String(invoice[I.col.id]) }));
      const lines = await linesOf();
      expect(await importInvoiceFile(page, file)).toEqual({
        title: expect.stringMatching(/^Import Invoice: No Change/),
        text: expect.any(String),
      });
      expect(await invoicesOfProvider()).toEqual([invoice]);
      expect(await linesOf()).toEqual(lines);
      await openRecord(page, 'Distributor Invoices', invoiceName);
      expect((await subgridVariances(page)).sort(byName)).toEqual([...expected].sort(byName));
    });
    expect(pageErrors).toEqual([]);
  });
});
