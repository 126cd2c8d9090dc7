/**
 * A dashboard (solution/ui/charts) as the app opens on it: one tile per system chart, drawn with
 * Chart.js from the chart's definition and its rows, with the numbers also as a table (for screen
 * readers, and to check), and a link to the records behind it.
 */
import { Chart, registerables, type ChartConfiguration, type ChartType } from 'chart.js';
import { ShellStrings } from '../strings';
import type { ChartMeta } from '../shared/metadata';
import { chartData, type ChartData } from './chart-data';
import { clear, h } from './dom';
import { listHash, type Shell } from './shell';

Chart.register(...registerables);

/** Microsoft's sample chart palette (the PresentationDescription's PaletteCustomColors). */
const PALETTE = ['#3776c1', '#c53834', '#95bd42', '#7552a0', '#31abcc', '#ff8823', '#618ece', '#d16260'];

/** Longest category label drawn on an axis; the numbers table has the whole name. */
const TICK_CHARACTERS = 32;

function categoryTick(this: { getLabelForValue(value: number): string }, value: string | number): string {
  const label = this.getLabelForValue(Number(value));
  return label.length > TICK_CHARACTERS ? `${label.slice(0, TICK_CHARACTERS - 1)}…` : label;
}

function config(chart: ChartMeta, data: ChartData): ChartConfiguration {
  const stacked = chart.kind === 'StackedColumn' || chart.kind === 'StackedBar';
  const horizontal = chart.kind === 'Bar' || chart.kind === 'StackedBar';
  const type: ChartType = chart.kind === 'Line' ? 'line' : chart.kind === 'Pie' ? 'pie' : 'bar';
  return {
    type,
    data: {
      labels: data.labels,
      datasets: data.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: type === 'pie' ? PALETTE : PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      // Drawn once, at once: a dashboard is read, not watched (and screenshots are then stable).
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      // A series chart always says what its colours are, even when only one status occurs.
      plugins: { legend: { display: data.datasets.length > 1 || type === 'pie' || !!chart.series } },
      ...(type === 'pie'
        ? {}
        : {
            scales: {
              // Counts and sums of seats are whole numbers; category names are cut to fit the tile.
              [horizontal ? 'y' : 'x']: { stacked, ticks: { callback: categoryTick } },
              [horizontal ? 'x' : 'y']: { stacked, beginAtZero: true, ticks: { precision: 0 } },
            },
          }),
    },
  };
}

function dataTable(chart: ChartMeta, data: ChartData): HTMLElement {
  return h('details', { class: 'chart-data' }, [
    h('summary', {}, [ShellStrings.chartShowData]),
    h('table', { class: 'grid', 'aria-label': ShellStrings.chartDataLabel(chart.name) }, [
      h('thead', {}, [
        h('tr', {}, [
          h('th', { scope: 'col' }, ['']),
          ...data.datasets.map((d) => h('th', { scope: 'col' }, [d.label])),
        ]),
      ]),
      h(
        'tbody',
        {},
        data.labels.map((label, i) =>
          h('tr', {}, [h('th', { scope: 'row' }, [label]), ...data.datasets.map((d) => h('td', {}, [d.data[i]]))]),
        ),
      ),
    ]),
  ]);
}

async function tile(shell: Shell, chart: ChartMeta): Promise<HTMLElement> {
  const table = shell.meta.tables[chart.table];
  const element = h('section', { class: 'chart-tile', 'data-chart': chart.key, 'aria-label': chart.name }, [
    h('h2', {}, [chart.name]),
    h('p', { class: 'chart-description' }, [chart.description]),
  ]);
  try {
    const data = await chartData(shell, chart);
    const total = data.datasets.reduce((n, d) => n + d.data.reduce((a, b) => a + b, 0), 0);
    element.setAttribute('data-total', String(total));
    if (!data.labels.length) element.append(h('p', { class: 'empty' }, [ShellStrings.chartNoData]));
    else {
      const canvas = h('canvas', { role: 'img', 'aria-label': ShellStrings.chartImage(chart.name, data.rows) });
      element.append(h('div', { class: 'chart-canvas' }, [canvas]), dataTable(chart, data));
      new Chart(canvas, config(chart, data));
    }
  } catch (err) {
    element.append(h('p', { role: 'alert' }, [ShellStrings.loadFailed((err as Error).message)]));
  }
  if (table)
    element.append(h('a', { href: listHash(table.logicalName) }, [ShellStrings.chartOpen(table.pluralDisplayName)]));
  return element;
}

export async function renderDashboard(shell: Shell, key: string | undefined): Promise<void> {
  const dashboard = shell.meta.dashboards.find((d) => d.key === key) ?? shell.meta.dashboards[0];
  // Not ready until this render's tiles are in: the mark of an earlier visit stayed on <main>, so a
  // second visit read as ready while its tiles were still loading (0 tiles, a flaky browser test).
  shell.main.removeAttribute('data-dashboard-ready');
  clear(shell.main);
  if (!dashboard) {
    shell.main.append(h('p', { role: 'alert' }, [ShellStrings.noDashboard]));
    return;
  }
  const grid = h('div', { class: 'dashboard' });
  shell.main.append(
    h('p', { class: 'table-name' }, [ShellStrings.dashboard]),
    h('h1', {}, [dashboard.name]),
    h('p', { class: 'view-name' }, [dashboard.description]),
    grid,
  );
  const charts = dashboard.charts.flatMap((k) => shell.meta.charts.filter((c) => c.key === k));
  const tiles = await Promise.all(charts.map((c) => tile(shell, c)));
  grid.append(...tiles);
  shell.main.setAttribute('data-dashboard-ready', 'true');
}
