/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// (jsdom's default "browser" export condition would load sinon's ESM build, which jest's CommonJS
// runtime cannot require; the node build of the same packages is what the mock library is tested with.)
/// <reference types="powerapps-component-framework" />
/**
 * Lifecycle tests: both virtual (React) controls driven through init / updateView / destroy by
 * @shko.online/componentframework-mock (its React generator, ContextMock and DataSetMock), the element
 * updateView returns rendered with ReactDOM as the platform does, and context.webAPI's sinon stubs
 * faked over an in-memory table.
 */
import * as ReactDOM from 'react-dom';
import { act } from 'react-dom/test-utils';
import { ComponentFrameworkMockGeneratorReact, DataSetMock } from '@shko.online/componentframework-mock';
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

// jsdom has no ResizeObserver (the mock generator constructs one) and no layout: the virtualised body
// measures its viewport, so every element gets a size, as a browser would give the grid's.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = NoResizeObserver;
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 480 });
// jsdom's getComputedStyle walks every style rule for each call, and Fluent inserts thousands (one per
// atomic class): a popup's positioning then takes seconds per frame. With no layout in jsdom there is
// nothing to compute anyway; an empty style (visible, displayed) is what the tests need.
const EMPTY_STYLE = new Proxy({ getPropertyValue: () => '' } as Record<string, unknown>, {
  get: (target, key) =>
    key in target ? target[key as string] : key === 'display' ? 'block' : key === 'visibility' ? 'visible' : '',
});
window.getComputedStyle = (() => EMPTY_STYLE) as unknown as typeof window.getComputedStyle;
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1200 });

const PA = ProviderAccount.col;
const lookup = (id: string, name: string, entityType = 'account') => ({ id, name, entityType });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const all = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll<HTMLElement>(selector));
const byLabel = (root: ParentNode, label: string | RegExp) =>
  all(root, 'button, input').find((b) => {
    const name = b.getAttribute('aria-label') ?? b.textContent ?? '';
    return typeof label === 'string' ? name === label : label.test(name);
  }) as HTMLElement;
const rowWith = (root: ParentNode, text: string) =>
  all(root, '[role="row"]').find((r) => r.textContent?.includes(text)) as HTMLElement;

