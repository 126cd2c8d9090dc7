/**
 * How the grids' browser tests reach what a person reaches: a toolbar action wherever the toolbar put
 * it (on the toolbar, or in "More actions" when the width is short), a row's action in its Actions
 * menu, the count a view's tab shows, and the job report the counts must match.
 */
import type { Locator, Page } from 'playwright-core';
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import type { DataverseClient } from '../../../plugins/dataverse/client';
import { visible } from './wait';

/** Click a toolbar action by its name: on the toolbar when shown there, else from "More actions". */
export async function toolbarAction(page: Page, name: RegExp): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Mapping actions' });
  const button = toolbar.getByRole('button', { name });
  if (await button.isVisible()) return button.click();
  await toolbar.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name }).click();
}

/** The name a toolbar action has now, wherever it is (its count is in the name). */
export async function toolbarActionName(page: Page, name: RegExp): Promise<string> {
  const toolbar = page.getByRole('toolbar', { name: 'Mapping actions' });
  const button = toolbar.getByRole('button', { name });
  if (await button.isVisible()) return (await button.innerText()).trim();
  await toolbar.getByRole('button', { name: 'More actions' }).click();
  const item = page.getByRole('menuitem', { name });
  const text = (await item.innerText()).trim();
  await page.keyboard.press('Escape');
  return text;
}

/** Open the row's Actions menu and choose `item`. */
export async function rowAction(page: Page, row: Locator, item: string | RegExp): Promise<void> {
  await row.getByRole('button', { name: /^Actions for / }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** The number in a view's tab ("Needs mapping (16)"). */
export async function viewCount(page: Page, view: string): Promise<number> {
  const tab = page.getByRole('tab', { name: new RegExp(`^${view} \\(\\d+\\)$`) });
  await visible(tab);
  return Number(/\((\d+)\)/.exec(await tab.innerText())?.[1]);
}

/** The last job's summary and its items' codes, as Dataverse holds them. */
export async function jobReport(dv: DataverseClient, jobId: string): Promise<{ summary: string; codes: string[] }> {
  const J = Tables.syncJob;
  const I = Tables.syncJobItem;
  const job = (await dv.retrieve(J.entitySetName, jobId, [J.col.summary])) as Record<string, unknown>;
  const items = await dv.all(I.entitySetName, { select: [I.col.code], filter: eq(I.val.syncJob, { guid: jobId }) });
  return { summary: String(job[J.col.summary] ?? ''), codes: items.map((i) => String(i[I.col.code])) };
}
