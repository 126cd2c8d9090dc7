/**
 * Reading a PCF dataset: lookup, number and string values as the platform returns them, and loading
 * every page. Mapping needs all of a provider's rows at once: the "already mapped within this
 * provider" check, the counts per status and "accept all exact matches" are about the whole
 * provider, not the page on screen.
 */
import { normaliseGuid } from './odata';

export type DatasetRecord = Pick<
  ComponentFramework.PropertyHelper.DataSetApi.EntityRecord,
  'getRecordId' | 'getValue' | 'getFormattedValue'
>;

export interface Ref {
  readonly id: string;
  readonly name: string;
}

/** A lookup value: model-driven apps give an EntityReference (`id.guid`), other hosts a LookupValue (`id`). */
export function lookupOf(record: DatasetRecord, column: string): Ref | undefined {
  const raw = record.getValue(column) as unknown;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { id?: string | { guid?: string }; name?: string };
  const id = typeof v.id === 'string' ? v.id : v.id?.guid;
  if (!id) return undefined;
  return { id: normaliseGuid(id), name: v.name ?? record.getFormattedValue(column) ?? '' };
}

export function stringOf(record: DatasetRecord, column: string): string | undefined {
  const v = record.getValue(column) as unknown;
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** Choice and decimal values: the platform may hand them over as numbers or as numeric strings. */
export function numberOf(record: DatasetRecord, column: string): number | undefined {
  const v = record.getValue(column) as unknown;
  if (v === null || v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function booleanOf(record: DatasetRecord, column: string): boolean {
  const v = record.getValue(column) as unknown;
  return v === true || v === 1 || v === '1' || v === 'true';
}

/** Largest page the platform serves (Dataverse's maximum page size) [I] for model-driven datasets. */
export const MAX_PAGE_SIZE = 5000;

/**
 * Where loading stands after an updateView:
 * - `waiting`: the platform is loading; nothing new to show.
 * - `partial`: the platform's first page is in (the view's page size and columns), and the loader has
 *   asked for the columns the view lacks and the largest page: show these rows now (the first screen),
 *   knowing some columns are still to come.
 * - `loading`: complete rows so far; the loader asked for the next page.
 * - `ready`: every row is in `sortedRecordIds`.
 * - `error`: the platform could not load the dataset.
 */
export type LoadState = 'waiting' | 'partial' | 'loading' | 'ready' | 'error';

/**
 * Drives a dataset to "every row loaded" without holding the first screen back: on the first page
 * asks for the columns the view lacks (`addColumn`) and the largest page size (one refresh), then
 * `loadNextPage` until there is none. Call `step` from every updateView and show the dataset's rows
 * whenever it says `partial`, `loading` or `ready`.
 */
export class DatasetLoader {
  private configured = false;

  constructor(private readonly columns: readonly string[]) {}

  step(dataset: ComponentFramework.PropertyTypes.DataSet): LoadState {
    if (dataset.error) return 'error';
    if (dataset.loading) return 'waiting';
    if (!this.configured) {
      this.configured = true;
      const have = new Set(dataset.columns.map((c) => c.name));
      const missing = dataset.addColumn ? this.columns.filter((c) => !have.has(c)) : [];
      const pageTooSmall = dataset.paging.pageSize < MAX_PAGE_SIZE;
      if (pageTooSmall) dataset.paging.setPageSize(MAX_PAGE_SIZE);
      for (const c of missing) dataset.addColumn?.(c);
      if (pageTooSmall || missing.length > 0) {
        dataset.refresh();
        return missing.length > 0 ? 'partial' : 'loading';
      }
    }
    if (dataset.paging.hasNextPage) {
      dataset.paging.loadNextPage();
      return 'loading';
    }
    return 'ready';
  }

  /** Start over (after a save, the control reloads to show what Dataverse now holds). */
  reset(): void {
    this.configured = false;
  }
}

/**
 * The number of rows the dataset will hold once loaded, as far as the platform knows: exact once the
 * last page is in; before that the platform's count, which Dataverse caps (5,000) [I], so `atLeast`
 * says the real number may be higher. Undefined when the platform does not say.
 */
export function expectedRows(
  dataset: ComponentFramework.PropertyTypes.DataSet,
  loaded: number,
  done: boolean,
): { total: number; atLeast: boolean } | undefined {
  if (done) return { total: loaded, atLeast: false };
  const count = dataset.paging.totalResultCount;
  if (typeof count !== 'number' || count < 0) return undefined;
  return { total: Math.max(count, loaded), atLeast: count >= MAX_PAGE_SIZE };
}
