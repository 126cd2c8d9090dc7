/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// (jsdom's default "browser" export condition would load sinon's ESM build, which jest's CommonJS
// runtime cannot require; the node build of the same packages is what the mock library is tested with.)
/// <reference types="powerapps-component-framework" />
/**
 * Lifecycle tests: both controls driven through init / updateView / destroy by
 * @shko.online/componentframework-mock (its ContextMock and DataSetMock), with context.webAPI's sinon
 * stubs faked over an in-memory table, as the platform would call them.
 */
import { ComponentFrameworkMockGenerator, DataSetMock } from '@shko.online/componentframework-mock';
import { AccountMappingGrid } from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid';
import type {
  IInputs as AccountInputs,
  IOutputs as AccountOutputs,
} from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/generated/ManifestTypes';
import { ProductMappingGrid } from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid';
import type {
  IInputs as ProductInputs,
  IOutputs as ProductOutputs,
} from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/generated/ManifestTypes';
import {
  MappingSource,
  MappingStatus,
  ProductMapping,
  ProductMappingStatus,
  ProviderAccount,
} from '../../pcf-controls/shared/generated/names';

// jsdom has no ResizeObserver; the mock generator constructs one.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;

const PA = ProviderAccount.col;
const lookup = (id: string, name: string, entityType = 'account') => ({ id, name, entityType });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const button = (root: HTMLElement, label: RegExp | string) =>
  Array.from(root.querySelectorAll('button')).find((b) =>
    typeof label === 'string'
      ? b.getAttribute('aria-label') === label || b.textContent === label
      : label.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
  ) as HTMLButtonElement;

async function loaded<T extends { ExecuteUpdateView(): void }>(gen: T): Promise<void> {
  // The mock delivers the dataset after its loading delay; then the control asks for its columns and
  // page size and the platform's refresh answers with another updateView.
  await sleep(250);
  gen.ExecuteUpdateView();
}

