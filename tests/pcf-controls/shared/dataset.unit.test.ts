/**
 * Loading a dataset without holding the first screen back (pcf-controls/shared/dataset.ts): the
 * platform's first page is shown at once, the missing columns and the largest page are asked for in
 * one refresh, then the pages follow; and what "2,400 of 10,000 loaded" can honestly say.
 */
import { DatasetLoader, expectedRows, MAX_PAGE_SIZE } from '../../../pcf-controls/shared/dataset';

type DataSet = ComponentFramework.PropertyTypes.DataSet;

/** The part of a platform dataset the loader uses, recording what it is asked. */
class FakeDataSet {
  loading = false;
  error = false;
  columns = [{ name: 'w365_name' }];
  asked: string[] = [];
  paging = {
    pageSize: 50,
    hasNextPage: true,
    totalResultCount: -1,
    setPageSize: (n: number) => this.asked.push(`pageSize ${n}`),
    loadNextPage: () => this.asked.push('next'),
  };
  addColumn = (c: string) => this.asked.push(`column ${c}`);
  refresh = () => this.asked.push('refresh');
  get asDataSet(): DataSet {
    return this as unknown as DataSet;
  }
}

describe('DatasetLoader', () => {
  it('shows the first page while asking for the missing columns and the largest page, then loads every page', () => {
    const ds = new FakeDataSet();
    const loader = new DatasetLoader(['w365_name', 'w365_matchcode']);
    ds.loading = true;
    expect(loader.step(ds.asDataSet)).toBe('waiting');
    ds.loading = false;
    expect(loader.step(ds.asDataSet)).toBe('partial');
    expect(ds.asked).toEqual([`pageSize ${MAX_PAGE_SIZE}`, 'column w365_matchcode', 'refresh']);
    ds.paging.pageSize = MAX_PAGE_SIZE;
    expect(loader.step(ds.asDataSet)).toBe('loading');
    expect(ds.asked.at(-1)).toBe('next');
    ds.paging.hasNextPage = false;
    expect(loader.step(ds.asDataSet)).toBe('ready');
    ds.error = true;
    expect(loader.step(ds.asDataSet)).toBe('error');
  });

  it('needs no refresh when the view has every column and the page is already the largest', () => {
    const ds = new FakeDataSet();
    ds.paging.pageSize = MAX_PAGE_SIZE;
    ds.paging.hasNextPage = false;
    expect(new DatasetLoader(['w365_name']).step(ds.asDataSet)).toBe('ready');
    expect(ds.asked).toEqual([]);
  });

  it("says the total the platform knows, and that it may be more when Dataverse's count is capped", () => {
    const ds = new FakeDataSet();
    expect(expectedRows(ds.asDataSet, 50, false)).toBeUndefined();
    ds.paging.totalResultCount = 3100;
    expect(expectedRows(ds.asDataSet, 2400, false)).toEqual({ total: 3100, atLeast: false });
    ds.paging.totalResultCount = 5000;
    expect(expectedRows(ds.asDataSet, 5000, false)).toEqual({ total: 5000, atLeast: true });
    expect(expectedRows(ds.asDataSet, 10_000, true)).toEqual({ total: 10_000, atLeast: false });
  });
});
