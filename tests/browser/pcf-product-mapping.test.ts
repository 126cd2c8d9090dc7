/**
 * The built ProductMappingGrid bundle in headless Chromium against the emulator after real account
 * and subscription syncs: Not Mapped SKUs first, a product created in place from the distributor's SKU
 * and mapped in the same step, another SKU mapped with the picker and saved, and the next
 * subscription sync giving every customer's subscriptions with those SKUs their product.
 */
import type { Page } from 'playwright-core';
import { Choices, Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import type { Row } from '../../plugins/dataverse/client';
import { startHarness, type Harness } from '../helpers/harness';
import { ensurePcfBuilt } from '../pcf/helpers/built';
import { startPcfHost, type PcfHost } from '../pcf/helpers/pcf-host';
import { hasText, visible } from '../pcf/helpers/wait';

const PM = Tables.productMapping;
const PR = Tables.product;
const SUB = Tables.subscription;
const NOT_MAPPED = Choices.productMappingStatus.NotMapped;

describe('ProductMappingGrid in Chromium against the emulator', () => {
  let h: Harness;
  let host: PcfHost;

  const runJob = async (operation: 'SyncProviderAccounts' | 'SyncSubscriptions') => {
    const id = await h.service.store.createJob({ name: operation, operation, providerId: h.providerId });
    await h.service.waitForJob(id, 60_000);
  };

  beforeAll(async () => {
    await ensurePcfBuilt();
    h = await startHarness();
    await runJob('SyncProviderAccounts');
    await runJob('SyncSubscriptions');
    host = await startPcfHost(h.emulator);
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    await h?.close();
  });

  const mappings = () =>
    h.dv.all(PM.entitySetName, {
      select: [
        PM.col.id,
        PM.col.providerSku,
        PM.col.description,
        PM.col.mappingStatus,
        PM.val.product,
        PM.col.lastUnitPrice,
        PM.col.lastUnitCost,
      ],
      filter: eq(PM.val.provider, { guid: h.providerId }),
    });
  const subscriptionsWith = (sku: string) =>
    h.dv.all(SUB.entitySetName, {
      select: [SUB.col.id, SUB.val.product],
      filter: `${eq(SUB.val.provider, { guid: h.providerId })} and ${eq(SUB.col.providerPartNumber, sku)}`,
    });

  const open = (): Promise<Page> => host.open('ProductMappingGrid', h.providerId, /of \d+ SKUs shown/);

  it('lists Not Mapped first, creates a product from a SKU and maps it, maps another with the picker, and the next sync serves every customer', async () => {
    const before = await mappings();
    const notMapped = before
      .filter((r) => r[PM.col.mappingStatus] === NOT_MAPPED)
      .sort((a, b) =>
        String(a[PM.col.providerSku]).localeCompare(String(b[PM.col.providerSku]), undefined, { numeric: true }),
      );
    expect(notMapped.length).toBeGreaterThanOrEqual(2);
    const [a, b] = notMapped;
    const skuA = String(a[PM.col.providerSku]);
    const skuB = String(b[PM.col.providerSku]);
    expect((await subscriptionsWith(skuA)).every((s) => s[SUB.val.product] === null)).toBe(true);

    const page = await open();
    await visible(page.getByRole('button', { name: `Not Mapped: ${notMapped.length}` }));
    // Not Mapped first: the first data row is the first Not Mapped SKU.
    const dataRows = page
      .getByRole('grid')
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell') });
    await hasText(dataRows.first(), skuA);
    await hasText(dataRows.nth(notMapped.length - 1), 'Not Mapped');

    // Create a product from SKU A in place: prefilled from the distributor, unit group and unit chosen.
    const rowA = dataRows.filter({ hasText: skuA });
    await rowA.getByRole('button', { name: `Create a product from SKU ${skuA} and map it` }).click();
    const dialog = page.getByRole('dialog', { name: `New product from SKU ${skuA}` });
    await visible(dialog);
    expect(await dialog.getByLabel('Name').inputValue()).toBe(String(a[PM.col.description]));
    expect(await dialog.getByLabel('Provider Part Number').inputValue()).toBe(skuA);
    expect(Number(await dialog.getByLabel('List price').inputValue())).toBe(Number(a[PM.col.lastUnitPrice]));
    expect(Number(await dialog.getByLabel('Current cost').inputValue())).toBe(Number(a[PM.col.lastUnitCost]));
    await hasText(dialog.getByLabel('Default unit'), 'Licence');
    // A bad value is refused, with the problem tied to its field.
    await dialog.getByLabel('Decimals supported').fill('9');
    await dialog.getByRole('button', { name: 'Create and map' }).click();
    expect(await dialog.getByLabel('Decimals supported').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Decimals supported').fill('0');
    await dialog.getByRole('button', { name: 'Create and map' }).click();
    await hasText(page.locator('.w365-message'), `SKU ${skuA} mapped to it`);
    await hasText(rowA, 'Mapped');

    const products = await h.dv.all(PR.entitySetName, {
      select: [
        PR.col.id,
        PR.col.name,
        PR.col.providerPartNumber,
        PR.col.price,
        PR.col.currentCost,
        PR.val.defaultUom,
        PR.val.defaultUomSchedule,
        PR.col.quantityDecimal,
        PR.val.provider,
      ],
      filter: eq(PR.col.providerPartNumber, skuA),
    });
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      [PR.col.name]: a[PM.col.description],
      [PR.col.price]: a[PM.col.lastUnitPrice],
      [PR.col.currentCost]: a[PM.col.lastUnitCost],
      [PR.col.quantityDecimal]: 0,
      [PR.val.provider]: h.providerId,
    });
    expect(products[0][PR.val.defaultUom]).toBeTruthy();

    // Map SKU B with the picker to an existing catalog product, then Save all.
    const existing = (
      await h.dv.all(PR.entitySetName, { select: [PR.col.id, PR.col.name], filter: `${PR.col.stateCode} ne 1` })
    ).find((p: Row) => p[PR.col.id] !== products[0][PR.col.id]) as Row;
    const rowB = dataRows.filter({ hasText: skuB });
    await rowB.getByRole('button', { name: `Choose the product for SKU ${skuB}` }).click();
    const combo = page.getByRole('combobox', { name: `Product for SKU ${skuB}` });
    await combo.fill(String(existing[PR.col.name]));
    await hasText(page.getByRole('listbox').getByRole('option').first(), String(existing[PR.col.name]));
    await combo.press('Enter');
    await page.getByRole('button', { name: 'Save all (1)' }).click();
    await hasText(page.locator('.w365-message'), '1 saved, 0 changed by someone else, 0 failed.');
    await page.close();

    const after = await mappings();
    expect(after.find((r) => r[PM.col.providerSku] === skuA)?.[PM.val.product]).toBe(products[0][PR.col.id]);
    expect(after.find((r) => r[PM.col.providerSku] === skuB)?.[PM.val.product]).toBe(existing[PR.col.id]);

    // One mapping serves every customer: the next sync gives each subscription with the SKU its product.
    await runJob('SyncSubscriptions');
    for (const [sku, productId] of [
      [skuA, products[0][PR.col.id]],
      [skuB, existing[PR.col.id]],
    ] as const) {
      const subs = await subscriptionsWith(sku);
      expect(subs.length).toBeGreaterThan(0);
      expect(subs.every((s) => s[SUB.val.product] === productId)).toBe(true);
    }

    const again = await open();
    await visible(again.getByRole('button', { name: `Not Mapped: ${notMapped.length - 2}` }));
    await again.close();
  }, 120_000);
});
