/**
 * FormXml for main forms (`<FormXml><forms type="main"><systemform>`), shaped as the UpsertSample and
 * Tactec exports write them: tabs > columns > sections > rows > cells > control. Subgrids and PCF
 * bindings follow what the form designer saves: a subgrid control with `indicationOfSubgrid`, and for a
 * PCF dataset control a `<controlDescription forControl="{control uniqueid}">` holding the platform
 * grid (`customControl id=` the subgrid class id) plus one `customControl name=` per form factor with a
 * `<data-set>` that repeats the grid's view and relationship [I] (designer output seen in public repos;
 * not in our reference exports).
 */
import type { ColumnDef, TableDef } from '../schema';
import type { FieldCell, FormCell, FormDef, FormSection, FormTab, SubgridCell } from '../ui';
import { componentIds } from './ids';
import { descriptions, labels, localizedNames } from './labels';
import type { ManagedPolicy } from './managed';
import { el, leaf, text, type Child, type XmlElement } from './xml';

/** A PCF control packed in this build, as forms need to know it. */
export interface PackedControlRef {
  /** `w365_<namespace>.<constructor>`: the name the platform knows the control by. */
  readonly name: string;
  readonly constructor: string;
  /** Name of the control's first `<data-set>`; undefined for field controls. */
  readonly dataSetName?: string;
}

export interface FormContext {
  readonly version: string;
  readonly policy: ManagedPolicy;
  readonly controls: readonly PackedControlRef[];
  /** Called when a form asks for a PCF control the build does not have (the subgrid stays a plain grid). */
  readonly note: (message: string) => void;
}

/**
 * Control class ids. [C] for text, lookup, option set, status reason and subgrid (reference exports and
 * FormXml samples); [I] for the others (the ids the form designer writes, widely reproduced).
 */
const CLASS_IDS = {
  text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  email: '{ADA2203E-B4CD-49be-9DDF-234642B43B52}',
  url: '{71716B6C-711E-476c-8AB8-5D11542BFB47}',
  phone: '{8C10015A-B339-4982-9474-A95FE05631A5}',
  memo: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  integer: '{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}',
  decimal: '{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}',
  money: '{533B9E00-756B-4312-95A0-DC888637AC78}',
  boolean: '{67FAC785-CD58-4f9f-ABB3-4B7DDC6ED5ED}',
  datetime: '{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}',
  picklist: '{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}',
  status: '{5D68B988-0661-4db2-BC3E-17598AD3BE6C}',
  lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  subgrid: '{E7A81278-8635-4d9e-8D4D-59480B391C5B}',
} as const;

function classIdOf(column: ColumnDef): string {
  switch (column.type) {
    case 'string':
      return column.format === 'email'
        ? CLASS_IDS.email
        : column.format === 'url'
          ? CLASS_IDS.url
          : column.format === 'phone'
            ? CLASS_IDS.phone
            : CLASS_IDS.text;
    case 'memo':
      return CLASS_IDS.memo;
    case 'integer':
    case 'bigint':
      return CLASS_IDS.integer;
    case 'decimal':
      return CLASS_IDS.decimal;
    case 'money':
      return CLASS_IDS.money;
    case 'boolean':
      return CLASS_IDS.boolean;
    case 'datetime':
      return CLASS_IDS.datetime;
    case 'choice':
    case 'state':
      return CLASS_IDS.picklist;
    case 'status':
      return CLASS_IDS.status;
    case 'lookup':
      return CLASS_IDS.lookup;
    default:
      return CLASS_IDS.text;
  }
}

function columnOf(table: TableDef, logicalName: string): ColumnDef {
  const column = table.columns.find((c) => c.logicalName === logicalName);
  if (!column)
    throw new Error(`Unknown column '${logicalName}' of '${table.logicalName}' (uiProblems should have caught it).`);
  return column;
}

