/**
 * The built ProductMappingGrid (a virtual control on the platform's React and Fluent) in headless
 * Chromium against the emulator after real account and subscription syncs: "Needs mapping" counts
 * the SKUs the sync reported unmapped; the picker ranks this provider's products with the SKU's term
 * and billing first, says what each serves, and asks before a mismatch or another provider's product;
 * it says how many customers' subscriptions the mapping serves; a product created from the SKU is
 * prefilled (price, cost, term and billing); the selection is mapped to one product; opening a record
 * with unsaved edits asks first; no serious accessibility violation; and the next subscription sync
 * gives every customer's subscriptions with those SKUs their product. Screenshots at 1280 and 1920 px.
 */
import type { Page } from 'playwright-core';
import { Choices, Tables } from '../../solution/schema';
import { eq } from '../../plugins/dataverse/odata';
import type { Row } from '../../plugins/dataverse/client';
import { startHarness, type Harness } from '../helpers/harness';
import { axeViolations } from '../pcf-controls/helpers/axe';
import { ensurePcfBuilt } from '../pcf-controls/helpers/built';
import { jobReport, rowAction, toolbarAction, viewCount } from '../pcf-controls/helpers/grid';
import { startPcfHost, type PcfHost } from '../pcf-controls/helpers/pcf-host';
import { screenshotAt, SCREENSHOT_WIDTHS } from '../pcf-controls/helpers/screenshots';
import { hasText, until, visible } from '../pcf-controls/helpers/wait';

const PM = Tables.productMapping;
const PR = Tables.product;
const SUB = Tables.subscription;
const NOT_MAPPED = Choices.productMappingStatus.NotMapped;
const BC = Choices.billingCycle;

