/**
 * System charts (savedqueryvisualization) and dashboards (systemform type 0) as typed data. The packer
 * writes them as a real export does: a chart's DataDescription (an aggregate FetchXML and its
 * category and measure aliases) and PresentationDescription (the chart control's XML), a dashboard's
 * FormXml of chart tiles; the app shell draws the same definitions with Chart.js.
 */
import type { TableDef } from '../../schema';
import type { FilterDef } from '../types';

/** The chart types we use, as Dataverse's PresentationDescription names them (`ChartType`). */
export type ChartKind = 'Column' | 'StackedColumn' | 'Bar' | 'StackedBar' | 'Line' | 'Pie';

/** FetchXML `dategrouping` values we use [C] (FetchXML aggregation reference). */
export type DateGrouping = 'day' | 'week' | 'month';

export interface ChartMeasure {
  /** Column aggregated; `count` counts rows (of the primary key). */
  readonly column: string;
  readonly aggregate: 'count' | 'countcolumn' | 'sum';
  /** Legend text, e.g. "Seats". */
  readonly label: string;
}

export interface ChartDef {
  /** Stable key; the chart's GUID derives from it, so never change a shipped key. */
  readonly key: string;
  readonly table: TableDef;
  readonly name: string;
  readonly description: string;
  readonly kind: ChartKind;
  /** The x axis (or the slices): a column, dates grouped by day, week or month. */
  readonly category: { readonly column: string; readonly dateGrouping?: DateGrouping };
  /** A second group-by that splits each category into series (one colour per value). */
  readonly series?: { readonly column: string };
  /** One measure per series; with `series`, exactly one. */
  readonly measures: readonly ChartMeasure[];
  readonly filter?: FilterDef;
  /** The view a dashboard tile shows the chart with (its key); the chart aggregates the view's rows. */
  readonly viewKey: string;
}

/** A tile of a dashboard: one chart, or a place kept for a chart a later release adds. */
export type DashboardTile =
  | { readonly kind: 'chart'; readonly chart: ChartDef }
  /** Not packed and not drawn: it only keeps the layout's place (and says what will go there). */
  | { readonly kind: 'reserved'; readonly title: string; readonly reason: string };

export interface DashboardDef {
  /** Stable key; the dashboard form's GUID derives from it. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Tiles in reading order, two to a row. */
  readonly tiles: readonly DashboardTile[];
}