/** What a subgrid shows: the view, the relationship and the related table. */
function subgridParameters(cell: SubgridCell): Child[] {
  const lookup = columnOf(cell.table, cell.lookup);
  const relationship = lookup.type === 'lookup' ? lookup.targets[0].relationshipName : '';
  return [
    leaf('ViewId', componentIds.view(cell.viewKey ?? `${cell.table.logicalName}.associated`)),
    leaf('IsUserView', 'false'),
    leaf('RelationshipName', relationship),
    leaf('TargetEntityType', cell.table.logicalName),
    leaf('AutoExpand', 'Fixed'),
    leaf('EnableQuickFind', 'false'),
    leaf('EnableViewPicker', 'false'),
    el('ViewIds'),
    leaf('EnableJumpBar', 'false'),
    leaf('ChartGridMode', 'Grid'),
    el('VisualizationId'),
    leaf('IsUserChart', 'false'),
    leaf('EnableChartPicker', 'false'),
    leaf('RecordsPerPage', cell.recordsPerPage ?? 10),
  ];
}

interface Built {
  readonly cells: XmlElement[];
  readonly descriptions: XmlElement[];
}

function fieldCell(form: FormDef, cell: FieldCell, idPart: string): XmlElement {
  const column = columnOf(form.table, cell.column);
  return el('cell', { id: componentIds.formPart(form.key, `cell:${idPart}`), showlabel: 'true', locklevel: 0 }, [
    labels(cell.label ?? column.displayName),
    el('control', {
      id: column.logicalName,
      classid: classIdOf(column),
      datafieldname: column.logicalName,
      disabled: cell.readOnly ? 'true' : 'false',
    }),
  ]);
}

function subgridCell(form: FormDef, cell: SubgridCell, span: number, ctx: FormContext): Built {
  const uniqueId = componentIds.formPart(form.key, `control:${cell.id}`);
  const params = subgridParameters(cell);
  const control = el(
    'control',
    { indicationOfSubgrid: 'true', id: cell.id, classid: CLASS_IDS.subgrid, uniqueid: uniqueId },
    [el('parameters', {}, params)],
  );
  const built = el(
    'cell',
    {
      id: componentIds.formPart(form.key, `cell:${cell.id}`),
      showlabel: 'true',
      colspan: span,
      rowspan: 8,
      auto: 'false',
    },
    [labels(cell.label), control],
  );
  const pcf = cell.pcf;
  if (!pcf) return { cells: [built], descriptions: [] };
  const packed = ctx.controls.find((c) => c.constructor === pcf.constructor);
  if (!packed || !packed.dataSetName) {
    ctx.note(
      packed
        ? `PCF control ${packed.name} has no <data-set>; subgrid '${cell.id}' on form '${form.key}' keeps the platform grid.`
        : `PCF control '${pcf.constructor}' is not built; subgrid '${cell.id}' on form '${form.key}' keeps the platform grid.`,
    );
    return { cells: [built], descriptions: [] };
  }
  const lookup = columnOf(cell.table, cell.lookup);
  const viewId = componentIds.view(cell.viewKey ?? `${cell.table.logicalName}.associated`);
  const dataSet = el('data-set', { name: packed.dataSetName }, [
    leaf('ViewId', viewId),
    leaf('IsUserView', 'false'),
    leaf('RelationshipName', lookup.type === 'lookup' ? lookup.targets[0].relationshipName : ''),
    leaf('TargetEntityType', cell.table.logicalName),
    leaf('FilteredViewIds', viewId),
    leaf('EnableViewPicker', 'false'),
  ]);
  const statics = Object.entries(pcf.parameters ?? {}).map(([name, p]) =>
    el(name, { type: p.type, static: 'true' }, [text(p.value)]),
  );
  // One entry per form factor: 0 web, 1 tablet, 2 phone [I] (designer output).
  const description = el('controlDescription', { forControl: uniqueId }, [
    el('customControl', { id: CLASS_IDS.subgrid }, [el('parameters', {}, params)]),
    ...[0, 1, 2].map((formFactor) =>
      el('customControl', { formFactor, name: packed.name }, [el('parameters', {}, [dataSet, ...statics])]),
    ),
  ]);
  return { cells: [built], descriptions: [description] };
}

