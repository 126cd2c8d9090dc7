/** The solution's charts and dashboards (solution/ui/charts) as the app shell's page draws them. */
import { CHARTS, DASHBOARDS, type ChartDef } from '../../../solution/ui';
import type { ChartMeta, DashboardMeta, TableMeta } from '../shared/metadata';
import { odataFilter } from './metadata';

function chartMeta(c: ChartDef, tables: Readonly<Record<string, TableMeta>>): ChartMeta {
  const filter = odataFilter(c.filter, tables[c.table.logicalName]);
  return {
    key: c.key,
    table: c.table.logicalName,
    name: c.name,
    description: c.description,
    kind: c.kind,
    category: { ...c.category },
    ...(c.series ? { series: { ...c.series } } : {}),
    measures: c.measures.map((m) => ({ ...m })),
    ...(filter ? { filter } : {}),
  };
}

export const chartsMeta = (tables: Readonly<Record<string, TableMeta>>): ChartMeta[] =>
  CHARTS.map((c) => chartMeta(c, tables));

export const dashboardsMeta = (): DashboardMeta[] =>
  DASHBOARDS.map((d) => ({
    key: d.key,
    name: d.name,
    description: d.description,
    // Reserved tiles (a chart a later release adds) are not drawn.
    charts: d.tiles.flatMap((t) => (t.kind === 'chart' ? [t.chart.key] : [])),
  }));
