/// <reference types="powerapps-component-framework" />
/**
 * A PCF dataset for the local host, read page by page from the Web API: the view's columns plus
 * those the control adds (addColumn), the rows of the related table whose lookup points at the
 * form's record, in the view's order. Paging follows the platform: `loadNextPage` appends the next
 * page to the records already loaded, `setPageSize` applies at the next refresh, and every change of
 * data reaches the control through the next updateView.
 */
import type { ColumnDef, TableDef } from '../../../solution/schema';
import type { DatasetBinding } from './bindings';
import type { HostWebApi } from './webapi';

type Entity = Record<string, unknown>;
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const LOOKUP_TABLE = '@Microsoft.Dynamics.CRM.lookuplogicalname';

function dataTypeOf(c: ColumnDef): string {
  switch (c.type) {
    case 'lookup':
      return 'Lookup.Simple';
    case 'choice':
      return 'OptionSet';
    case 'boolean':
      return 'TwoOptions';
    case 'decimal':
      return 'Decimal';
    case 'money':
      return 'Currency';
    case 'integer':
      return 'Whole.None';
    case 'datetime':
      return 'DateAndTime.DateAndTime';
    case 'memo':
      return 'Multiple';
    default:
      return 'SingleLine.Text';
  }
}

/** A dataset record (the EntityRecord read API; not declared `implements` because test-only mocks augment that interface). */
class HostRecord {
  constructor(
    private readonly table: TableDef,
    private readonly entity: Entity,
    private readonly defs: ReadonlyMap<string, ColumnDef>,
  ) {}

  getRecordId(): string {
    return String(this.entity[this.table.primaryIdAttribute]);
  }

  getValue(columnName: string): ReturnType<ComponentFramework.PropertyHelper.DataSetApi.EntityRecord['getValue']> {
    const def = this.defs.get(columnName);
    if (def?.type === 'lookup') {
      const read = `_${columnName}_value`;
      const id = this.entity[read];
      if (typeof id !== 'string') return null as unknown as string;
      return {
        id: { guid: id },
        name: String(this.entity[`${read}${FORMATTED}`] ?? ''),
        etn: String(this.entity[`${read}${LOOKUP_TABLE}`] ?? ''),
      };
    }
    return (this.entity[columnName] ?? null) as string;
  }

  getFormattedValue(columnName: string): string {
    const def = this.defs.get(columnName);
    const read = def?.type === 'lookup' ? `_${columnName}_value` : columnName;
    const formatted = this.entity[`${read}${FORMATTED}`];
    if (typeof formatted === 'string') return formatted;
    const v = this.entity[read];
    return v === null || v === undefined ? '' : String(v);
  }

  getNamedReference(): ComponentFramework.EntityReference {
    return {
      id: { guid: this.getRecordId() },
      name: String(this.entity[this.table.primaryNameAttribute] ?? ''),
      etn: this.table.logicalName,
    } as ComponentFramework.EntityReference;
  }
}

export class HostDataSet {
  columns: ComponentFramework.PropertyHelper.DataSetApi.Column[] = [];
  error = false;
  errorMessage = '';
  loading = true;
  records: Record<string, HostRecord> = {};
  sortedRecordIds: string[] = [];
  sorting: ComponentFramework.PropertyHelper.DataSetApi.SortStatus[];
  readonly filtering = { getFilter: () => null, addFilter: () => undefined, clearFilter: () => undefined };
  readonly linking = { getLinkedEntities: () => [], addLinkedEntity: () => undefined };
  readonly paging: ComponentFramework.PropertyHelper.DataSetApi.Paging;
  private readonly columnNames: string[];
  /** The table's columns by logical name: a record reads several values per row, 10,000 rows a load. */
  private readonly defs: ReadonlyMap<string, ColumnDef>;
  private nextLink: string | undefined;
  private requestedPageSize: number;
  private generation = 0;
  private count = -1;

  /**
   * @param onChange called after each load with the property names that changed (for updatedProperties).
   */
  constructor(
    private readonly name: string,
    private readonly binding: DatasetBinding,
    private readonly parentId: string,
    private readonly api: HostWebApi,
    private readonly onChange: () => void,
  ) {
    this.columnNames = binding.view.columns.map((c) => c.column);
    this.defs = new Map(binding.table.columns.map((c) => [c.logicalName, c]));
    this.sorting = binding.view.orders.map((o) => ({ name: o.column, sortDirection: o.descending ? 1 : 0 }));
    this.requestedPageSize = binding.recordsPerPage;
    const hasNextPage = () => this.nextLink !== undefined;
    this.paging = {
      totalResultCount: -1,
      firstPageNumber: 1,
      lastPageNumber: 1,
      pageSize: binding.recordsPerPage,
      get hasNextPage() {
        return hasNextPage();
      },
      hasPreviousPage: false,
      loadNextPage: () => void this.loadNext(),
      loadPreviousPage: () => undefined,
      reset: () => this.refresh(),
      setPageSize: (size: number) => {
        this.requestedPageSize = Math.max(1, Math.min(5000, Math.floor(size)));
      },
      loadExactPage: () => this.refresh(),
    };
    this.updateColumns();
  }