function sectionXml(form: FormDef, section: FormSection, ctx: FormContext): Built {
  const width = section.columns ?? 2;
  const rows: XmlElement[] = [];
  const found: XmlElement[] = [];
  let pending: XmlElement[] = [];
  const flush = () => {
    if (pending.length > 0) rows.push(el('row', {}, pending));
    pending = [];
  };
  section.cells.forEach((cell: FormCell) => {
    if (cell.kind === 'field') {
      pending.push(fieldCell(form, cell, `${section.name}:${cell.column}`));
      if (pending.length === width) flush();
      return;
    }
    flush();
    const built = subgridCell(form, cell, width, ctx);
    rows.push(el('row', {}, built.cells));
    // A cell with rowspan N is followed by N-1 empty rows, as exports write it.
    for (let i = 1; i < 8; i++) rows.push(el('row'));
    found.push(...built.descriptions);
  });
  flush();
  const xml = el(
    'section',
    {
      name: section.name,
      showlabel: 'true',
      showbar: 'false',
      columns: '1'.repeat(width),
      IsUserDefined: '0',
      id: componentIds.formPart(form.key, `section:${section.name}`),
    },
    [labels(section.label), el('rows', {}, rows)],
  );
  return { cells: [xml], descriptions: found };
}

function tabXml(form: FormDef, tab: FormTab, ctx: FormContext): Built {
  const sections = tab.sections.map((s) => sectionXml(form, s, ctx));
  const xml = el(
    'tab',
    {
      name: tab.name,
      verticallayout: 'true',
      id: componentIds.formPart(form.key, `tab:${tab.name}`),
      IsUserDefined: '0',
      showlabel: 'true',
      expanded: 'true',
    },
    [
      labels(tab.label),
      el('columns', {}, [
        el('column', { width: '100%' }, [
          el(
            'sections',
            {},
            sections.flatMap((s) => s.cells),
          ),
        ]),
      ]),
    ],
  );
  return { cells: [xml], descriptions: sections.flatMap((s) => s.descriptions) };
}

function headerXml(form: FormDef): XmlElement | undefined {
  if (!form.header || form.header.length === 0) return undefined;
  const cells = form.header.map((name) => {
    const column = columnOf(form.table, name);
    return el('cell', { id: componentIds.formPart(form.key, `header:${name}`), showlabel: 'true' }, [
      labels(column.displayName),
      el('control', { id: `header_${name}`, classid: classIdOf(column), datafieldname: name, disabled: 'true' }),
    ]);
  });
  return el(
    'header',
    {
      id: componentIds.formPart(form.key, 'header'),
      celllabelposition: 'Top',
      columns: '1'.repeat(cells.length),
      labelwidth: 115,
      celllabelalignment: 'Left',
    },
    [el('rows', {}, [el('row', {}, cells)])],
  );
}

export function systemFormXml(form: FormDef, ctx: FormContext): XmlElement {
  const tabs = form.tabs.map((t) => tabXml(form, t, ctx));
  const controlDescriptions = tabs.flatMap((t) => t.descriptions);
  return el('systemform', {}, [
    leaf('formid', componentIds.form(form.key)),
    leaf('IntroducedVersion', ctx.version),
    leaf('FormPresentation', 1),
    leaf('FormActivationState', 1),
    el('form', {}, [
      el(
        'tabs',
        {},
        tabs.flatMap((t) => t.cells),
      ),
      headerXml(form),
      controlDescriptions.length > 0 && el('controlDescriptions', {}, controlDescriptions),
    ]),
    leaf('IsCustomizable', ctx.policy.formCustomizable),
    leaf('CanBeDeleted', ctx.policy.formCanBeDeleted),
    localizedNames(form.name),
    descriptions(form.description),
  ]);
}

/** `<FormXml>` of one table, or nothing when the solution has no form for it. */
export function formXml(forms: readonly FormDef[], ctx: FormContext): XmlElement | undefined {
  if (forms.length === 0) return undefined;
  return el('FormXml', {}, [
    el(
      'forms',
      { type: 'main' },
      forms.map((f) => systemFormXml(f, ctx)),
    ),
  ]);
}
