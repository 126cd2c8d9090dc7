/**
 * What a person does in the app shell, as steps a browser test can call: open a list or a record,
 * run a Work 365 command and read the dialog it ends with, and map a provider account in the PCF
 * account-mapping grid on the Provider form (the built AccountMappingGrid, mounted by the PCF host).
 */
import type { Locator, Page, Request } from 'playwright-core';

/** Commands poll their job for up to 180 s; the demo's jobs finish in a few seconds. */
export const COMMAND_TIMEOUT_IN_MS = 60_000;

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}

export async function openList(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Site map' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  await page.locator('table.grid').first().waitFor();
}

/** Search a list by name and open the row whose name is exactly `name`. */
export async function openRecord(page: Page, listTitle: string, name: string): Promise<void> {
  await openList(page, listTitle);
  await page.getByRole('searchbox', { name: `Search ${listTitle}`, exact: true }).fill(name);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const link = page.locator('table.grid').getByRole('link', { name, exact: true });
  await link.first().click();
  await page.locator('.form-header h1', { hasText: name }).waitFor();
}

export interface DialogSeen {
  title: string;
  text: string;
}

/** The dialog a command ends with (waiting out the progress indicator), as the user reads it. */
export async function waitForDialog(
  page: Page,
  timeoutInMs = COMMAND_TIMEOUT_IN_MS,
): Promise<{ seen: DialogSeen; dialog: Locator }> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: timeoutInMs });
  return {
    seen: {
      title: (await dialog.locator('h2').innerText()).trim(),
      text: (await dialog.locator('.dialog-text').innerText()).trim(),
    },
    dialog,
  };
}

export interface CommandRun {
  /** Every progress message the command showed (form or app notification, never a blocking indicator), in order. */
  progress: string[];
  seen: DialogSeen;
  dialog: Locator;
  /** The Web API requests the command made until its dialog showed: `GET w365_syncjobs(…)?…`. */
  requests: string[];
}

/** Work 365 flyout -> command, once its enable rules allow it; returns at once (the command runs on). */
export async function startCommand(page: Page, command: string): Promise<void> {
  await page.getByRole('button', { name: /^Work 365/ }).click();
  await page.waitForFunction(
    (label) =>
      Array.from(document.querySelectorAll('[role="menuitem"]')).some(
        (e) => e.textContent === label && e.getAttribute('aria-disabled') === 'false',
      ),
    command,
  );
  await page.getByRole('menuitem', { name: command, exact: true }).click();
}