describe('AccountMappingGrid lifecycle (ComponentFramework-Mock)', () => {
  let container: HTMLDivElement;
  let gen: ComponentFrameworkMockGenerator<AccountInputs, AccountOutputs>;
  const server = new Map<string, Record<string, unknown>>();

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    gen = new ComponentFrameworkMockGenerator(AccountMappingGrid, { providerAccounts: DataSetMock }, container);
    const items = [
      {
        id: 'r1',
        [PA.name]: 'Contoso Pty Ltd',
        [PA.providerSpecificId]: 'TD-1',
        [PA.mappingStatus]: MappingStatus.Mapped,
        [PA.account]: lookup('a1', "O'Brien Holdings"),
      },
      {
        id: 'r2',
        [PA.name]: 'Fabrikam Ltd',
        [PA.providerSpecificId]: 'TD-2',
        [PA.mappingStatus]: MappingStatus.Suggested,
        [PA.suggestedAccount]: lookup('a2', 'Fabrikam'),
        [PA.matchScore]: 1,
        [PA.matchCode]: 'same_name',
        [PA.matchReason]: 'Same name',
      },
      { id: 'r3', [PA.name]: 'Northwind', [PA.providerSpecificId]: 'TD-3', [PA.mappingStatus]: MappingStatus.NotSetup },
    ];
    gen.context._parameters.providerAccounts._InitItems(items);
    server.clear();
    for (const i of items)
      server.set(i.id, {
        [ProviderAccount.val.account]: (i[PA.account] as { id?: string } | undefined)?.id ?? null,
        [PA.mappingStatus]: i[PA.mappingStatus],
      });
    const api = gen.context.webAPI;
    api.retrieveMultipleRecords.callsFake(async () => ({
      entities: [
        { accountid: 'a1', name: "O'Brien Holdings" },
        { accountid: 'a9', name: "O'Brien Freight" },
      ],
      nextLink: '',
    }));
    api.retrieveRecord.callsFake(async (_e: string, id: string) => ({
      ...server.get(id),
      [PA.id]: id,
      [PA.name]: 'x',
    }));
    api.updateRecord.callsFake(async (_e: string, id: string, data: Record<string, unknown>) => {
      server.set(id, { ...server.get(id), ...data });
      return { id, name: '', entityType: 'w365_provideraccount' };
    });
    gen.ExecuteInit();
    gen.ExecuteUpdateView();
  });

  afterEach(() => {
    gen.control.destroy();
    container.remove();
  });

  it('asks the dataset for the columns it needs and the largest page, then renders an accessible grid with counts', async () => {
    await loaded(gen);
    const ds = gen.context._parameters.providerAccounts;
    // The mock's columns are the items' keys: the tenant id is not among them, so the control adds it.
    expect(ds.addColumn?.calledWith(PA.tenantId)).toBe(true);
    expect(ds.addColumn?.calledWith(PA.name)).toBe(false);
    expect(ds.paging.setPageSize.calledWith(5000)).toBe(true);
    const grid = container.querySelector('[role="grid"]') as HTMLElement;
    expect(grid.getAttribute('aria-label')).toBe('Grid_Label');
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
    expect(container.querySelectorAll('[role="row"][aria-rowindex]').length).toBe(4);
    expect(button(container, /^Count_Label/)).toBeDefined();
    // Strings come from resources.getString (the mock answers with the key): nothing is hard-coded.
    expect(container.textContent).toContain('AcceptExact_Button');
  });

  it('searches CRM accounts on the server once the person pauses, with the quote escaped, and refuses a held account on the spot', async () => {
    await loaded(gen);
    const row = Array.from(container.querySelectorAll('[role="row"]')).find((r) =>
      r.textContent?.includes('Northwind'),
    ) as HTMLElement;
    button(row, 'Choose_Label').click();
    const input = container.querySelector('[role="combobox"]') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    for (const text of ['O', "O'", "O'B"]) {
      input.value = text;
      input.dispatchEvent(new Event('input'));
    }
    await sleep(400);
    const api = gen.context.webAPI;
    expect(api.retrieveMultipleRecords.callCount).toBe(1);
    const [entity, options] = api.retrieveMultipleRecords.firstCall.args;
    expect(entity).toBe('account');
    expect(decodeURIComponent(String(options))).toContain("contains(name,'O''B')");
    const held = Array.from(container.querySelectorAll('[role="option"]')).find((o) =>
      o.textContent?.includes('Holdings'),
    ) as HTMLElement;
    expect(held.textContent).toContain('Held_Warning');
    held.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect((container.querySelector('.w365-picker-alert') as HTMLElement).textContent).toBe('Refused_Held');
    // A free one is taken, the picker closes and focus returns to the row.
    const free = Array.from(container.querySelectorAll('[role="option"]')).find((o) =>
      o.textContent?.includes('Freight'),
    ) as HTMLElement;
    free.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    expect((container.querySelector('.w365-picker') as HTMLElement).hidden).toBe(true);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Choose_Label');
  });

  it('saves accepted exact matches as a person, and reports a row someone else changed without writing it', async () => {
    await loaded(gen);
    button(container, 'AcceptExact_Button').click();
    const r3 = Array.from(container.querySelectorAll('[role="row"]')).find((r) =>
      r.textContent?.includes('Northwind'),
    ) as HTMLElement;
    button(r3, 'Exclude_Label').click();
    // Someone else maps Northwind meanwhile.
    server.set('r3', { [ProviderAccount.val.account]: 'a7', [PA.mappingStatus]: MappingStatus.Mapped });
    button(container, 'Save_Button').click();
    await sleep(100);
    const api = gen.context.webAPI;
    expect(api.updateRecord.callCount).toBe(1);
    expect(api.updateRecord.firstCall.args).toEqual([
      'w365_provideraccount',
      'r2',
      {
        [PA.mappingStatus]: MappingStatus.Mapped,
        [PA.mappingSource]: MappingSource.Person,
        [`${ProviderAccount.nav.account}@odata.bind`]: '/accounts(a2)',
      },
    ]);
    expect(server.get('r3')).toEqual({ [ProviderAccount.val.account]: 'a7', [PA.mappingStatus]: MappingStatus.Mapped });
    expect(button(container, /^Conflict_Theirs/)).toBeDefined();
  });

  it('removes everything it added on destroy', async () => {
    await loaded(gen);
    gen.control.destroy();
    expect(container.childElementCount).toBe(0);
  });
});

describe('ProductMappingGrid lifecycle (ComponentFramework-Mock)', () => {
  it('lists Not Mapped SKUs first and renders the create-product action per row', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const gen = new ComponentFrameworkMockGenerator<ProductInputs, ProductOutputs>(
      ProductMappingGrid,
      { productMappings: DataSetMock },
      container,
    );
    const PM = ProductMapping.col;
    gen.context._parameters.productMappings._InitItems([
      {
        id: 'm1',
        [PM.name]: 'A: mapped',
        [PM.providerSku]: '100',
        [PM.mappingStatus]: ProductMappingStatus.Mapped,
        [PM.product]: lookup('p1', 'Product 1', 'product'),
      },
      {
        id: 'm2',
        [PM.name]: 'B: open',
        [PM.providerSku]: '200',
        [PM.mappingStatus]: ProductMappingStatus.NotMapped,
        [PM.description]: 'Teams Essentials',
        [PM.lastUnitPrice]: 4,
      },
    ]);
    gen.ExecuteInit();
    gen.ExecuteUpdateView();
    await loaded(gen);
    const dataRows = Array.from(container.querySelectorAll('[role="row"][aria-rowindex]')).filter((r) =>
      r.querySelector('[role="gridcell"]'),
    );
    expect(dataRows.map((r) => r.querySelector('.w365-col-sku .w365-line1')?.textContent)).toEqual(['200', '100']);
    button(dataRows[0] as HTMLElement, 'Create_Label').click();
    const dialog = container.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.hidden).toBe(false);
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect((document.activeElement as HTMLInputElement).value).toBe('Teams Essentials');
    gen.control.destroy();
    expect(container.childElementCount).toBe(0);
    container.remove();
  });
});
