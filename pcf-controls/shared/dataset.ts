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

export type LoadState = 'waiting' | 'ready' | 'error';

/**
 * Drives a dataset to "every row loaded": on the first call asks for the columns the view lacks
 * (`addColumn`) and the largest page size, then `loadNextPage` until there is none. Call `step` from
 * every updateView; it returns 'ready' once all rows are in `sortedRecordIds`.
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
      const missing = this.columns.filter((c) => !have.has(c));
      const pageTooSmall = dataset.paging.pageSize < MAX_PAGE_SIZE;
      if (pageTooSmall) dataset.paging.setPageSize(MAX_PAGE_SIZE);
      if (missing.length > 0 && dataset.addColumn) for (const c of missing) dataset.addColumn(c);
      if (pageTooSmall || (missing.length > 0 && dataset.addColumn)) {
        dataset.refresh();
        return 'waiting';
      }
    }
    if (dataset.paging.hasNextPage) {
      dataset.paging.loadNextPage();
      return 'waiting';
    }
    return 'ready';
  }

  /** Start over (after a save, the control reloads to show what Dataverse now holds). */
  reset(): void {
    this.configured = false;
  }
}
