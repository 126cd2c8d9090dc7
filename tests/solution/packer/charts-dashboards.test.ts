/**
 * The solution ships its charts and dashboard as a real export does: each chart in its table's
 * `<Visualizations>` with an aggregate FetchXML DataDescription (group-by with date grouping, the
 * series' second group-by, one aggregate per measure) and a PresentationDescription with one series
 * per measure; the dashboard as a `forms type="dashboard"` form whose tiles name the chart and its
 * view; both reachable from solution.xml and the app; the zips pass `solution check`; and a dashboard
 * or chart naming something the solution lacks is refused.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHARTS, OPERATIONS_DASHBOARD, type ChartDef } from '../../../solution/ui';
import { buildSolution, checkSolution, componentIds, defaultModel, readZip } from '../../../solution/packer';
import { chartId } from '../../../solution/packer/charts';
import { assertValidModel } from '../../../solution/packer/model';
import { entitySchemaName } from '../../../solution/packer/standard-names';
import {
  attr,
  child,
  childText,
  children,
  descendants,
  parseXml,
  type XNode,
} from '../../../solution/packer/xml-parse';

jest.setTimeout(120_000);

let dir: string;
let cust: XNode;
let manifest: XNode;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-charts-'));
  const empty = path.join(dir, 'empty');
  await fs.mkdir(empty);
  const built = await buildSolution({
    outDir: path.join(dir, 'dist'),
    pcfControlsDir: empty,
    ribbonDir: empty,
    webResourceManifest: path.join(empty, 'none.json'),
  });
  const files = new Map((await readZip(await fs.readFile(built.managedZip))).map((f) => [f.path, f.data]));
  cust = parseXml(files.get('customizations.xml')!.toString('utf8'));
  manifest = parseXml(files.get('solution.xml')!.toString('utf8'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function visualization(chart: ChartDef): XNode {
  const entity = children(child(cust, 'Entities')!, 'Entity').find(
    (e) => childText(e, 'Name') === entitySchemaName(chart.table),
  )!;
  const found = children(child(entity, 'Visualizations')!, 'visualization').find(
    (v) => childText(v, 'savedqueryvisualizationid') === chartId(chart.key),
  );
  if (!found) throw new Error(`no visualization for ${chart.key}`);
  return found;
}

describe('system charts', () => {
  it.each(CHARTS.map((c) => [c.name, c] as const))('%s: data and presentation as an export writes them', (_, chart) => {
    const v = visualization(chart);
    expect(attr(descendants(v, 'LocalizedName')[0], 'description')).toBe(chart.name);
    const fetch = descendants(child(v, 'datadescription')!, 'fetch')[0];
    expect(attr(fetch, 'aggregate')).toBe('true');
    expect(attr(child(fetch, 'entity')!, 'name')).toBe(chart.table.logicalName);
    const attributes = children(child(fetch, 'entity')!, 'attribute');
    const groupBys = attributes.filter((a) => attr(a, 'groupby') === 'true');
    expect(groupBys.map((a) => attr(a, 'name'))).toEqual([
      chart.category.column,
      ...(chart.series ? [chart.series.column] : []),
    ]);
    expect(attr(groupBys[0], 'dategrouping')).toBe(chart.category.dateGrouping);
    const aggregates = attributes.filter((a) => attr(a, 'aggregate'));
    expect(aggregates.map((a) => attr(a, 'aggregate'))).toEqual(chart.measures.map((m) => m.aggregate));
    // The category binds the group-by's alias, and every measure binds an aggregate's alias.
    const category = descendants(child(v, 'datadescription')!, 'category')[0];
    expect(attr(category, 'alias')).toBe(attr(groupBys[0], 'alias'));
    expect(descendants(category, 'measure').map((m) => attr(m, 'alias'))).toEqual(
      aggregates.map((a) => attr(a, 'alias')),
    );
    const series = children(child(descendants(child(v, 'presentationdescription')!, 'Chart')[0], 'Series')!, 'Series');
    expect(series.map((s) => attr(s, 'ChartType'))).toEqual(chart.measures.map(() => chart.kind));
  });
});

describe('the dashboard', () => {
  const dashboard = () =>
    children(child(cust, 'Dashboards')!, 'Dashboard').find(
      (d) => childText(d, 'FormId') === componentIds.form(OPERATIONS_DASHBOARD.key),
    )!;

  it('is a dashboard form of chart tiles naming each chart and its view', () => {
    const d = dashboard();
    expect(attr(descendants(d, 'LocalizedName')[0], 'description')).toBe('Work 365 Operations');
    expect(attr(descendants(d, 'forms')[0], 'type')).toBe('dashboard');
    const tiles = descendants(d, 'control').map((c) => child(c, 'parameters')!);
    const charts = OPERATIONS_DASHBOARD.tiles.flatMap((t) => (t.kind === 'chart' ? [t.chart] : []));
    expect(tiles.map((p) => childText(p, 'VisualizationId'))).toEqual(charts.map((c) => chartId(c.key)));
    expect(tiles.map((p) => childText(p, 'ViewId'))).toEqual(charts.map((c) => componentIds.view(c.viewKey)));
    expect(tiles.every((p) => childText(p, 'ChartGridMode') === 'Chart')).toBe(true);
    // The tile kept for invoice reconciliation's chart is not packed.
    expect(descendants(d, 'label').map((l) => attr(l, 'description'))).not.toContain('Open Variances by Type');
  });

  it('is a root component, and the app carries it and every chart', () => {
    const id = componentIds.form(OPERATIONS_DASHBOARD.key);
    expect(descendants(manifest, 'RootComponent').some((r) => attr(r, 'type') === '60' && attr(r, 'id') === id)).toBe(
      true,
    );
    const app = descendants(cust, 'AppModuleComponent');
    expect(app.some((c) => attr(c, 'type') === '60' && attr(c, 'id') === id)).toBe(true);
    for (const chart of CHARTS)
      expect(app.some((c) => attr(c, 'type') === '59' && attr(c, 'id') === chartId(chart.key))).toBe(true);
  });

  it('passes solution check', async () => {
    expect(await checkSolution({ inDir: path.join(dir, 'dist') })).toEqual([]);
  });
});

describe('refused', () => {
  it('a chart of an unknown column, and a dashboard tile of a chart the solution does not ship', () => {
    const chart: ChartDef = { ...CHARTS[0], key: 'x.chart', category: { column: 'w365_nosuchcolumn' } };
    const model = {
      ...defaultModel(),
      dashboards: [{ ...OPERATIONS_DASHBOARD, tiles: [{ kind: 'chart' as const, chart }] }],
    };
    expect(() => assertValidModel(model)).toThrow(
      /Dashboard 'dashboard\.operations' shows chart 'x\.chart', which the solution does not ship\./,
    );
    expect(() => assertValidModel({ ...defaultModel(), charts: [...CHARTS, chart] })).toThrow(
      /Chart 'x\.chart' uses unknown column 'w365_nosuchcolumn' of 'w365_syncjob'\./,
    );
  });
});
