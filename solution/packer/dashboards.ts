/**
 * System dashboards (`<Dashboards><Dashboard>`, systemform type 0 [C] (systemform `type` choice)):
 * a dashboard's FormXml is `<forms type="dashboard"><form>` (a `form` directly, no `systemform`, as
 * the 9.0 XSD's FormXmlType says [C]) with one tab, one section of two columns, and a chart tile per
 * cell: the platform's subgrid control in `ChartGridMode` Chart, naming its view and chart (the
 * parameters in the order subgrids write them; forms.ts) [I] (dashboard exports seen in public
 * repositories; our reference exports have no dashboard). A `reserved` tile is left out.
 */
import { componentIds } from './ids';
import type { ChartDef, DashboardDef } from '../ui';
import { chartId } from './charts';
import { descriptions, labels, localizedNames } from './labels';
import { ComponentType } from './solution-xml';
import type { ManagedPolicy } from './managed';
import { el, leaf, type XmlElement } from './xml';

export interface DashboardContext {
  readonly version: string;
  readonly policy: ManagedPolicy;
}

/** The platform's subgrid (and chart) control [C] (forms.ts CLASS_IDS.subgrid). */
const SUBGRID_CLASS_ID = '{E7A81278-8635-4d9e-8D4D-59480B391C5B}';
/** Rows a chart tile spans, as the dashboard designer's "standard" tile size [I]. */
const TILE_ROWS = 12;
const TILES_PER_ROW = 2;

/** `{guid}` of a dashboard form; derived from its key, so an upgrade finds the same dashboard. */
export const dashboardId = (key: string): string => componentIds.form(key);

function chartCell(dashboard: DashboardDef, chart: ChartDef, index: number): XmlElement {
  return el(
    'cell',
    {
      id: componentIds.formPart(dashboard.key, `cell:${chart.key}`),
      showlabel: 'false',
      rowspan: TILE_ROWS,
      colspan: 1,
      auto: 'false',
    },
    [
      labels(chart.name),
      el('control', { id: `Chart${index + 1}`, classid: SUBGRID_CLASS_ID }, [
        el('parameters', {}, [
          leaf('ViewId', componentIds.view(chart.viewKey)),
          leaf('IsUserView', 'false'),
          el('RelationshipName'),
          leaf('TargetEntityType', chart.table.logicalName),
          leaf('AutoExpand', 'Fixed'),
          leaf('EnableQuickFind', 'false'),
          leaf('EnableViewPicker', 'false'),
          el('ViewIds'),
          leaf('EnableJumpBar', 'false'),
          leaf('ChartGridMode', 'Chart'),
          leaf('VisualizationId', chartId(chart.key)),
          leaf('IsUserChart', 'false'),
          leaf('EnableChartPicker', 'false'),
          leaf('RecordsPerPage', 10),
        ]),
      ]),
    ],
  );
}

/** The charts a dashboard packs, in order. */
export const dashboardCharts = (d: DashboardDef): ChartDef[] =>
  d.tiles.flatMap((t) => (t.kind === 'chart' ? [t.chart] : []));

function formXml(dashboard: DashboardDef): XmlElement {
  const cells = dashboardCharts(dashboard).map((c, i) => chartCell(dashboard, c, i));
  const rows: XmlElement[] = [];
  for (let i = 0; i < cells.length; i += TILES_PER_ROW) {
    rows.push(el('row', {}, cells.slice(i, i + TILES_PER_ROW)));
    // A cell with rowspan N is followed by N-1 empty rows, as exports write it.
    for (let r = 1; r < TILE_ROWS; r++) rows.push(el('row'));
  }
  const section = el(
    'section',
    {
      name: 'charts',
      showlabel: 'false',
      showbar: 'false',
      columns: '1'.repeat(TILES_PER_ROW),
      IsUserDefined: '0',
      id: componentIds.formPart(dashboard.key, 'section:charts'),
    },
    [labels(dashboard.name), el('rows', {}, rows)],
  );
  const tab = el(
    'tab',
    {
      name: 'dashboard',
      verticallayout: 'true',
      id: componentIds.formPart(dashboard.key, 'tab:dashboard'),
      IsUserDefined: '0',
      showlabel: 'false',
      expanded: 'true',
    },
    [labels(dashboard.name), el('columns', {}, [el('column', { width: '100%' }, [el('sections', {}, [section])])])],
  );
  return el('FormXml', {}, [el('forms', { type: 'dashboard' }, [el('form', {}, [el('tabs', {}, [tab])])])]);
}

export function dashboardXml(dashboard: DashboardDef, ctx: DashboardContext): XmlElement {
  return el('Dashboard', {}, [
    localizedNames(dashboard.name),
    descriptions(dashboard.description),
    leaf('FormId', dashboardId(dashboard.key)),
    leaf('CanBeDeleted', ctx.policy.formCanBeDeleted),
    leaf('IsCustomizable', ctx.policy.formCustomizable),
    leaf('IsDefault', false),
    leaf('IntroducedVersion', ctx.version),
    formXml(dashboard),
  ]);
}

/** `<Dashboards>`, or nothing when the solution ships none. */
export function dashboardsXml(dashboards: readonly DashboardDef[], ctx: DashboardContext): XmlElement | undefined {
  return dashboards.length
    ? el(
        'Dashboards',
        {},
        dashboards.map((d) => dashboardXml(d, ctx)),
      )
    : undefined;
}

/** Root components of type 60 (system form) for the dashboards [C] (solutioncomponent componenttype). */
export const dashboardRootComponents = (dashboards: readonly DashboardDef[]) =>
  dashboards.map((d) => ({ type: ComponentType.SystemForm, id: dashboardId(d.key), behavior: 0 as const }));
