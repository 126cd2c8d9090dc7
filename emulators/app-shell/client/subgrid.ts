/**
 * A subgrid on a form: the related rows through one lookup, in the related table's associated view.
 * Ribbon scripts refresh it through `formContext.ui.controls` (control type "subgrid"). A subgrid bound
 * to a PCF control (the Provider form's provider accounts and product mappings) carries the slot the
 * PCF host mounts into, `<div data-w365-pcf="AccountMappingGrid" data-provider-id="...">`; until the
 * host is built, or when the control cannot be mounted, the platform grid shows the rows, and mapping
 * happens on the Provider Account form.
 */
import { ShellStrings } from '../strings';
import type { FormCellMeta } from '../shared/metadata';
import type { Row } from './api';
import { clear, h } from './dom';
import { rowsTable, viewQuery } from './grid';
import { tableOf, type Shell } from './shell';

type SubgridCell = Extract<FormCellMeta, { kind: 'subgrid' }>;

/** A control the host mounted; `refresh` (reload the dataset, keep the control) is optional for older hosts. */
interface MountedPcf {
  refresh?(): void;
  unmount(): void;
}

/** What the PCF host (emulators/app-shell/pcf-host/host.js, another component) puts on the page. */
interface PcfHost {
  mount(element: HTMLElement): Promise<MountedPcf>;
}

declare global {
  interface Window {
    W365PcfHost?: PcfHost;
  }
}

let hostLoading: Promise<PcfHost | undefined> | undefined;

/** Loads `/pcf-host/host.js` once per page. */
function loadPcfHost(): Promise<PcfHost | undefined> {
  hostLoading ??= new Promise((resolve) => {
    const script = h('script', { src: '/pcf-host/host.js' });
    script.addEventListener('load', () => resolve(window.W365PcfHost));
    script.addEventListener('error', () => resolve(undefined));
    document.head.append(script);
  });
  return hostLoading;
}

export interface SubgridControl {
  readonly element: HTMLElement;
  getControlType(): 'subgrid';
  getName(): string;
  getLabel(): string;
  refresh(): void;
  /** Resolves when the current load has finished (tests and the page wait on it). */
  loaded(): Promise<void>;
}

export function subgrid(shell: Shell, cell: SubgridCell, recordId: string): SubgridControl {
  const table = tableOf(shell, cell.table);
  const body = h('div', { class: 'subgrid-body', 'aria-live': 'polite' });
  const slot = cell.pcf
    ? h('div', {
        'data-w365-pcf': cell.pcf,
        'data-provider-id': recordId,
        'data-record-id': recordId,
        class: 'pcf-slot',
      })
    : undefined;
  const element = h('section', { class: 'subgrid', 'data-subgrid': cell.id, 'aria-label': cell.label }, [
    h('h3', {}, [cell.label]),
    slot,
    body,
  ]);
  let mounted: MountedPcf | undefined;
  let current: Promise<void> = Promise.resolve();

  const loadRows = async () => {
    if (!table) return;
    clear(body);
    body.append(h('p', {}, [ShellStrings.loading]));
    try {
      const res = await shell.api.get(
        `${table.entitySetName}?${viewQuery(shell, table, cell.view, { filters: [`${cell.lookupValue} eq ${recordId}`] })}`,
      );
      const rows = (res.value ?? []) as Row[];
      clear(body);
      body.append(
        h('p', { class: 'count' }, [ShellStrings.rowCount(rows.length)]),
        rowsTable(shell, table, cell.view, rows),
      );
    } catch (err) {
      clear(body);
      body.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed((err as Error).message)]));
    }
  };

  const load = async () => {
    if (slot && mounted?.refresh) {
      // As the platform refreshes a dataset control: same instance, fresh rows, so a person's unsaved
      // edits in the grid survive a ribbon command that refreshes the form's subgrids.
      mounted.refresh();
      return;
    }
    if (slot && shell.meta.pcfHost) {
      const host = await loadPcfHost();
      if (host) {
        mounted?.unmount();
        mounted = undefined;
        try {
          mounted = await host.mount(slot);
          return;
        } catch (err) {
          // A control that is not built (or fails to start) must not leave an empty section: say why
          // and list the rows, so mapping can still be done on the related record's form.
          clear(slot);
          slot.append(
            h('p', { role: 'alert' }, [
              ShellStrings.pcfFailed(cell.pcf ?? '', err instanceof Error ? err.message : String(err)),
            ]),
          );
        }
      }
    }
    if (slot && !shell.meta.pcfHost) slot.setAttribute('title', ShellStrings.pcfSlot(cell.pcf ?? ''));
    await loadRows();
  };

  // One load at a time: two overlapping refreshes would mount two controls into one slot.
  const queueLoad = () => (current = current.then(load, load));
  queueLoad();
  return {
    element,
    getControlType: () => 'subgrid',
    getName: () => cell.id,
    getLabel: () => cell.label,
    refresh: () => void queueLoad(),
    loaded: () => current,
  };
}
