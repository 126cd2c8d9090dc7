/**
 * What the grid benchmark runs inside the page (a string, not a function: tsx, with esbuild's
 * keepNames, would wrap a function in a `__name` helper the page lacks). Times are from the page's
 * navigation start (performance.now()), each "painted" meaning the next animation frame after the DOM
 * shows it:
 *   first_screen  the first data row of the grid
 *   first_render  every row loaded (all dataset pages) and the grid painted: the old figure
 *   all_rows      a search for the last row of the last page finds it: all rows interactive
 *   keystrokes    each keystroke of two searches, input event -> filtered grid painted
 *   scrolled      the viewport jumped to the middle of the list (the page idle before) -> those rows painted
 */
export interface PageFigures {
  readonly firstScreen: number;
  /** The host's `w365-pcf-init` mark: React, Fluent and the bundle loaded and run, init about to be called. */
  readonly controlInit: number;
  readonly firstRender: number;
  readonly allRows: number;
  readonly keys: number[];
  readonly scrolled: number;
  readonly domRows: number;
}

export function measureInPage(total: number, lastRowName: string): string {
  return `(async (total, lastRowName) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  while (!document.querySelector('[role="grid"] [aria-rowindex="2"]')) await sleep(2);
  await frame();
  const firstScreen = performance.now();
  const controlInit = performance.getEntriesByName('w365-pcf-init')[0]?.startTime ?? NaN;
  const status = () => document.querySelector('[data-grid-status]')?.textContent ?? '';
  while (!status().endsWith(' of ' + total + ' provider accounts shown.')) await sleep(5);
  await frame();
  const firstRender = performance.now();
  // Type into the search box as a person does: React tracks the input's value, so set it natively.
  const input = document.querySelector('input[type="search"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const type = (v) => { setValue.call(input, v); input.dispatchEvent(new Event('input', { bubbles: true })); };
  Array.from(document.querySelectorAll('[role="tab"]')).find((t) => t.textContent.startsWith('All ('))?.click();
  await frame();
  type(lastRowName);
  while (!Array.from(document.querySelectorAll('[role="gridcell"]')).some((c) => c.textContent.includes(lastRowName))) await sleep(2);
  await frame();
  const allRows = performance.now();
  const keys = [];
  for (const term of ['customer 12', 'limited 0']) {
    type('');
    await frame();
    let text = '';
    for (const ch of term) {
      text += ch;
      const t0 = performance.now();
      type(text);
      await frame();
      keys.push(performance.now() - t0);
    }
  }
  type('');
  await frame();
  // Let the last keystroke's after-work (the toolbar's overflow measuring, garbage collection) finish:
  // the scroll figure is one jump's frame, not the tail of the typing before it.
  await sleep(500);
  const viewport = document.querySelector('[role="grid"] > [role="presentation"]');
  const t0 = performance.now();
  viewport.scrollTop = viewport.scrollHeight / 2;
  await frame();
  await frame();
  const scrolled = performance.now() - t0;
  return { firstScreen, controlInit, firstRender, allRows, keys, scrolled, domRows: document.querySelectorAll('[role="grid"] [role="row"]').length };
})(${JSON.stringify(total)}, ${JSON.stringify(lastRowName)})`;
}
