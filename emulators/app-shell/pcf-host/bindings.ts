/**
 * Which table and view a PCF dataset control shows, taken from the form definitions the solution
 * ships (solution/ui): the subgrid that binds the control names the related table, the lookup to the
 * form's record and the view. The host builds the dataset exactly from that, as the platform would.
 */
import { FORMS, VIEWS, viewKey, type SubgridCell, type ViewDef } from '../../../solution/ui';
import type { TableDef } from '../../../solution/schema';

export interface DatasetBinding {
  readonly table: TableDef;
  /** Web API read name of the lookup to the form's record, e.g. `_w365_providerid_value`. */
  readonly parentLookupValue: string;
  readonly parentTable: TableDef;
  readonly view: ViewDef;
  readonly recordsPerPage: number;
}

export function bindingFor(controlName: string): DatasetBinding {
  for (const form of FORMS) {
    for (const tab of form.tabs) {
      for (const section of tab.sections) {
        for (const cell of section.cells) {
          if (cell.kind !== 'subgrid' || cell.pcf?.constructor !== controlName) continue;
          const sub = cell as SubgridCell;
          const key = sub.viewKey ?? viewKey(sub.table, 'associated');
          const view = VIEWS.find((v) => v.key === key);
          if (!view) throw new Error(`PCF_HOST_NO_VIEW: view '${key}' of subgrid '${sub.id}' is not defined.`);
          return {
            table: sub.table,
            parentLookupValue: `_${sub.lookup}_value`,
            parentTable: form.table,
            view,
            recordsPerPage: sub.recordsPerPage ?? 50,
          };
        }
      }
    }
  }
  throw new Error(`PCF_HOST_NO_BINDING: no form subgrid binds the PCF control '${controlName}'.`);
}