  addColumn(name: string): void {
    if (!this.columnNames.includes(name) && this.binding.table.columns.some((c) => c.logicalName === name)) {
      this.columnNames.push(name);
      this.updateColumns();
    }
  }

  refresh(): void {
    void this.load(true);
  }

  getTargetEntityType(): string {
    return this.binding.table.logicalName;
  }
  getTitle(): string {
    return this.binding.view.name;
  }
  getViewId(): string {
    return this.binding.view.key;
  }
  getSelectedRecordIds(): string[] {
    return [];
  }
  setSelectedRecordIds(): void {}
  clearSelectedRecordIds(): void {}
  openDatasetItem(): void {}

  private updateColumns(): void {
    this.columns = this.columnNames.map((name, order) => {
      const def = this.binding.table.columns.find((c) => c.logicalName === name);
      return {
        name,
        displayName: def?.displayName ?? name,
        dataType: def ? dataTypeOf(def) : 'SingleLine.Text',
        alias: name,
        order,
        visualSizeFactor: 1,
      };
    });
  }

  private query(): string {
    const select = this.columnNames.map((n) => {
      const def = this.binding.table.columns.find((c) => c.logicalName === n);
      return def?.type === 'lookup' ? `_${n}_value` : n;
    });
    const parts = [
      `$select=${[this.binding.table.primaryIdAttribute, ...select].join(',')}`,
      // The platform knows the record count before the last page (paging.totalResultCount), capped as
      // Dataverse caps @odata.count (5,000) [I]; a control can then say "2,400 of 3,100 loaded".
      '$count=true',
      `$filter=${encodeURIComponent(`${this.binding.parentLookupValue} eq ${this.parentId}`)}`,
    ];
    if (this.sorting.length)
      parts.push(
        `$orderby=${encodeURIComponent(this.sorting.map((s) => `${s.name} ${s.sortDirection === 1 ? 'desc' : 'asc'}`).join(','))}`,
      );
    return `${this.binding.table.entitySetName}?${parts.join('&')}`;
  }

  /** Load page 1 (`fresh`) or the next page, then tell the control. */
  async load(fresh: boolean): Promise<void> {
    const generation = fresh ? ++this.generation : this.generation;
    this.loading = true;
    try {
      const path = fresh ? this.query() : (this.nextLink as string);
      const response = await this.api.request('GET', path, undefined, {
        // Only the annotations a record reads (not "*": the lookups' navigation property names too
        // made a 5,000-row page a third larger, for nothing).
        Prefer: `odata.include-annotations="${FORMATTED.slice(1)},${LOOKUP_TABLE.slice(1)}",odata.maxpagesize=${this.requestedPageSize}`,
      });
      const json = (await response.json()) as { value: Entity[]; '@odata.nextLink'?: string; '@odata.count'?: number };
      if (generation !== this.generation) return; // a refresh started meanwhile: this page is stale
      const records = fresh ? {} : { ...this.records };
      const ids = fresh ? [] : [...this.sortedRecordIds];
      for (const e of json.value) {
        const r = new HostRecord(this.binding.table, e, this.defs);
        const id = r.getRecordId();
        if (!(id in records)) ids.push(id);
        records[id] = r;
      }
      this.records = records;
      // A new array each load: controls compare it by identity to know the data changed.
      this.sortedRecordIds = ids;
      this.nextLink = json['@odata.nextLink'] ? this.api.sameOrigin(json['@odata.nextLink']) : undefined;
      this.paging.pageSize = this.requestedPageSize;
      if (fresh) this.count = typeof json['@odata.count'] === 'number' ? json['@odata.count'] : -1;
      this.paging.totalResultCount = !this.nextLink
        ? ids.length
        : this.count >= 0
          ? Math.max(this.count, ids.length)
          : -1;
      this.error = false;
      this.errorMessage = '';
    } catch (e) {
      if (generation !== this.generation) return;
      this.error = true;
      this.errorMessage = e instanceof Error ? e.message : String(e);
    }
    this.loading = false;
    this.onChange();
  }

  private async loadNext(): Promise<void> {
    if (!this.nextLink || this.loading) return;
    await this.load(false);
  }

  get propertyName(): string {
    return this.name;
  }
}
