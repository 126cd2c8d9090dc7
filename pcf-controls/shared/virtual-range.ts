/**
 * Which rows a virtualised list must have in the DOM: the ones in the viewport plus `overscanRows`
 * either side, so that a fast scroll does not show blank rows before the next frame renders them.
 * Pure arithmetic; the DOM side is virtual-grid.ts.
 */
export interface RangeInput {
  readonly scrollTopInPx: number;
  readonly viewportHeightInPx: number;
  readonly rowHeightInPx: number;
  readonly rowCount: number;
  readonly overscanRows: number;
}

/** Half-open range [first, end) of row indices to render; empty when there are no rows. */
export function visibleRange(input: RangeInput): { first: number; end: number } {
  const { rowCount, rowHeightInPx } = input;
  if (rowCount <= 0 || rowHeightInPx <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, input.scrollTopInPx);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeightInPx));
  const visibleCount = Math.ceil(Math.max(0, input.viewportHeightInPx) / rowHeightInPx) + 1;
  const first = Math.max(0, firstVisible - input.overscanRows);
  const end = Math.min(rowCount, firstVisible + visibleCount + input.overscanRows);
  return { first, end };
}

/** The scrollTop that brings row `index` fully into view, or undefined when it already is. */
export function scrollTopToReveal(
  index: number,
  scrollTopInPx: number,
  viewportHeightInPx: number,
  rowHeightInPx: number,
): number | undefined {
  const rowTop = index * rowHeightInPx;
  const rowBottom = rowTop + rowHeightInPx;
  if (rowTop < scrollTopInPx) return rowTop;
  if (rowBottom > scrollTopInPx + viewportHeightInPx) return Math.max(0, rowBottom - viewportHeightInPx);
  return undefined;
}
