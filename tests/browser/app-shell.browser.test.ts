/**
 * The whole flow a person does in the app shell, in headless Chromium, from a fresh start of the
 * embedded default: Verify Connectivity and Sync Provider Accounts on the demo TechData provider, map
 * one provider account in the account-mapping grid on the Provider form (the built AccountMappingGrid
 * PCF control, mounted by the PCF host), Sync Subscriptions on that customer's billing contract, and
 * read the job. Each step asserts what the user sees (dialog titles and text, header values, rows
 * listed, the grid's rows and counts). The buttons run the real bundled web resources; the page's Web
 * API, the ribbon's and the grid's, goes through the shell's proxy.
 */
import { Choices, Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import { DEMO_TECHDATA_PROVIDER } from '../../emulators/embedded';
import { ensurePcfBuilt } from '../pcf-controls/helpers/built';
import { launchBrowser, startProduct, step, type Browser, type Product } from './helpers/product';
import {
  closeDialog,
  fieldValue,
  headerValue,
  mapAccount,
  openApp,
  openRecord,
  runCommand,
  waitForDialog,
} from './helpers/shell-page';

jest.setTimeout(180_000);

let product: Product;
let browser: Browser;

beforeAll(async () => {
  // The browser first: if it is missing, fail at once instead of after starting the product.
  browser = await launchBrowser();
  // The Provider form mounts the built AccountMappingGrid (a no-op when `npm test` has just built it).
  await ensurePcfBuilt();
  product = await startProduct();
});

afterAll(async () => {
  await browser?.close();
  await product?.close();
});

/**
 * The account a person would map next: a suggestion automap did not apply, whose CRM account has
 * exactly one default billing contract (so synced subscriptions land on it) and which has
 * subscriptions at TechData. Read from Dataverse and the sandbox, as the person would see them.
 */
async function accountToMap(): Promise<{
  providerAccount: string;
  crmAccount: string;
  contract: string;
  subscriptions: number;
}> {
  const { dv } = product.service;
  const PA = Tables.providerAccount;
  const BC = Tables.billingContract;
  const providerId = product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];
  const suggested = await dv.all(PA.entitySetName, {
    select: [PA.col.name, PA.col.providerSpecificId, PA.val.suggestedAccount],
    filter: `${eq(PA.val.provider, { guid: providerId })} and ${eq(PA.col.mappingStatus, Choices.mappingStatus.Suggested)}`,
    orderby: PA.col.name,
  });
  const subscriptions = product.embedded.techdata.subscriptions();
  for (const row of suggested) {
    const accountId = String(row[PA.val.suggestedAccount] ?? '');
    const count = subscriptions.filter((s) => s.endCustomerId === row[PA.col.providerSpecificId]).length;
    if (!accountId || count === 0) continue;
    const contracts = await dv.all(BC.entitySetName, {
      select: [BC.col.name],
      filter: `${eq(BC.val.customer, { guid: accountId })} and ${eq(BC.col.isDefault, true)}`,
    });
    const account = await dv.retrieve(Tables.account.entitySetName, accountId, [Tables.account.col.name]);
    if (contracts.length === 1 && account) {
      return {
        providerAccount: String(row[PA.col.name]),
        crmAccount: String(account[Tables.account.col.name]),
        contract: String(contracts[0][BC.col.name]),
        subscriptions: count,
      };
    }
  }
  throw new Error('The demo data has no suggested, unmapped account with one default contract and subscriptions.');
}

/** The TechData provider's accounts per mapping status (by the choice's label), as Dataverse holds them. */
async function countsInDataverse(): Promise<Record<string, number>> {
  const PA = Tables.providerAccount;
  const rows = await product.service.dv.all(PA.entitySetName, {
    select: [PA.col.mappingStatus],
    filter: eq(PA.val.provider, { guid: product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER] }),
  });
  return Object.fromEntries(
    Choices.mappingStatus.options.map((o) => [o.label, rows.filter((r) => r[PA.col.mappingStatus] === o.value).length]),
  );
}

/** A billing contract (the only default one) of a customer who has subscriptions kept by hand. */
async function contractWithManualSubscriptions(): Promise<string> {
  const { dv } = product.service;
  const S = Tables.subscription;
  const BC = Tables.billingContract;
  const manual = await dv.all(S.entitySetName, {
    select: [S.val.customer],
    filter: `${eq(S.col.isSynced, false)} and ${S.val.customer} ne null`,
  });
  for (const customerId of [...new Set(manual.map((r) => String(r[S.val.customer])))].sort()) {
    const contracts = await dv.all(BC.entitySetName, {
      select: [BC.col.name],
      filter: `${eq(BC.val.customer, { guid: customerId })} and ${eq(BC.col.isDefault, true)}`,
    });
    if (contracts.length === 1) return String(contracts[0][BC.col.name]);
  }
  throw new Error('The demo data has no customer with manual subscriptions and one default contract.');
}

