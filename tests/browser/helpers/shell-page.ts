/**
 * What a person does in the app shell, as steps a browser test can call: open a list or a record,
 * run a Work 365 command and read the dialog it ends with, and map a provider account (one helper, so
 * that it can move to the PCF account-mapping grid once that grid is on the Provider form).
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
  await page.getByRole('searchbox').fill(name);
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
export async function waitForDialog(page: Page, timeoutInMs = COMMAND_TIMEOUT_IN_MS): Promise<{ seen: DialogSeen; dialog: Locator }> {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: timeoutInMs });
  return { seen: { title: (await dialog.locator('h2').innerText()).trim(), text: (await dialog.locator('.dialog-text').innerText()).trim() }, dialog };
}

export interface CommandRun {
  /** Every message the progress indicator showed, in order. */
  progress: string[];
  seen: DialogSeen;
  dialog: Locator;
  /** The Web API requests the command made until its dialog showed: `GET w365_syncjobs(…)?…`. */
  requests: string[];
}

/** Work 365 flyout -> command; returns what the user saw and the requests the command made. */
export async function runCommand(page: Page, command: string): Promise<CommandRun> {
  await page.getByRole('button', { name: /^Work 365/ }).click();
  const item = page.getByRole('menuitem', { name: command, exact: true });
  // Enable rules answer asynchronously; the item is clickable once they allow it.
  await page.waitForFunction((label) => Array.from(document.querySelectorAll('[role="menuitem"]')).some((e) => e.textContent === label && e.getAttribute('aria-disabled') === 'false'), command);
  // Every message the progress indicator shows, recorded in the page as it changes (no sampling gaps).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { w365Progress: string[] }).w365Progress = seen;
    const record = () => {
      const text = document.querySelector('[role="status"] .progress-text')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
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

/**
 * Map a provider account to a CRM account the way a person can today: on the Provider Account form
 * (CRM Account lookup, Mapping Status Mapped, Save). When the PCF account-mapping grid is on the
 * Provider form, this is the one function to change.
 */
export async function mapAccount(page: Page, providerAccountName: string, crmAccountName: string): Promise<void> {
  await openRecord(page, 'Provider Accounts', providerAccountName);
  const lookup = page.getByRole('group', { name: 'CRM Account' });
  await lookup.getByRole('combobox').fill(crmAccountName);
  await lookup.getByRole('option', { name: crmAccountName, exact: true }).click();
  await page.getByLabel('Mapping Status', { exact: true }).selectOption({ label: 'Mapped' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}
