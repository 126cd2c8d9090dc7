/**
 * System charts (`<Visualizations><visualization>` inside their table's `<Entity>`), written as
 * exports write them: the savedqueryvisualizationid, the DataDescription (an aggregate FetchXML with
 * `groupby`/`dategrouping` and `aggregate` attributes, and the category and measure aliases the chart
 * binds to) [C] (Microsoft's "Sample charts" and visualization data description schema), and the
 * PresentationDescription (the chart control's `<Chart>`: one `<Series>` per measure, chart areas,
 * title, legend, in the styling of Microsoft's sample charts) [C]. Both are embedded as XML elements,
 * not as escaped text [I] (unpacked exports show them as elements; the XSD leaves their content open).
 */
import type { ChartDef, ChartKind, ChartMeasure, DashboardDef } from '../ui';
import { guid } from './ids';
import { descriptions, localizedNames } from './labels';
import type { ManagedPolicy } from './managed';
import { filterXml } from './views';
import { el, leaf, type XmlElement } from './xml';

export interface ChartContext {
  readonly version: string;
  readonly policy: ManagedPolicy;
}

/** `{guid}` of a chart; derived from its key, so an upgrade finds the same chart. */
export const chartId = (key: string): string => guid(`chart:${key}`);

/** Aliases the DataDescription gives its columns (the category's, the series', one per measure). */
export const CHART_ALIASES = {
  category: 'groupby_column',
  series: 'series_column',
  measure: (index: number) => `aggregate_column_${index}`,
} as const;

/** Microsoft's sample palette (blue, red, green, purple, ...) [C] (Sample charts). */
const PALETTE =
  '55,118,193; 197,56,52; 149,189,66; 117,82,160; 49,171,204; 255,136,35; 97,142,206; 209,98,96; 168,203,104; 142,116,178; 93,186,215; 255,155,83';

function measureAttribute(chart: ChartDef, m: ChartMeasure, index: number): XmlElement {
  // A row count counts the primary key; `countcolumn` counts rows where the column has a value.
  const column = m.aggregate === 'count' ? chart.table.primaryIdAttribute : m.column;
  return el('attribute', { alias: CHART_ALIASES.measure(index), name: column, aggregate: m.aggregate });
}

export function dataDescription(chart: ChartDef): XmlElement {
  const entity = el('entity', { name: chart.table.logicalName }, [
    el('attribute', {
      groupby: 'true',
      alias: CHART_ALIASES.category,
      name: chart.category.column,
      dategrouping: chart.category.dateGrouping,
    }),
    chart.series && el('attribute', { groupby: 'true', alias: CHART_ALIASES.series, name: chart.series.column }),
    ...chart.measures.map((m, i) => measureAttribute(chart, m, i)),
    chart.filter && filterXml(chart.filter),
  ]);
  return el('datadefinition', {}, [
    el('fetchcollection', {}, [el('fetch', { mapping: 'logical', aggregate: 'true' }, [entity])]),
    el('categorycollection', {}, [
      el('category', { alias: CHART_ALIASES.category }, [
        el(
          'measurecollection',
          {},
          chart.measures.map((_, i) => el('measure', { alias: CHART_ALIASES.measure(i) })),
        ),
      ]),
    ]),
  ]);
}

const axis = (name: 'AxisX' | 'AxisY') =>
  el(
    name,
    { IsLabelAutoFit: 'True', TitleForeColor: '59, 59, 59', TitleFont: '{0}, 10.5px', LineColor: '165, 172, 181' },
    [
      el('MajorGrid', name === 'AxisY' ? { LineColor: '239, 242, 246' } : { Enabled: 'False' }),
      el('LabelStyle', { Font: '{0}, 10.5px', ForeColor: '59, 59, 59' }),
    ],
  );

