/**
 * The built AccountMappingGrid (a virtual control on the platform's React and Fluent, served by the
 * local PCF host from node_modules) in headless Chromium against the Dataverse emulator after a real
 * Sync Provider Accounts job: "Needs mapping" counts what the job reported; accept all exact matches
 * (and its refusal to map one CRM account twice); refuse a duplicate on the spot; map with the keyboard
 * only; sort, filter by status, select and act on the selection; every action reachable at 1280 px;
 * long reasons in a tooltip; report a row someone else changed instead of overwriting it ("Problems");
 * ask before leaving with unsaved edits; no serious accessibility violation; save, reload and see it
 * persisted. Screenshots at 1280 px and 1920 px go to docs/screenshots/.
 */
import type { Page } from 'playwright-core';
import { Choices, Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import type { Row } from '../../plugins/dataverse/client';
import { startHarness, type Harness } from '../helpers/harness';
import { axeViolations } from '../pcf-controls/helpers/axe';
import { ensurePcfBuilt } from '../pcf-controls/helpers/built';
import { jobReport, toolbarAction, toolbarActionName, viewCount } from '../pcf-controls/helpers/grid';
import { startPcfHost, type PcfHost } from '../pcf-controls/helpers/pcf-host';
import { screenshotAt, SCREENSHOT_WIDTHS } from '../pcf-controls/helpers/screenshots';
import { attribute, focused, hasText, until, visible } from '../pcf-controls/helpers/wait';

const PA = Tables.providerAccount;
const A = Tables.account;
const MS = Choices.mappingStatus;

describe('AccountMappingGrid in Chromium against the emulator', () => {
  let h: Harness;
  let host: PcfHost;
  let duplicateId: string;
  let jobId: string;

  beforeAll(async () => {
    await ensurePcfBuilt();
    h = await startHarness();
    // A second distributor customer with exactly the name of one that automap maps by name (the demo
    // data's O'Brien & Sons Ltd, seed 365): both now point at the same CRM account, so automap
    // suggests it to both ('contested'). The quote in the name also exercises OData escaping.
    const original = h.techdata.customers().find((c) => c.companyName === "O'Brien & Sons Ltd");
    if (!original)
      throw new Error(
        "The TechData sandbox (seed 365) no longer has O'Brien & Sons Ltd; pick another same-name customer.",
      );
    duplicateId = h.techdata.addCustomer({ companyName: original.companyName }).endCustomerId;
    jobId = await h.service.store.createJob({
      name: 'Accounts',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await h.service.waitForJob(jobId, 60_000);
    host = await startPcfHost(h.emulator);
  }, 180_000);

  afterAll(async () => {
    await host?.close();
    await h?.close();
  });

  const rows = () =>
    h.dv.all(PA.entitySetName, {
      select: [
        PA.col.id,
        PA.col.name,
        PA.col.providerSpecificId,
        PA.col.mappingStatus,
        PA.col.mappingSource,
        PA.col.matchCode,
        PA.col.matchReason,
        PA.val.account,
        PA.val.suggestedAccount,
      ],
      filter: eq(PA.val.provider, { guid: h.providerId }),
    });
  const byPsid = (all: Row[], psid: string) => all.find((r) => r[PA.col.providerSpecificId] === psid) as Row;

  const open = async (): Promise<Page> => {
    const page = await host.open('AccountMappingGrid', h.providerId, /of \d+ provider accounts shown/);
    await page.setViewportSize({ width: 1280, height: 900 });
    return page;
  };

  async function show(page: Page, text: string) {
    await page.getByRole('searchbox', { name: 'Search provider accounts' }).fill(text);
    return page.getByRole('row').filter({ hasText: text });
  }

  it('counts what the last sync reported, is accessible, and has screenshots at 1280 and 1920 px', async () => {
    const before = await rows();
    const report = await jobReport(h.dv, jobId);
    const page = await open();
    // "Needs mapping" is the sync's "not mapped yet" (neither mapped nor excluded), and every one of
    // them is new since that sync here: the job created them all.
    const needs = before.filter(
      (r) => r[PA.col.mappingStatus] !== MS.Mapped && r[PA.col.mappingStatus] !== MS.Excluded,
    );
    expect(report.summary).toContain(`${needs.length} accounts are not mapped yet`);
    expect(await viewCount(page, 'Needs mapping')).toBe(needs.length);
    expect(await viewCount(page, 'Problems')).toBe(0);
    expect(await viewCount(page, 'All')).toBe(before.length);
    await visible(page.getByText(`${needs.length} of ${before.length} provider accounts shown.`));
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(needs.length + 1));
    expect(await page.getByRole('grid').getByText('New', { exact: true }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    for (const width of SCREENSHOT_WIDTHS) await screenshotAt(page, 'account-mapping-grid', width);
    await page.close();

    // The form's theme (context.fluentDesignLanguage): the dark one too, and still accessible.
    const dark = await host.open('AccountMappingGrid', h.providerId, /of \d+ provider accounts shown/, '&theme=dark');
    const background = await dark
      .locator('.fui-FluentProvider')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeLessThan(3 * 80);
    expect(await axeViolations(dark)).toEqual([]);
    await dark.close();
  }, 120_000);

  it('maps, accepts exact matches one CRM account at a time, refuses a duplicate, reports a conflict, saves and reloads', async () => {
    const before = await rows();
    const page = await open();
    await page.getByRole('tab', { name: /^All \(/ }).click();

    // Counts per status are the whole provider's, as Dataverse holds them.
    const count = (status: number) => before.filter((r) => r[PA.col.mappingStatus] === status).length;
    await visible(page.getByRole('button', { name: `Mapped: ${count(MS.Mapped)}` }));
    await visible(page.getByRole('button', { name: `Suggested: ${count(MS.Suggested)}` }));

    // Two provider accounts are suggested the same CRM account on exact evidence: accepting "all
    // exact matches" would map it twice, so none is accepted.
    const contested = before.filter((r) => r[PA.col.matchCode] === 'contested');
    expect(contested).toHaveLength(2);
    expect(contested[0][PA.val.suggestedAccount]).toBe(contested[1][PA.val.suggestedAccount]);
    expect(await toolbarActionName(page, /^Accept all exact matches/)).toBe('Accept all exact matches (0)');

    // Exclude the newcomer (the distributor's duplicate) from its Actions menu, with the keyboard.
    const dupRow = await show(page, duplicateId);
    await dupRow.getByRole('button', { name: /^Actions for / }).focus();
    await page.keyboard.press('Enter');
    await focused(page.getByRole('menuitem').first());
    await page.getByRole('menuitem', { name: 'Exclude' }).focus();
    await page.keyboard.press('Enter');
    await visible(dupRow.getByText('Excluded', { exact: true }));
    // Now one exact suggestion is left, and accepted.
    expect(await toolbarActionName(page, /^Accept all exact matches/)).toBe('Accept all exact matches (1)');
    await toolbarAction(page, /^Accept all exact matches/);
    await visible(page.getByText(/^1 exact matches accepted; 0 skipped/));
    const originalPsid = String(
      contested.find((r) => r[PA.col.providerSpecificId] !== duplicateId)?.[PA.col.providerSpecificId],
    );
    await visible((await show(page, originalPsid)).getByText('Mapped', { exact: true }));

    // A CRM account another provider account holds (here through the unsaved acceptance above) is
    // refused on the spot, naming that provider account. The search text's quote must be escaped.
    const heldAccount = (await h.dv.retrieve(A.entitySetName, String(contested[0][PA.val.suggestedAccount]), [
      A.col.name,
    ])) as Row;
    const holderName = String(contested[0][PA.col.name]);
    const target = before.find((r) => r[PA.col.mappingStatus] === MS.NotSetup) as Row;
    const targetPsid = String(target[PA.col.providerSpecificId]);
    let row = await show(page, targetPsid);
    await row.getByRole('button', { name: /^Choose the CRM account for/ }).click();
    const combo = page.getByRole('combobox', { name: /^CRM account for / });
    await focused(combo);
    await combo.fill(String(heldAccount[A.col.name]));
    const heldOption = page
      .getByRole('option')
      .filter({ hasText: String(heldAccount[A.col.name]) })
      .first();
    await hasText(heldOption, `Mapped to provider account ${holderName}`);
    expect(await axeViolations(page)).toEqual([]);
    await heldOption.click();
    await hasText(page.getByRole('alert').filter({ hasText: 'is already mapped to provider account' }), holderName);
    await page.getByRole('button', { name: 'Close' }).click();
    await visible((await show(page, targetPsid)).getByText('Not Setup', { exact: true }));

    // Map the same row with the keyboard only, to a CRM account nobody holds.
    const heldIds = new Set(before.map((r) => r[PA.val.account]).filter(Boolean));
    const accounts = await h.dv.all(A.entitySetName, { select: [A.col.id, A.col.name] });
    const free = accounts.filter(
      (a) => !heldIds.has(a[A.col.id]) && !contested.some((c) => c[PA.val.suggestedAccount] === a[A.col.id]),
    );
    const freeName = String(free[0][A.col.name]);
    row = await show(page, targetPsid);
    await row.getByRole('button', { name: /^Choose the CRM account for/ }).focus();
    await page.keyboard.press('Enter');
    await focused(combo);
    await page.keyboard.type(freeName);
    await hasText(page.getByRole('option').first(), freeName);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await visible(row.getByRole('button', { name: `Open CRM account ${freeName}` }));
    // Focus is back in the row, on its CRM account cell; the arrows carry on from there.
    await focused(row.getByRole('button', { name: /^Change the CRM account of/ }));
    const colOf = () =>
      page.evaluate(() => document.activeElement?.closest('[role="gridcell"]')?.getAttribute('aria-colindex'));
    const from = Number(await colOf());
    await page.keyboard.press('ArrowRight');
    await until(
      async () => Number(await colOf()) === from + 1,
      async () => `focus in column ${await colOf()}`,
    );

    // Accept another suggestion, while someone else maps that row meanwhile.
    const similar = before.find(
      (r) =>
        r[PA.col.mappingStatus] === MS.Suggested &&
        r[PA.col.matchCode] !== 'contested' &&
        !heldIds.has(r[PA.val.suggestedAccount]),
    ) as Row;
    const similarPsid = String(similar[PA.col.providerSpecificId]);
    await (await show(page, similarPsid)).getByRole('button', { name: /^Accept / }).click();
    await h.dv.update(PA.entitySetName, String(similar[PA.col.id]), {
      [PA.col.mappingStatus]: MS.Mapped,
      [`${PA.nav.account}@odata.bind`]: `/${A.entitySetName}(${String(free[1][A.col.id])})`,
    });

    // With edits unsaved, opening a record asks first; staying keeps everything.
    const openForms = () => page.evaluate(() => (window as unknown as { w365Opened?: number }).w365Opened ?? 0);
    await page.evaluate(() =>
      document.addEventListener('w365:openform', () => {
        const w = window as unknown as { w365Opened?: number };
        w.w365Opened = (w.w365Opened ?? 0) + 1;
      }),
    );
    await (await show(page, targetPsid)).getByRole('button', { name: `Open CRM account ${freeName}` }).click();
    const leave = page.getByRole('alertdialog', { name: 'Unsaved edits' });
    await hasText(leave, '4 provider accounts have edits that are not saved yet');
    expect(await axeViolations(page)).toEqual([]);
    await leave.getByRole('button', { name: 'Stay here' }).click();
    expect(await openForms()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search provider accounts' }).fill('');
    const patchesBefore = host.server.proxied.PATCH ?? 0;
    await toolbarAction(page, /^Save all \(4\)$/);
    await visible(page.getByText('3 saved, 1 changed by someone else, 0 failed.'));
    expect((host.server.proxied.PATCH ?? 0) - patchesBefore).toBe(3);
    // The conflict is shown in "Problems", with what the row holds now, and nothing overwritten.
    await attribute(page.getByRole('tab', { name: /^Problems \(1\)$/ }), 'aria-selected', 'true');
    const conflictRow = page.getByRole('row').filter({ hasText: similarPsid });
    await hasText(
      conflictRow,
      `Changed by someone else since it was loaded: now Mapped (${String(free[1][A.col.name])})`,
    );
    await conflictRow.getByRole('button', { name: /^Actions for / }).click();
    await visible(page.getByRole('menuitem', { name: 'Keep theirs' }));
    await page.getByRole('menuitem', { name: 'Keep theirs' }).click();
    expect(await viewCount(page, 'Problems')).toBe(0);

    const after = await rows();
    expect(byPsid(after, duplicateId)).toMatchObject({
      [PA.col.mappingStatus]: MS.Excluded,
      [PA.col.mappingSource]: Choices.mappingSource.Person,
      [PA.val.account]: null,
    });
    expect(byPsid(after, originalPsid)).toMatchObject({
      [PA.col.mappingStatus]: MS.Mapped,
      [PA.col.mappingSource]: Choices.mappingSource.Person,
      [PA.val.account]: contested[0][PA.val.suggestedAccount],
    });
    expect(byPsid(after, targetPsid)).toMatchObject({
      [PA.col.mappingStatus]: MS.Mapped,
      [PA.col.mappingSource]: Choices.mappingSource.Person,
      [PA.val.account]: free[0][A.col.id],
    });
    expect(byPsid(after, similarPsid)).toMatchObject({
      [PA.col.mappingStatus]: MS.Mapped,
      [PA.val.account]: free[1][A.col.id],
    });
    await page.close();

    // Reload: the grid shows what was saved.
    const again = await open();
    await visible(again.getByRole('button', { name: `Mapped: ${count(MS.Mapped) + 3}` }));
    await visible(again.getByRole('button', { name: 'Excluded: 1' }));
    await again.getByRole('tab', { name: /^All \(/ }).click();
    await visible((await show(again, targetPsid)).getByRole('button', { name: `Open CRM account ${freeName}` }));
    expect(await toolbarActionName(again, /^Save all/)).toBe('Save all (0)');
    await again.close();
  }, 180_000);

  it('sorts, filters by status, acts on a selection, shows long reasons whole, reaches every action at 1280 px, and asks before the page is left', async () => {
    const before = await rows();
    const page = await open();
    await page.getByRole('tab', { name: /^All \(/ }).click();

    // Sort by provider account name, ascending then descending.
    const header = page.getByRole('columnheader', { name: /^Provider account/ });
    await header.click();
    await attribute(header, 'aria-sort', 'ascending');
    const names = before
      .map((r) => String(r[PA.col.name]))
      .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
    await hasText(page.getByRole('row').nth(1), names[0]);
    await header.click();
    await attribute(header, 'aria-sort', 'descending');
    await hasText(page.getByRole('row').nth(1), names[names.length - 1]);

    // The status column's filter: Not Setup only.
    await page.getByRole('button', { name: 'Filter by status' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Not Setup' }).click();
    await page.keyboard.press('Escape');
    const notSetup = before.filter((r) => r[PA.col.mappingStatus] === MS.NotSetup).length;
    await attribute(page.getByRole('grid'), 'aria-rowcount', String(notSetup + 1));

    // Select two rows and exclude them together; then undo one from its menu.
    const dataRows = page.getByRole('row').filter({ has: page.getByRole('gridcell') });
    await dataRows.nth(0).getByRole('checkbox').check();
    await dataRows.nth(1).getByRole('checkbox').check();
    expect(await toolbarActionName(page, /^Exclude selected/)).toBe('Exclude selected (2)');
    await toolbarAction(page, /^Exclude selected/);
    expect(await viewCount(page, 'Unsaved')).toBe(2);
    await page.getByRole('button', { name: 'Filter by status' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Not Setup' }).click();
    await page.keyboard.press('Escape');

    // Every toolbar action is reachable at 1280 px: on the toolbar or in "More actions".
    for (const name of [/^Accept all exact matches/, /^Accept selected/, /^Exclude selected/, /^Save all/])
      expect(await toolbarActionName(page, name)).toMatch(name);

    // A long automap reason shows whole in a tooltip on hover.
    const withReason = before
      .filter((r) => r[PA.val.suggestedAccount])
      .sort((a, b) => String(b[PA.col.matchReason] ?? '').length - String(a[PA.col.matchReason] ?? '').length)[0];
    const longReason = String(withReason[PA.col.matchReason]);
    const reasonRow = await show(page, String(withReason[PA.col.providerSpecificId]));
    await reasonRow.getByText(longReason.slice(0, 12)).first().hover();
    await hasText(page.getByRole('tooltip'), longReason);

    // Leaving the page with unsaved edits: the browser asks first.
    let asked = '';
    page.on('dialog', (d) => {
      asked = d.type();
      void d.accept();
    });
    await page.close({ runBeforeUnload: true });
    await until(
      async () => asked === 'beforeunload',
      () => `dialog: ${asked}`,
    );
  }, 180_000);
});