describe('ProductMappingGrid in Chromium against the emulator', () => {
  let h: Harness;
  let host: PcfHost;
  let subscriptionJob: string;

  const runJob = async (operation: 'SyncProviderAccounts' | 'SyncSubscriptions') => {
    const id = await h.service.store.createJob({ name: operation, operation, providerId: h.providerId });
    await h.service.waitForJob(id, 60_000);
    return id;
  };

  beforeAll(async () => {
    await ensurePcfBuilt();
    h = await startHarness();
    await runJob('SyncProviderAccounts');
    subscriptionJob = await runJob('SyncSubscriptions');
    host = await startPcfHost(h.emulator);
  }, 180_000);

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
        PM.col.term,
        PM.col.billingCycle,
        PM.val.product,
        PM.col.lastUnitPrice,
        PM.col.lastUnitCost,
      ],
      filter: eq(PM.val.provider, { guid: h.providerId }),
    });
  const subscriptionsWith = (sku: string) =>
    h.dv.all(SUB.entitySetName, {
      select: [SUB.col.id, SUB.val.product, SUB.val.customer],
      filter: `${eq(SUB.val.provider, { guid: h.providerId })} and ${eq(SUB.col.providerPartNumber, sku)}`,
    });

  const open = async (): Promise<Page> => {
    const page = await host.open('ProductMappingGrid', h.providerId, /of \d+ SKUs shown/);
    await page.setViewportSize({ width: 1280, height: 900 });
    return page;
  };
  const skuRow = (page: Page, sku: string) =>
    page
      .getByRole('grid')
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell') })
      .filter({ hasText: sku });

  /**
   * Three products for the picker's ranking, named alike: this provider's, mapped from a SKU with the
   * target's term and billing; any provider's, mapped from an annual SKU; another provider's.
   */
  async function seedCandidates(
    term: string,
    billing: number,
  ): Promise<{ own: string; annual: string; other: string }> {
    const sample = (await h.dv.all(PR.entitySetName, {
      select: [PR.val.defaultUom, PR.val.defaultUomSchedule],
      top: 1,
    })) as Row[];
    const unit = {
      [`${PR.nav.defaultUomSchedule}@odata.bind`]: `/uomschedules(${String(sample[0][PR.val.defaultUomSchedule])})`,
      [`${PR.nav.defaultUom}@odata.bind`]: `/uoms(${String(sample[0][PR.val.defaultUom])})`,
      [PR.col.quantityDecimal]: 0,
    };
    const other = await h.dv.create(Tables.provider.entitySetName, {
      [Tables.provider.col.name]: 'Other distributor',
      [Tables.provider.col.internalName]: 'Providers.TechDataCspProvider',
      [Tables.provider.col.userName]: 'other',
      [Tables.provider.col.endpointUrl]: 'https://example.invalid/',
      [Tables.provider.col.providerType]: Choices.providerType.Manual,
    });
    const product = (name: string, provider?: string) =>
      h.dv.create(PR.entitySetName, {
        [PR.col.name]: name,
        [PR.col.productNumber]: name.toUpperCase().replace(/\W+/g, '-'),
        ...unit,
        ...(provider ? { [`${PR.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${provider})` } : {}),
      });
    const ids = {
      own: await product('Zeta Licence Own', h.providerId),
      annual: await product('Zeta Licence Annual'),
      other: await product('Zeta Licence Other', other),
    };
    const mapping = (sku: string, t: string, cycle: number, productId: string) =>
      h.dv.create(PM.entitySetName, {
        [PM.col.name]: `${sku}: test`,
        [PM.col.providerSku]: sku,
        [PM.col.term]: t,
        [PM.col.billingCycle]: cycle,
        [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped,
        [`${PM.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${h.providerId})`,
        [`${PM.nav.product}@odata.bind`]: `/${PR.entitySetName}(${productId})`,
      });
    await mapping('ZETA-SAME', term, billing, ids.own);
    await mapping(
      'ZETA-ANNUAL',
      term === 'P1Y' ? 'P3Y' : 'P1Y',
      billing === BC.Annual ? BC.Triennial : BC.Annual,
      ids.annual,
    );
    return ids;
  }

  it('counts what the last sync reported, ranks and warns in the picker, creates a prefilled product, maps a selection, asks before leaving, and the next sync serves every customer', async () => {
    const before = await mappings();
    const report = await jobReport(h.dv, subscriptionJob);
    const notMapped = before
      .filter((r) => r[PM.col.mappingStatus] === NOT_MAPPED)
      .sort((a, b) =>
        String(a[PM.col.providerSku]).localeCompare(String(b[PM.col.providerSku]), undefined, { numeric: true }),
      );
    expect(notMapped.length).toBeGreaterThanOrEqual(3);
    // "Needs mapping" is every SKU the sync could not give a product (unmapped or ambiguous).
    const reported = report.codes.filter(
      (c) => c === 'SUBSCRIPTION_UNMAPPED_SKU' || c === 'SUBSCRIPTION_AMBIGUOUS_PRODUCT',
    );
    expect(reported).toHaveLength(notMapped.length);
    // The target: a SKU with a term and billing cycle, for the picker's ranking and warnings.
    const target = notMapped.find((r) => r[PM.col.term] && r[PM.col.billingCycle] !== null) as Row;
    const sku = String(target[PM.col.providerSku]);
    const term = String(target[PM.col.term]);
    const ids = await seedCandidates(term, Number(target[PM.col.billingCycle]));

    const page = await open();
    expect(await viewCount(page, 'Needs mapping')).toBe(notMapped.length);
    expect(await axeViolations(page)).toEqual([]);
    for (const width of SCREENSHOT_WIDTHS) await screenshotAt(page, 'product-mapping-grid', width);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The picker says what the mapping serves: every customer's subscriptions with the SKU.
    const subs = await subscriptionsWith(sku);
    const customers = new Set(subs.map((s) => s[SUB.val.customer])).size;
    await skuRow(page, sku)
      .getByRole('button', { name: `Choose the product for SKU ${sku}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Choose the product for SKU ${sku}` });
    await hasText(
      dialog,
      `this mapping serves every customer, ${subs.length} subscriptions of ${customers} customers today`,
    );
    const combo = dialog.getByRole('combobox', { name: `Product for SKU ${sku}` });
    await combo.fill('Zeta Licence');
    const options = page.getByRole('option');
    await until(
      async () => (await options.count()) === 3,
      async () => `${await options.count()} options`,
    );
    // This provider's product with the SKU's term and billing first; a mismatch and another provider's after.
    expect(await options.nth(0).innerText()).toContain('Zeta Licence Own');
    await hasText(options.nth(0), `Serves term ${term}`);
    expect(await options.nth(1).innerText()).toContain('Zeta Licence Annual');
    await hasText(options.nth(1), `this SKU is ${term}`);
    expect(await options.nth(2).innerText()).toContain('Zeta Licence Other');
    await hasText(options.nth(2), "Another provider's product (Other distributor)");
    expect(await axeViolations(page)).toEqual([]);
    // Choosing the mismatch asks first; "Choose another" maps nothing.
    await options.nth(1).click();
    const warning = dialog.getByRole('alert');
    await hasText(warning, `Zeta Licence Annual does not match SKU ${sku}`);
    await warning.getByRole('button', { name: 'Choose another' }).click();
    // Another provider's product asks too; "Map anyway" maps it (unsaved: one edit, so "Choose
    // another" mapped nothing), and undo takes it back.
    await options.nth(2).click();
    await hasText(warning, "Another provider's product (Other distributor).");
    await warning.getByRole('button', { name: 'Map anyway' }).click();
    expect(await viewCount(page, 'Unsaved')).toBe(1);
    await page.getByRole('tab', { name: /^Unsaved/ }).click();
    await rowAction(page, skuRow(page, sku), 'Undo');
    await page.getByRole('tab', { name: /^Needs mapping/ }).click();

    // No product fits: create one from the SKU, prefilled from the distributor, and map it in one step.
    await rowAction(page, skuRow(page, sku), 'Create product…');
    const create = page.getByRole('dialog', { name: `New product from SKU ${sku}` });
    expect(await create.getByLabel('Name').inputValue()).toBe(String(target[PM.col.description]));
    expect(await create.getByLabel('Provider Part Number').inputValue()).toBe(sku);
    expect(Number(await create.getByLabel('List price').inputValue())).toBe(Number(target[PM.col.lastUnitPrice]));
    expect(Number(await create.getByLabel('Current cost').inputValue())).toBe(Number(target[PM.col.lastUnitCost]));
    expect(await create.getByLabel('Description').inputValue()).toContain(`term ${term}, billed `);
    await hasText(create.getByLabel('Default unit'), 'Licence');
    expect(await axeViolations(page)).toEqual([]);
    // A bad value is refused, with the problem tied to its field.
    await create.getByLabel('Decimals supported').fill('9');
    await create.getByRole('button', { name: 'Create and map' }).click();
    expect(await create.getByLabel('Decimals supported').getAttribute('aria-invalid')).toBe('true');
    await create.getByLabel('Decimals supported').fill('0');
    await create.getByRole('button', { name: 'Create and map' }).click();
    await visible(page.getByText(`SKU ${sku} mapped to it`));
    const created = (await h.dv.all(PR.entitySetName, {
      select: [PR.col.id, PR.col.name, PR.col.price, PR.col.description, PR.val.provider],
      filter: eq(PR.col.providerPartNumber, sku),
    })) as Row[];
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ [PR.col.price]: target[PM.col.lastUnitPrice], [PR.val.provider]: h.providerId });
    expect(String(created[0][PR.col.description])).toContain(`term ${term}`);

    // Map two other SKUs at once, to this provider's product: the mismatched one asks first.
    const [b, c] = notMapped.filter((r) => r !== target).map((r) => String(r[PM.col.providerSku]));
    await skuRow(page, b).getByRole('checkbox').check();
    await skuRow(page, c).getByRole('checkbox').check();
    await toolbarAction(page, /^Map selected \(2\)/);
    const bulk = page.getByRole('dialog', { name: 'Choose one product for 2 SKUs' });
    await bulk.getByRole('combobox').fill('Zeta Licence Own');
    await page.getByRole('option', { name: /Zeta Licence Own/ }).click();
    const bulkWarning = bulk.getByRole('alert');
    if (await bulkWarning.isVisible().catch(() => false))
      await bulkWarning.getByRole('button', { name: 'Map anyway' }).click();
    expect(await viewCount(page, 'Unsaved')).toBe(2);

    // Opening a record with unsaved edits asks first; "Open without saving" opens it, edits kept.
    await page.evaluate(() =>
      document.addEventListener('w365:openform', (e) => {
        (window as unknown as { w365Opened?: unknown }).w365Opened = (e as CustomEvent).detail;
      }),
    );
    await page.getByRole('tab', { name: /^Unsaved/ }).click();
    await skuRow(page, b).getByRole('button', { name: 'Open product Zeta Licence Own' }).click();
    const leave = page.getByRole('alertdialog', { name: 'Unsaved edits' });
    await hasText(leave, '2 SKUs have edits that are not saved yet');
    await leave.getByRole('button', { name: 'Open without saving' }).click();
    expect(await page.evaluate(() => (window as unknown as { w365Opened?: unknown }).w365Opened)).toEqual({
      entityName: 'product',
      entityId: ids.own,
    });
    expect(await viewCount(page, 'Unsaved')).toBe(2);
    await toolbarAction(page, /^Save all \(2\)$/);
    await visible(page.getByText('2 saved, 0 changed by someone else, 0 failed.'));
    await page.close();

    const after = await mappings();
    const productOf = (s: string) => after.find((r) => r[PM.col.providerSku] === s)?.[PM.val.product];
    expect(productOf(sku)).toBe(created[0][PR.col.id]);
    expect(productOf(b)).toBe(ids.own);
    expect(productOf(c)).toBe(ids.own);

    // One mapping serves every customer: the next sync gives each subscription with the SKU its product.
    await runJob('SyncSubscriptions');
    for (const [s, productId] of [
      [sku, created[0][PR.col.id]],
      [b, ids.own],
    ] as const) {
      const list = await subscriptionsWith(s);
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((x) => x[SUB.val.product] === productId)).toBe(true);
    }

    const again = await open();
    expect(await viewCount(again, 'Needs mapping')).toBe(notMapped.length - 3);
    await again.close();
  }, 240_000);
});