/** Type into an input as a person does: React tracks the value, so set it natively, then fire `input`. */
function type(input: HTMLInputElement, text: string): void {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setValue?.call(input, text);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function settle(ms = 300): Promise<void> {
  // The mock delivers the dataset after its loading delay; then the control asks for its columns and
  // page size, and the platform's refresh answers with another updateView.
  await act(async () => {
    await sleep(ms);
  });
}

async function click(el: HTMLElement): Promise<void> {
  if (!el) throw new Error('nothing to click');
  await act(async () => {
    el.click();
    await sleep(10);
  });
}

describe('AccountMappingGrid lifecycle (ComponentFramework-Mock)', () => {
  let container: HTMLDivElement;
  let gen: ComponentFrameworkMockGeneratorReact<AccountInputs, AccountOutputs>;
  const server = new Map<string, Record<string, unknown>>();

  function start(state?: ComponentFramework.Dictionary) {
    gen = new ComponentFrameworkMockGeneratorReact(AccountMappingGrid, { providerAccounts: DataSetMock });
    if (state) gen.state = state;
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
    api.retrieveMultipleRecords.callsFake(async (entity: string) => ({
      entities:
        entity === 'account'
          ? [
              { accountid: 'a1', name: "O'Brien Holdings" },
              { accountid: 'a9', name: "O'Brien Freight" },
            ]
          : [],
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
    act(() => {
      ReactDOM.render(gen.ExecuteUpdateView(), container);
    });
  }

  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    start();
  });

  afterEach(() => {
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    gen.control.destroy();
    container.remove();
  });

  it('asks the dataset for the columns it needs and the largest page, then renders an accessible grid with its views', async () => {
    await settle();
    const ds = gen.context._parameters.providerAccounts;
    // The mock's columns are the items' keys: the tenant id is not among them, so the control adds it.
    expect(ds.addColumn?.calledWith(PA.tenantId)).toBe(true);
    expect(ds.addColumn?.calledWith(PA.name)).toBe(false);
    expect(ds.paging.setPageSize.calledWith(5000)).toBe(true);
    const grid = container.querySelector('[role="grid"]') as HTMLElement;
    // Strings come from resources.getString (the mock answers with the key): nothing is hard-coded.
    expect(grid.getAttribute('aria-label')).toBe('Grid_Label');
    // "Needs mapping" first: the two rows neither mapped nor excluded.
    expect(grid.getAttribute('aria-rowcount')).toBe('3');
    expect(all(container, '[role="tab"]').map((t) => t.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
      'false',
      'false',
    ]);
    expect(rowWith(grid, 'Fabrikam Ltd')).toBeDefined();
    expect(rowWith(grid, 'Contoso Pty Ltd')).toBeUndefined();
    await click(all(container, '[role="tab"]')[2]);
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
  });

  it('searches CRM accounts on the server once the person pauses, with the quote escaped, and refuses a held account on the spot', async () => {
    await settle();
    await click(byLabel(rowWith(container, 'Northwind'), 'Choose_Label'));
    const input = container.querySelector('[role="combobox"]') as HTMLInputElement;
    expect(input.getAttribute('aria-label')).toBe('Picker_Label');
    await act(async () => {
      for (const text of ['O', "O'", "O'B"]) type(input, text);
      await sleep(400);
    });
    const api = gen.context.webAPI;
    const searches = api.retrieveMultipleRecords.getCalls().filter((c) => c.args[0] === 'account');
    expect(searches).toHaveLength(1);
    expect(decodeURIComponent(String(searches[0].args[1]))).toContain("contains(name,'O''B')");
    const option = (name: string) =>
      all(container, '[role="option"]').find((o) => o.textContent?.includes(name)) as HTMLElement;
    expect(option('Holdings').textContent).toContain('Held_Warning');
    await click(option('Holdings'));
    expect(container.textContent).toContain('Refused_Held');
    expect(container.querySelector('[role="dialog"]')).not.toBeNull();
    // A free one is taken: the dialog closes and the edit is counted.
    await click(option('Freight'));
    expect(container.querySelector('[role="dialog"]')).toBeNull();
    expect(byLabel(container, 'Save_Button').hasAttribute('disabled')).toBe(false);
  });

  it('saves accepted exact matches as a person, and reports a row someone else changed without writing it', async () => {
    await settle();
    await click(byLabel(container, 'AcceptExact_Button'));
    await click(byLabel(rowWith(container, 'Northwind'), 'Actions_Label'));
    await click(all(container, '[role="menuitem"]').find((m) => m.textContent === 'Exclude_Button') as HTMLElement);
    // Someone else maps Northwind meanwhile.
    server.set('r3', { [ProviderAccount.val.account]: 'a7', [PA.mappingStatus]: MappingStatus.Mapped });
    await click(byLabel(container, 'Save_Button'));
    await settle(100);
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
    // The Problems view is shown, with the conflict and its way out in the row's menu.
    expect(all(container, '[role="tab"]')[1].getAttribute('aria-selected')).toBe('true');
    expect(rowWith(container, 'Northwind').textContent).toContain('Conflict_Message');
    await click(byLabel(rowWith(container, 'Northwind'), 'Actions_Label'));
    expect(all(container, '[role="menuitem"]').map((m) => m.textContent)).toEqual(['Conflict_Theirs', 'Conflict_Mine']);
  });

  it('keeps unsaved edits in the control state, and the next instance starts with them', async () => {
    await settle();
    await click(byLabel(container, 'AcceptExact_Button'));
    const saved = gen.context.mode.setControlState.lastCall.args[0] as ComponentFramework.Dictionary;
    expect(JSON.parse(String(saved.w365Edits))).toEqual([
      ['r2', { status: MappingStatus.Mapped, account: { id: 'a2', name: 'Fabrikam' } }],
    ]);
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    gen.control.destroy();
    start(saved);
    await settle();
    await click(all(container, '[role="tab"]')[3]);
    expect(rowWith(container, 'Fabrikam Ltd').textContent).toContain('Unsaved');
  });
});

describe('ProductMappingGrid lifecycle (ComponentFramework-Mock)', () => {
  it('lists Not Mapped SKUs first and opens the new-product dialog prefilled from the distributor', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const gen = new ComponentFrameworkMockGeneratorReact<ProductInputs, ProductOutputs>(ProductMappingGrid, {
      productMappings: DataSetMock,
    });
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
    gen.context.webAPI.retrieveMultipleRecords.callsFake(async () => ({ entities: [], nextLink: '' }));
    gen.ExecuteInit();
    act(() => {
      ReactDOM.render(gen.ExecuteUpdateView(), container);
    });
    await settle();
    await click(all(container, '[role="tab"]')[2]);
    const skus = all(container, '[role="row"][aria-rowindex]')
      .filter((r) => r.querySelector('[role="gridcell"]'))
      .map((r) => r.querySelectorAll('[role="gridcell"]')[1]?.textContent);
    expect(skus).toEqual(['200', '100']);
    await click(byLabel(rowWith(container, 'Teams Essentials'), 'Actions_Label'));
    await click(all(container, '[role="menuitem"]').find((m) => m.textContent === 'Create_Button') as HTMLElement);
    const dialog = container.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(all(dialog, 'input').map((i) => (i as HTMLInputElement).value)).toEqual(
      expect.arrayContaining(['Teams Essentials', '200', '4']),
    );
    act(() => {
      ReactDOM.unmountComponentAtNode(container);
    });
    gen.control.destroy();
    expect(container.childElementCount).toBe(0);
    container.remove();
  });
});