/** Work 365 flyout -> command; returns what the user saw and the requests the command made. */
export async function runCommand(page: Page, command: string): Promise<CommandRun> {
  await page.getByRole('button', { name: /^Work 365/ }).click();
  const item = page.getByRole('menuitem', { name: command, exact: true });
  // Enable rules answer asynchronously; the item is clickable once they allow it.
  await page.waitForFunction(
    (label) =>
      Array.from(document.querySelectorAll('[role="menuitem"]')).some(
        (e) => e.textContent === label && e.getAttribute('aria-disabled') === 'false',
      ),
    command,
  );
  // Every progress message the command shows, recorded in the page as it changes (no sampling gaps):
  // the form's notification (a job's bar) or the app's notification bar on a list.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { w365Progress: string[] }).w365Progress = seen;
    const record = () => {
      const el = document.querySelector(
        '.notifications [data-id^="w365-job-progress"], #app-notifications .notification .message',
      );
      const text = el?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
      if (document.querySelector('.progress-backdrop')) seen.push('BLOCKING PROGRESS INDICATOR');
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const requests: string[] = [];
  const onRequest = (r: Request) => {
    const at = r.url().indexOf('/api/data/v9.2/');
    if (at >= 0) requests.push(`${r.method()} ${decodeURIComponent(r.url().slice(at + '/api/data/v9.2/'.length))}`);
  };
  page.on('request', onRequest);
  try {
    await item.click();
    const { seen, dialog } = await waitForDialog(page);
    const progress = await page.evaluate(() => (window as unknown as { w365Progress: string[] }).w365Progress);
    return { progress, seen, dialog, requests: [...requests] };
  } finally {
    page.off('request', onRequest);
  }
}

export async function closeDialog(dialog: Locator, button = 'Close'): Promise<void> {
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

export async function headerValue(page: Page, label: string): Promise<string> {
  const dt = page.locator('.form-header dt', { hasText: label });
  return (await dt.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

export async function fieldValue(page: Page, label: string): Promise<string> {
  const field = page.locator('.field', { has: page.locator(`label:text-is("${label}"), .label:text-is("${label}")`) });
  return (await field.locator('output, .lookup-value').first().innerText()).trim();
}

/** One provider account's row in the account-mapping grid, as the user reads it. */
export interface GridRowSeen {
  /** The Status column's badge: `Suggested`, `Mapped`, ... */
  status: string;
  /** The line under the badge: `Unsaved` while an edit is not saved, a problem after a failed save, else ''. */
  note: string;
  /** The CRM account the row shows (its link), '' when none. */
  crmAccount: string;
}

/** What the account-mapping grid shows: the counts per status in its toolbar, one row, the save button. */
export interface GridSeen {
  /** `{ 'Not Setup': 6, Suggested: 10, Mapped: 24, Excluded: 0 }`, the whole provider's. */
  counts: Record<string, number>;
  row: GridRowSeen;
  /** `Save all (1)`: the number of unsaved rows. */
  saveButton: string;
  saveEnabled: boolean;
}

export interface MappingSeen {
  /** The grid when the row was found, before anything was chosen. */
  before: GridSeen;
  /** After choosing the CRM account in the picker, before saving. */
  chosen: GridSeen;
  /** The message "Save all" ended with: `1 saved, 0 changed by someone else, 0 failed.` */
  saveMessage: string;
  saved: GridSeen;
  /** After reloading the page, on the Provider form again. */
  reloaded: GridSeen;
}

const ACCOUNT_GRID_LABEL = 'Provider accounts and their CRM accounts';

/** The Provider form's Provider Accounts subgrid: opens its tab and waits for the grid to list the rows. */
async function accountMappingGrid(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Provider Accounts', exact: true }).click();
  const section = page.locator('section[data-subgrid="provideraccounts"]');
  // The PCF control, not the platform grid: the slot holds the control's grid once the host mounted it.
  await section
    .locator('[data-w365-pcf="AccountMappingGrid"]')
    .getByRole('grid', { name: ACCOUNT_GRID_LABEL, exact: true })
    .waitFor({ timeout: 30_000 });
  await section.getByText(/^\d+ of \d+ provider accounts shown\.$/).waitFor({ timeout: 30_000 });
  // The grid opens on "Needs mapping"; a row stays in view through mapping and saving under "All".
  await section.getByRole('tab', { name: /^All \(\d+\)$/ }).click();
  return section;
}

/** The grid's row of one provider account, after searching for it with the grid's search box. */
async function findRow(page: Page, section: Locator, providerAccountName: string): Promise<Locator> {
  await section.getByRole('searchbox', { name: 'Search provider accounts', exact: true }).fill(providerAccountName);
  // Every row's CRM account button names its provider account ("Choose the CRM account for X", or
  // "Change the CRM account of X" once mapped); exactly one row must be this one.
  const name = providerAccountName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const row = section.getByRole('row').filter({
    has: page.getByRole('button', {
      name: new RegExp(`^(Choose the CRM account for|Change the CRM account of) ${name}$`),
    }),
  });
  await row.waitFor();
  return row;
}

async function readGrid(section: Locator, row: Locator): Promise<GridSeen> {
  const cell = async (header: string) => {
    // Each column header carries its aria-colindex (the grid's selection column is the first).
    const th = section.getByRole('columnheader').filter({ hasText: header }).first();
    const index = await th.getAttribute('aria-colindex');
    if (!index) throw new Error(`The account-mapping grid has no column '${header}'.`);
    return row.locator(`[role="gridcell"][aria-colindex="${index}"]`);
  };
  const [status, ...note] = (await (await cell('Status')).innerText())
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const link = (await cell('CRM account')).getByRole('button', { name: /^Open CRM account / });
  const counts: Record<string, number> = {};
  // Read once the toolbar is back in the accessibility tree: Fluent's focus management hides the
  // grid's header (aria-hidden) while a picker's popup is open, and gives it back just after.
  const statusGroup = section.getByRole('group', { name: 'Status', exact: true });
  await statusGroup.waitFor({ timeout: 10_000 });
  for (const text of await statusGroup.getByRole('button').allInnerTexts()) {
    const m = /^(.+): (\d+)$/.exec(text.trim());
    if (!m) throw new Error(`Unexpected count button text '${text}'.`);
    counts[m[1]] = Number(m[2]);
  }
  const save = section.getByRole('button', { name: /^Save all \(\d+\)$/ });
  return {
    counts,
    row: {
      status: status ?? '',
      note: note.join(' '),
      crmAccount: (await link.count()) === 0 ? '' : (await link.innerText()).trim(),
    },
    saveButton: (await save.innerText()).trim(),
    saveEnabled: await save.isEnabled(),
  };
}

/**
 * Map a provider account to a CRM account in the account-mapping grid on the Provider form: open the
 * provider, its Provider Accounts tab, find the row with the grid's search box, choose the CRM account
 * in the row's searchable picker, "Save all" and wait for the save to finish; then reload the page and
 * find the row again. Returns what the grid showed at each point; the test asserts on it.
 */
export async function mapAccount(
  page: Page,
  providerName: string,
  providerAccountName: string,
  crmAccountName: string,
): Promise<MappingSeen> {
  await openRecord(page, 'Providers', providerName);
  let section = await accountMappingGrid(page);
  let row = await findRow(page, section, providerAccountName);
  const before = await readGrid(section, row);

  await row.getByRole('button', { name: `Choose the CRM account for ${providerAccountName}`, exact: true }).click();
  const combo = section.getByRole('combobox', { name: `CRM account for ${providerAccountName}`, exact: true });
  await combo.fill(crmAccountName);
  // The picker searches the server as the person types; the option whose name is exactly the account's
  // (its second line may add the account number or website). Two such options would fail here.
  const option = section
    .getByRole('listbox')
    .getByRole('option')
    .filter({ has: page.getByText(crmAccountName, { exact: true }) });
  await option.click();
  await row.getByRole('button', { name: `Open CRM account ${crmAccountName}`, exact: true }).waitFor();
  const chosen = await readGrid(section, row);

  await section.getByRole('button', { name: /^Save all \(\d+\)$/ }).click();
  // The grid says it twice: on screen and in its live region for screen readers; the on-screen one.
  const message = section.getByText(/^\d+ saved, \d+ changed by someone else, \d+ failed\.$/).first();
  await message.waitFor({ timeout: 30_000 });
  const saveMessage = (await message.innerText()).trim();
  const saved = await readGrid(section, row);

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.locator('.form-header h1', { hasText: providerName }).waitFor();
  section = await accountMappingGrid(page);
  row = await findRow(page, section, providerAccountName);
  const reloaded = await readGrid(section, row);
  return { before, chosen, saveMessage, saved, reloaded };
}
