/** What every page of the shell gets: the solution's metadata, the Web API, the Xrm, and navigation. */
import type { AppMeta, ColumnMeta, TableMeta } from '../shared/metadata';
import type { WebApiClient } from './api';
import type { ShellXrm } from './xrm';

export interface Shell {
  readonly meta: AppMeta;
  readonly api: WebApiClient;
  readonly xrm: ShellXrm;
  /** Where pages render. */
  readonly main: HTMLElement;
  openRecord(table: string, id: string): void;
  openList(table: string): void;
  /**
   * The page's answer to "may the person leave?": the name of a record with unsaved changes, or
   * undefined. A form sets it; every navigation (and the browser's unload) asks it.
   */
  setLeaveGuard(guard: (() => string | undefined) | undefined): void;
}

export function tableOf(shell: Shell, logicalName: string): TableMeta | undefined {
  return shell.meta.tables[logicalName];
}

export function columnOf(table: TableMeta, name: string): ColumnMeta | undefined {
  return table.columns.find((c) => c.name === name);
}

export const listHash = (table: string) => `#/list/${table}`;
export const formHash = (table: string, id: string) => `#/form/${table}/${id}`;
export const dashboardHash = (key: string) => `#/dashboard/${key}`;
