/**
 * The built AccountMappingGrid bundle in headless Chromium, on the local PCF host page, against the
 * Dataverse emulator after a real Sync Provider Accounts job: accept all exact matches (and its
 * refusal to map one CRM account twice), refuse a duplicate on the spot, map with the keyboard,
 * report a row someone else changed instead of overwriting it, save, reload and see it persisted.
 */
import type { Page } from 'playwright-core';
import { Choices, Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import type { Row } from '../../plugins/dataverse/client';
import { startHarness, type Harness } from '../helpers/harness';
import { ensurePcfBuilt } from '../pcf/helpers/built';
import { startPcfHost, type PcfHost } from '../pcf/helpers/pcf-host';
import { attribute, disabled, focused, hasText, visible } from '../pcf/helpers/wait';

const PA = Tables.providerAccount;
const A = Tables.account;
const MS = Choices.mappingStatus;

describe('AccountMappingGrid in Chromium against the emulator', () => {
  let h: Harness;
  let host: PcfHost;
  let duplicateId: string;

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
    const job = await h.service.store.createJob({
      name: 'Accounts',
      operation: 'SyncProviderAccounts',
      providerId: h.providerId,
    });
    await h.service.waitForJob(job, 60_000);
    host = await startPcfHost(h.emulator);
  }, 120_000);

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
        PA.val.account,
        PA.val.suggestedAccount,
      ],
      filter: eq(PA.val.provider, { guid: h.providerId }),
    });
  const byPsid = (all: Row[], psid: string) => all.find((r) => r[PA.col.providerSpecificId] === psid) as Row;

  const open = (): Promise<Page> => host.open('AccountMappingGrid', h.providerId, /of \d+ provider accounts shown/);

  async function show(page: Page, text: string) {
    await page.getByRole('searchbox', { name: 'Search provider accounts' }).fill(text);
    return page.getByRole('row').filter({ hasText: text });
  }

  it('maps, accepts exact matches one CRM account at a time, refuses a duplicate, reports a conflict, saves and reloads', async () => {
    const before = await rows();
    const page = await open();

    // Counts per status are the whole provider's, as Dataverse holds them.
    const count = (status: number) => before.filter((r) => r[PA.col.mappingStatus] === status).length;
    await visible(page.getByRole('button', { name: `Mapped: ${count(MS.Mapped)}` }));
    await visible(page.getByRole('button', { name: `Suggested: ${count(MS.Suggested)}` }));
    await visible(page.getByText(`${before.length} of ${before.length} provider accounts shown.`));
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe(String(before.length + 1));

    // Two provider accounts are suggested the same CRM account on exact evidence: accepting "all
    // exact matches" would map it twice, so none is accepted.
    const contested = before.filter((r) => r[PA.col.matchCode] === 'contested');
    expect(contested).toHaveLength(2);
    expect(contested[0][PA.val.suggestedAccount]).toBe(contested[1][PA.val.suggestedAccount]);
    const acceptAll = page.getByRole('button', { name: /^Accept all exact matches/ });
    await hasText(acceptAll, 'Accept all exact matches (0)', true);
    await disabled(acceptAll);

    // Exclude the newcomer (the distributor's duplicate); now one exact suggestion is left, and accepted.
    const dupRow = await show(page, duplicateId);
    await dupRow.getByRole('button', { name: /^Exclude / }).click();
    await visible(dupRow.getByText('Excluded', { exact: true }));
    await hasText(acceptAll, 'Accept all exact matches (1)', true);
    await acceptAll.click();
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
      .getByRole('listbox')
      .getByRole('option')
      .filter({ hasText: String(heldAccount[A.col.name]) })
      .first();
    await hasText(heldOption, `Mapped to provider account ${holderName}`);
    await heldOption.click();
    await hasText(page.getByRole('alert').filter({ hasText: 'is already mapped to provider account' }), holderName);
    await combo.press('Escape');
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
    await hasText(page.getByRole('listbox').getByRole('option').first(), freeName);
    await page.keyboard.press('Enter');
    await visible(row.getByRole('button', { name: `Open CRM account ${freeName}` }));
    // Focus is back in the row, on its CRM account cell, so the person carries on from there.
    await focused(row.getByRole('button', { name: /^Choose the CRM account for/ }));
    await page.keyboard.press('ArrowRight');
    await attribute(page.locator(':focus'), 'role', 'gridcell');

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

    await page.getByRole('searchbox', { name: 'Search provider accounts' }).fill('');
    const patchesBefore = host.server.proxied.PATCH ?? 0;
    await page.getByRole('button', { name: 'Save all (4)' }).click();
    await visible(page.getByText('3 saved, 1 changed by someone else, 0 failed.'));
    expect((host.server.proxied.PATCH ?? 0) - patchesBefore).toBe(3);
    // The conflict is shown (Needs attention), with what the row holds now, and nothing overwritten.
    const conflictRow = page.getByRole('row').filter({ hasText: similarPsid });
    await hasText(
      conflictRow,
      `Changed by someone else since it was loaded: now Mapped (${String(free[1][A.col.name])})`,
    );
    await visible(conflictRow.getByRole('button', { name: /^Keep theirs/ }));

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
    await visible((await show(again, targetPsid)).getByRole('button', { name: `Open CRM account ${freeName}` }));
    await disabled(again.getByRole('button', { name: 'Save all (0)' }));
    await again.close();
  }, 120_000);
});