function seriesXml(kind: ChartKind): XmlElement {
  const pie = kind === 'Pie';
  return el(
    'Series',
    {
      ChartType: kind,
      IsValueShownAsLabel: 'True',
      Font: '{0}, 9.5px',
      LabelForeColor: '59, 59, 59',
      CustomProperties: pie
        ? 'PieLabelStyle=Inside, PieDrawingStyle=Default'
        : 'PointWidth=0.75, MaxPixelPointWidth=40',
    },
    [el('SmartLabelStyle', { Enabled: 'True' })],
  );
}

export function presentationDescription(chart: ChartDef): XmlElement {
  const multi = chart.measures.length > 1 || !!chart.series;
  return el('Chart', { Palette: 'None', PaletteCustomColors: PALETTE }, [
    el(
      'Series',
      {},
      chart.measures.map(() => seriesXml(chart.kind)),
    ),
    el('ChartAreas', {}, [
      el(
        'ChartArea',
        { BorderColor: 'White', BorderDashStyle: 'Solid' },
        chart.kind === 'Pie' ? [] : [axis('AxisY'), axis('AxisX')],
      ),
    ]),
    el('Titles', {}, [
      el('Title', { Alignment: 'TopLeft', DockingOffset: '-3', Font: '{0}, 13px', ForeColor: '59, 59, 59' }),
    ]),
    (multi || chart.kind === 'Pie') &&
      el('Legends', {}, [
        el('Legend', {
          Alignment: 'Center',
          LegendStyle: 'Table',
          Docking: 'right',
          Font: '{0}, 11px',
          ForeColor: '59, 59, 59',
        }),
      ]),
  ]);
}

export function visualizationXml(chart: ChartDef, ctx: ChartContext): XmlElement {
  return el('visualization', {}, [
    leaf('savedqueryvisualizationid', chartId(chart.key)),
    el('datadescription', {}, [dataDescription(chart)]),
    el('presentationdescription', {}, [presentationDescription(chart)]),
    leaf('isdefault', false),
    leaf('IsCustomizable', ctx.policy.viewCustomizable),
    leaf('CanBeDeleted', ctx.policy.viewCanBeDeleted),
    leaf('IntroducedVersion', ctx.version),
    localizedNames(chart.name),
    descriptions(chart.description),
  ]);
}

/** A table's `<Visualizations>`, or nothing when it has no chart. */
export function visualizationsXml(
  charts: readonly ChartDef[],
  table: string,
  ctx: ChartContext,
): XmlElement | undefined {
  const mine = charts.filter((c) => c.table.logicalName === table);
  return mine.length
    ? el(
        'Visualizations',
        {},
        mine.map((c) => visualizationXml(c, ctx)),
      )
    : undefined;
}

/** Every problem in the charts and dashboards, each naming the chart and the missing thing. */
export function chartProblems(
  charts: readonly ChartDef[],
  dashboards: readonly DashboardDef[],
  viewKeys: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const has = (chart: ChartDef, column: string) => chart.table.columns.some((c) => c.logicalName === column);
  const keys = new Set<string>();
  for (const chart of charts) {
    const where = `Chart '${chart.key}'`;
    if (keys.has(chart.key)) problems.push(`${where} is defined twice.`);
    keys.add(chart.key);
    const columns = [chart.category.column, ...(chart.series ? [chart.series.column] : [])];
    columns.push(...chart.measures.map((m) => m.column));
    for (const column of columns)
      if (!has(chart, column))
        problems.push(`${where} uses unknown column '${column}' of '${chart.table.logicalName}'.`);
    if (chart.series && chart.measures.length !== 1)
      problems.push(`${where} has series, so it needs exactly one measure.`);
    if (!viewKeys.has(chart.viewKey)) problems.push(`${where} names unknown view '${chart.viewKey}'.`);
  }
  for (const d of dashboards)
    for (const t of d.tiles)
      if (t.kind === 'chart' && !keys.has(t.chart.key))
        problems.push(`Dashboard '${d.key}' shows chart '${t.chart.key}', which the solution does not ship.`);
  return problems;
}