describe('the app shell, clicked through in Chromium', () => {
  it('verify, sync accounts, map, sync subscriptions, read the job', async () => {
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Nothing secret reaches the browser: it talks only to the shell's origin and never holds a token.
    const requests: { url: string; authorization?: string }[] = [];
    page.on('request', (r) => requests.push({ url: r.url(), authorization: r.headers().authorization }));

    await step(page, 'open the provider', async () => {
      await openApp(page, product.url);
      await expect(page.getByRole('banner').innerText()).resolves.toContain('Development harness');
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      // Never checked yet: the column is empty (a choice's default applies on forms, not to Web API creates).
      expect(await headerValue(page, 'Connectivity Status')).toBe('—');
      // The client secret is field-secured: the shell's Web API account reads it as null.
      expect(await fieldValue(page, 'Password')).toBe('Secured: not readable here');
    });

    await step(page, 'verify connectivity', async () => {
      const { progress, seen, dialog, requests } = await runCommand(page, 'Verify Connectivity');
      expect(progress.some((p) => p.startsWith('Verify Connectivity: '))).toBe(true);
      expect(progress).not.toContain('BLOCKING PROGRESS INDICATOR');
      // The requests a command makes: one read for a running job, one create, then one read per poll.
      const J = Tables.syncJob.entitySetName;
      expect(requests[0]).toMatch(new RegExp(`^GET ${J}\\?\\$select=.*&\\$filter=.*&\\$top=1$`));
      expect(requests[1]).toBe(`POST ${J}`);
      const polls = requests.slice(2);
      expect(polls.length).toBeGreaterThanOrEqual(1);
      expect(polls.every((r) => new RegExp(`^GET ${J}\\([0-9a-f-]{36}\\)\\?\\$select=`).test(r))).toBe(true);
      expect(seen.title).toBe('Verify Connectivity: Succeeded');
      expect(seen.text).toMatch(
        /^Verified: Connected to TechData: the Client ID, Client Secret and TechData SOIN were accepted/,
      );
      await closeDialog(dialog);
      // The command refreshed the form: the provider now shows what the job wrote on it.
      await page.locator('.form-header dd', { hasText: 'Verified' }).waitFor();
      expect(await headerValue(page, 'Connectivity Status')).toBe('Verified');
    });

    await step(page, 'sync provider accounts', async () => {
      const { seen, dialog } = await runCommand(page, 'Sync Provider Accounts');
      expect(seen.title).toBe('Sync Provider Accounts: Succeeded With Warnings');
      expect(seen.text).toContain('Listed 40 customers at TechData (demo sandbox), 40 new');
      expect(seen.text).toContain('Created 40, updated 0, unchanged 0, skipped 0, failed 0.');
      expect(seen.text).toMatch(/First 3 of \d+ warnings:\n• .+\n• .+\n• .+$/);
      await closeDialog(dialog);
      await page.waitForFunction(
        () =>
          !/—/.test(
            document.querySelector('.form-header dd[data-column="w365_lastaccountsyncon"]')?.textContent ?? '—',
          ),
      );
    });

    const target = await accountToMap();
    const countsBefore = await countsInDataverse();

    await step(page, 'map one provider account in the grid', async () => {
      const seen = await mapAccount(page, DEMO_TECHDATA_PROVIDER, target.providerAccount, target.crmAccount);
      // The row as found: automap's suggestion, not applied, no CRM account yet; the counts are the
      // provider's, as the sync left them in Dataverse.
      expect(seen.before.row).toEqual({ status: 'Suggested', note: '', crmAccount: '' });
      expect(seen.before.counts).toEqual(countsBefore);
      expect(Object.values(countsBefore).reduce((a, b) => a + b, 0)).toBe(40);
      expect(seen.before).toMatchObject({ saveButton: 'Save all (0)', saveEnabled: false });
      // Chosen in the picker: mapped, not saved yet, counted already.
      expect(seen.chosen.row).toEqual({ status: 'Mapped', note: 'Unsaved', crmAccount: target.crmAccount });
      expect(seen.chosen).toMatchObject({ saveButton: 'Save all (1)', saveEnabled: true });
      const counts = {
        ...seen.before.counts,
        Suggested: seen.before.counts.Suggested - 1,
        Mapped: seen.before.counts.Mapped + 1,
      };
      expect(seen.chosen.counts).toEqual(counts);
      // Saved: one write, nothing left to save, the row and counts as chosen.
      expect(seen.saveMessage).toBe('1 saved, 0 changed by someone else, 0 failed.');
      expect(seen.saved).toEqual({
        counts,
        row: { status: 'Mapped', note: '', crmAccount: target.crmAccount },
        saveButton: 'Save all (0)',
        saveEnabled: false,
      });
      // The page reloaded: the grid reads the mapping back from Dataverse, which holds the same counts.
      expect(seen.reloaded).toEqual(seen.saved);
      expect(await countsInDataverse()).toEqual(counts);
    });

    let jobName = '';
    await step(page, 'sync subscriptions on the billing contract', async () => {
      await openRecord(page, 'Billing Contracts', target.contract);
      await expect(page.locator('section[data-subgrid="subscriptions"] .count').innerText()).resolves.toBe('0 rows');
      const { progress, seen, dialog } = await runCommand(page, 'Sync Subscriptions');
      expect(progress.slice(0, 2)).toEqual([
        'Sync Subscriptions: checking for a job that is already running…',
        'Sync Subscriptions: starting…',
      ]);
      // Then the job's own progress, read from the job row: a bar and the step, with its percentage.
      expect(
        progress
          .slice(2)
          .every(
            (p) =>
              /^[▰▱]{10} Sync Subscriptions: .+ \(\d+%\)$/.test(p) ||
              p === 'Sync Subscriptions: waiting for the sync service to start the job…',
          ),
      ).toBe(true);
      expect(progress.length).toBeGreaterThan(2);
      expect(seen.title).toMatch(/^Sync Subscriptions: Succeeded/);
      expect(seen.text).toContain(
        `for billing contract ${target.contract}: ${target.subscriptions} listed at the distributor. New (${target.subscriptions}):`,
      );
      expect(seen.text).toContain(`Created ${target.subscriptions}, updated 0`);
      await closeDialog(dialog);
      // The subgrid was refreshed by the command: the new subscriptions are listed on the contract.
      const grid = page.locator('section[data-subgrid="subscriptions"]');
      await grid.locator('.count', { hasText: `${target.subscriptions} row` }).waitFor();
      const names = await grid.locator('tbody tr td:first-child').allInnerTexts();
      expect(names).toHaveLength(target.subscriptions);
      for (const name of names) expect(seen.text).toContain(name.trim());
      jobName = `Sync Subscriptions: ${target.contract} (${DEMO_TECHDATA_PROVIDER})`;
    });

    await step(page, 'read the job', async () => {
      await page.getByRole('tab', { name: 'Sync Jobs' }).click();
      await page.locator('section[data-subgrid="syncjobs"]').getByRole('link', { name: jobName }).click();
      await page.locator('.form-header h1', { hasText: jobName }).waitFor();
      expect(await headerValue(page, 'Job Status')).toBe('Succeeded');
      expect(await headerValue(page, 'Operation')).toBe('Sync Subscriptions');
      expect(await fieldValue(page, 'Created')).toBe(String(target.subscriptions));
      expect(await fieldValue(page, 'Trigger')).toBe('Manual');
      expect(await fieldValue(page, 'Summary')).toContain(`New (${target.subscriptions})`);
    });

    expect(pageErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(20);
    expect(requests.filter((r) => !r.url.startsWith(`${product.url}/`))).toEqual([]);
    expect(requests.filter((r) => r.authorization !== undefined)).toEqual([]);
    expect(
      requests.filter(
        (r) => r.url.includes(Tables.provider.col.password) || r.url.includes(Tables.provider.col.tokenState),
      ),
    ).toEqual([]);
  });

  // Runs after the flow above (jest runs a file's tests in order): the provider's accounts are synced.
  it('migrates manual subscriptions: dry run, the plan, Apply, the outcome', async () => {
    const { page } = browser;
    const contract = await contractWithManualSubscriptions();

    await step(page, 'sync the subscriptions the manual ones pair with', async () => {
      await openRecord(page, 'Billing Contracts', contract);
      const { seen, dialog } = await runCommand(page, 'Sync Subscriptions');
      expect(seen.title).toMatch(/^Sync Subscriptions: Succeeded/);
      await closeDialog(dialog);
    });

    await step(page, 'dry run and plan', async () => {
      await openRecord(page, 'Providers', DEMO_TECHDATA_PROVIDER);
      const { progress, seen, dialog } = await runCommand(page, 'Migrate Manual Subscriptions');
      expect(progress).toContain('Migrate Manual Subscriptions (dry run): starting…');
      expect(seen.title).toBe('Migration plan (dry run)');
      const m =
        /^The dry run found (\d+) manual subscriptions? to migrate:\n((?:• .+ \(manual, \d+\) → .+ \(synced, \d+\): \d+ log entr(?:y moves|ies move)\n)+)/.exec(
          seen.text,
        );
      expect(m).not.toBeNull();
      expect(
        seen.text.endsWith(
          'Apply the migration? Their License Change Log history moves to the synced subscriptions and the manual subscriptions are deactivated.',
        ),
      ).toBe(true);
      await closeDialog(dialog, 'Apply');
      const applied = await waitForDialog(page);
      expect(applied.seen.title).toMatch(/^Migrate Manual Subscriptions: Succeeded/);
      expect(applied.seen.text).toContain(`Migrated ${m?.[1]} manual subscription`);
      await closeDialog(applied.dialog);
    });

    await step(page, 'a second dry run finds nothing left to pair', async () => {
      const { seen, dialog } = await runCommand(page, 'Migrate Manual Subscriptions');
      expect(seen.title).toMatch(/^Migrate Manual Subscriptions \(dry run\): /);
      expect(seen.text).toMatch(/^Dry run\. Would migrate 0 manual subscriptions/);
      await closeDialog(dialog);
    });
  });
});
