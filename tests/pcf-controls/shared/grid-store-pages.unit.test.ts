/// <reference types="powerapps-component-framework" />
/**
 * The store as pages arrive: a page appended reads only its own records, the rows loaded before keep
 * their identity (the grid does not render them again), a refresh reads every record anew, and the
 * rows of the first, partial page (the view's columns only) are not kept for later.
 */
import type { DatasetRecord } from '../../../pcf-controls/shared/dataset';
import { GridStore, type GridModel, type StoreRow } from '../../../pcf-controls/shared/grid-store';

interface Row extends StoreRow {
  readonly name: string;
  readonly status: number;
}

/** A record as the platform hands it: a value per column. */
class FakeRecord implements DatasetRecord {
  constructor(
    private readonly id: string,
    private readonly values: Record<string, string>,
  ) {}
  getRecordId(): string {
    return this.id;
  }
  getValue(column: string): string {
    return this.values[column] ?? '';
  }
  getFormattedValue(column: string): string {
    return this.values[column] ?? '';
  }
}

/** The dataset surface the loader and the store use: pages appended by `append`, replaced by `replace`. */
class FakeDataSet {
  loading = false;
  error = false;
  errorMessage = '';
  columns = [{ name: 'name' }];
  records: Record<string, FakeRecord> = {};
  sortedRecordIds: string[] = [];
  hasMore = true;
  refreshed = 0;
  readonly paging = {
    pageSize: 5000,
    totalResultCount: 10,
    setPageSize: (n: number) => void (this.paging.pageSize = n),
    loadNextPage: () => undefined,
    get hasNextPage(): boolean {
      return false;
    },
  };
  constructor() {
    Object.defineProperty(this.paging, 'hasNextPage', { get: () => this.hasMore });
  }
  addColumn(name: string): void {
    this.columns.push({ name });
  }
  refresh(): void {
    this.refreshed++;
  }
  append(from: number, to: number, name = (i: number) => `row ${i}`): void {
    const records = { ...this.records };
    const ids = [...this.sortedRecordIds];
    for (let i = from; i < to; i++) {
      const id = `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
      records[id] = new FakeRecord(id, { name: name(i) });
      ids.push(id);
    }
    this.records = records;
    this.sortedRecordIds = ids;
  }
  replace(to: number, name: (i: number) => string): void {
    this.records = {};
    this.sortedRecordIds = [];
    this.append(0, to, name);
  }
}

function setUp(columns: readonly string[] = ['name']) {
  const dataset = new FakeDataSet();
  const read: string[] = [];
  const model = {
    reading: { status: (r: Row) => r.status, chosen: () => null, needsMapping: () => true },
    statuses: { open: 1 },
    dataset: (p: { rows: FakeDataSet }) => p.rows,
    datasetColumns: columns,
    rowFromRecord(record: DatasetRecord): Row {
      read.push(record.getRecordId());
      return { id: record.getRecordId(), name: String(record.getValue('name')), status: 1, searchKey: '' } as Row;
    },
    order: (rows: Row[]) => rows,
  } as unknown as GridModel<{ rows: FakeDataSet }, Row, never>;
  const context = {
    parameters: { rows: dataset },
    resources: { getString: (k: string) => k },
    mode: { setControlState: () => true },
  } as unknown as ComponentFramework.Context<{ rows: FakeDataSet }>;
  const store = new GridStore<{ rows: FakeDataSet }, Row, never, string>(context, model, undefined);
  return { dataset, read, store, context };
}

describe('GridStore, page by page', () => {
  it('reads only the new page and keeps the rows loaded before', () => {
    const { dataset, read, store, context } = setUp();
    dataset.append(0, 5);
    store.update(context);
    const first = store.current.rows;
    expect(first.map((r) => r.name)).toEqual(['row 0', 'row 1', 'row 2', 'row 3', 'row 4']);
    read.length = 0;

    dataset.append(5, 10);
    dataset.hasMore = false;
    store.update(context);
    expect(read).toHaveLength(5); // only the second page's records
    const rows = store.current.rows;
    expect(rows).toHaveLength(10);
    expect(store.current.load.state).toBe('ready');
    rows.slice(0, 5).forEach((r, i) => expect(r).toBe(first[i]));
  });

  it('reads every record again after a refresh (new records, new values)', () => {
    const { dataset, read, store, context } = setUp();
    dataset.append(0, 3);
    dataset.hasMore = false;
    store.update(context);
    read.length = 0;
    dataset.replace(3, (i) => `renamed ${i}`);
    store.update(context);
    expect(read).toHaveLength(3);
    expect(store.current.rows.map((r) => r.name)).toEqual(['renamed 0', 'renamed 1', 'renamed 2']);
  });

  it('does not keep the rows of the partial first page (read again once the columns are in)', () => {
    const { dataset, read, store, context } = setUp(['name', 'suggestion']);
    dataset.append(0, 2);
    store.update(context); // the view lacks 'suggestion': partial, asks for it and refreshes
    expect(store.current.load.partial).toBe(true);
    expect(dataset.refreshed).toBe(1);
    read.length = 0;
    // The same record objects come back with the added column, as a platform might hand them over.
    dataset.sortedRecordIds = [...dataset.sortedRecordIds];
    dataset.hasMore = false;
    store.update(context);
    expect(read).toHaveLength(2);
    expect(store.current.load.partial).toBe(false);
  });
});
