/**
 * A subgrid on a form: the related rows through one lookup, in the related table's associated view.
 * Ribbon scripts refresh it through `formContext.ui.controls` (control type "subgrid"). A subgrid bound
 * to a PCF control (the Provider form's provider accounts) carries the slot the PCF host mounts into,
 * `<div data-w365-pcf="AccountMappingGrid" data-provider-id="...">`; until the host is built, the
 * platform grid shows the rows, and mapping happens on the Provider Account form.
 */
import { ShellStrings } from '../strings';
import type { FormCellMeta } from '../shared/metadata';
import type { Row } from './api';
import { clear, h } from './dom';
import { rowsTable, viewQuery } from './list-page';
import { tableOf, type Shell } from './shell';

type SubgridCell = Extract<FormCellMeta, { kind: 'subgrid' }>;

/** What the PCF host (emulators/app-shell/pcf-host/host.js, another component) puts on the page. */
interface PcfHost {
  mount(element: HTMLElement): Promise<{ unmount(): void }>;
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
  const slot = cell.pcf ? h('div', { 'data-w365-pcf': cell.pcf, 'data-provider-id': recordId, 'data-record-id': recordId, class: 'pcf-slot' }) : undefined;
  const element = h('section', { class: 'subgrid', 'data-subgrid': cell.id, 'aria-label': cell.label }, [h('h3', {}, [cell.label]), slot, body]);
  let mounted: { unmount(): void } | undefined;
  let current: Promise<void> = Promise.resolve();

  const loadRows = async () => {
    if (!table) return;
    clear(body);
    body.append(h('p', {}, [ShellStrings.loading]));
    try {
      const res = await shell.api.get(`${table.entitySetName}?${viewQuery(table, cell.view, `${cell.lookupValue} eq ${recordId}`)}`);
      const rows = (res.value ?? []) as Row[];
      clear(body);
      body.append(h('p', { class: 'count' }, [ShellStrings.rowCount(rows.length)]), rowsTable(table, cell.view, rows));
    } catch (err) {
      clear(body);
      body.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed((err as Error).message)]));
    }
  };

  const load = async () => {
    if (slot && shell.meta.pcfHost) {
      const host = await loadPcfHost();
      if (host) {
        // The host has no refresh: a refresh (after a sync) mounts the control again on fresh data.
        mounted?.unmount();
        mounted = await host.mount(slot);
        return;
      }
    }
    if (slot && !shell.meta.pcfHost) slot.setAttribute('title', ShellStrings.pcfSlot(cell.pcf ?? ''));
    await loadRows();
  };

  current = load();
  return {
    element,
    getControlType: () => 'subgrid',
    getName: () => cell.id,
    getLabel: () => cell.label,
    refresh: () => {
      current = load();
    },
    loaded: () => current,
  };
}
