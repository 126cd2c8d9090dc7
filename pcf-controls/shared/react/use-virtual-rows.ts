/**
 * A virtualised list of fixed-height rows with @tanstack/virtual-core: only the rows in view (plus an
 * overscan) are rendered. This is @tanstack/react-virtual's useVirtualizer without its one import of
 * react-dom (`flushSync`): PCF's React 16 platform library does not make react-dom an external, so
 * that import would put a second ReactDOM into bundle.js. flushSync is not needed here anyway: under
 * React 16 a state update from the virtualizer's native scroll listener renders synchronously.
 */
import * as React from 'react';
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';

export interface VirtualRowsOptions {
  readonly count: number;
  readonly rowHeightInPx: number;
  readonly overscanRows: number;
  readonly scrollElement: () => HTMLElement | null;
}

const rangeKey = (v: Virtualizer<HTMLElement, HTMLElement>) =>
  v.range ? `${v.range.startIndex}:${v.range.endIndex}` : '';

export function useVirtualRows(options: VirtualRowsOptions): Virtualizer<HTMLElement, HTMLElement> {
  const [, rerender] = React.useReducer((n: number) => n + 1, 0);
  // The virtualizer also notifies when scrolling starts and stops (isScrolling), which changes no row
  // rendered here: only a change of the rows in view renders the table again.
  const shown = React.useRef('');
  const onChange = (v: Virtualizer<HTMLElement, HTMLElement>) => {
    const key = rangeKey(v);
    if (key === shown.current) return;
    shown.current = key;
    rerender();
  };
  const resolved: VirtualizerOptions<HTMLElement, HTMLElement> = {
    count: options.count,
    getScrollElement: options.scrollElement,
    estimateSize: () => options.rowHeightInPx,
    overscan: options.overscanRows,
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange,
  };
  const [virtualizer] = React.useState(() => new Virtualizer<HTMLElement, HTMLElement>(resolved));
  virtualizer.setOptions(resolved);
  React.useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  React.useLayoutEffect(() => {
    virtualizer._willUpdate();
    shown.current = rangeKey(virtualizer); // what this render showed (a new count or filter renders too)
  });
  return virtualizer;
}
