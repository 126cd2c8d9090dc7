/**
 * What the grid benchmark runs inside the page (a string, not a function: tsx, with esbuild's
 * keepNames, would wrap a function in a `__name` helper the page lacks). Times are from the page's
 * navigation start (performance.now()), each "painted" meaning the next animation frame after the DOM
 * shows it:
 *   first_screen  the first data row of the grid
 *   first_render  every row loaded (all dataset pages) and the grid painted: the old figure
 *   all_rows      a search for the last row of the last page finds it: all rows interactive
 *   keystrokes    each keystroke of two searches, input event -> filtered grid painted (the next
 *                 animation frame: so never under a frame, ~16.7 ms, however little the work), and its
 *                 work alone: input event -> the grid rendered and laid out (forced)
 *   scrollFrames  scripted scrolling, SCROLL_STEP_IN_PX a frame for SCROLL_FRAMES frames (the page idle
 *                 before): per frame, the main thread's work from the frame's start (the animation frame's
 *                 timestamp: the browser's scroll event, and so the grid's render of the rows scrolled in,
 *                 runs before animation frame callbacks) to its layout done (forced there); a frame whose
 *                 rows are not in the DOM by then counts in `scrollMissed`
 *                 (grid.ts also reads the renderer main thread's CPU time over the scrolling, from the
 *                 browser's own metrics: a figure a loaded machine inflates far less than frame times)
 *   scrolled      the viewport jumped to the middle of the list -> two frames later (the figure before:
 *                 it waits for two animation frames, so it is at least one frame, ~16.7 ms, with no work)
 */
import { ROW_HEIGHT_IN_PX } from '../../pcf-controls/shared/tuning';

export interface PageFigures {
  readonly firstScreen: number;
  /** The host's `w365-pcf-init` mark: React, Fluent and the bundle loaded and run, init about to be called. */
  readonly controlInit: number;
  /** The host's `w365-pcf-first-view` mark: the control's first updateView rendered (React committed). */
  readonly firstView: number;
  readonly firstRender: number;
  readonly allRows: number;
  readonly keys: number[];
  /** Each keystroke's own work: input event -> the filtered grid rendered and laid out (no frame wait). */
  readonly keyWork: number[];
}

/** What scripted scrolling measures (measureScrollInPage), and the jump (measureJumpInPage). */
export interface ScrollFigures {
  readonly scrollFrames: number[];
  readonly scrollMissed: number;
  readonly scrolled: number;
  readonly domRows: number;
}

/** Scripted scrolling: 5 rows (of 48 px) a frame, about 300 rows a second at 60 frames a second: a fast wheel. */
const SCROLL_STEP_IN_PX = 240;
export const SCROLL_FRAMES = 60;

export function measureInPage(total: number, lastRowName: string): string {
  return `(async (total, lastRowName) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  while (!document.querySelector('[role="grid"] [aria-rowindex="2"]')) await sleep(2);
  await frame();
  const firstScreen = performance.now();
  const controlInit = performance.getEntriesByName('w365-pcf-init')[0]?.startTime ?? NaN;
  const firstView = performance.getEntriesByName('w365-pcf-first-view')[0]?.startTime ?? NaN;
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
  const keyWork = [];
  for (const term of ['customer 12', 'limited 0']) {
    type('');
    await frame();
    let text = '';
    for (const ch of term) {
      text += ch;
      const t0 = performance.now();
      type(text);
      // React renders the filtered grid within the input event (synchronously, React 16): its work is
      // that plus the style and layout forced here; the wait for the next frame is not work.
      document.querySelector('[role="grid"]').getBoundingClientRect();
      keyWork.push(performance.now() - t0);
      await frame();
      keys.push(performance.now() - t0);
    }
  }
  type('');
  await frame();
  return { firstScreen, controlInit, firstView, firstRender, allRows, keys, keyWork };
})(${JSON.stringify(total)}, ${JSON.stringify(lastRowName)})`;
}

/**
 * Opening the grid again inside the running page, as a second form opens inside a running app: the
 * control unmounted and mounted again (its manifest, strings and first data page read again; React,
 * Fluent and the bundle already loaded and run) -> its first rows painted. Milliseconds.
 */
export function measureRemountInPage(total: number): string {
  return `(async (total) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  await sleep(300);
  const slot = document.getElementById('slot');
  window.w365Mounted.unmount();
  await frame();
  const t0 = performance.now();
  const mounted = window.W365PcfHost.mount(slot);
  while (!document.querySelector('[role="grid"] [aria-rowindex="2"]')) await sleep(2);
  await frame();
  const t1 = performance.now();
  window.w365Mounted = await mounted;
  // Every row loaded again before the page closes: reads left in flight would still occupy the
  // server while the next run loads.
  const status = () => document.querySelector('[data-grid-status]')?.textContent ?? '';
  while (!status().endsWith(' of ' + total + ' provider accounts shown.')) await sleep(5);
  return t1 - t0;
})(${JSON.stringify(total)})`;
}

/** The page left idle: the last keystroke's after-work (the toolbar's overflow measuring, garbage collection) done. */
export const settleInPage = `new Promise((r) => setTimeout(r, 500))`;

/** Scripted scrolling from the top (see the header): the frames' work and the frames that missed their rows. */
export const measureScrollInPage = `(async () => {
  const viewport = document.querySelector('[role="grid"] > [role="presentation"]');
  const scrollFrames = [];
  let scrollMissed = 0;
  await new Promise((done) => {
    let left = ${SCROLL_FRAMES};
    const step = (ts) => {
      if (left < ${SCROLL_FRAMES}) {
        viewport.getBoundingClientRect(); // style and layout of the frame, forced now to be counted
        scrollFrames.push(performance.now() - ts);
        const first = Math.floor(viewport.scrollTop / ${ROW_HEIGHT_IN_PX}) + 2;
        if (!viewport.querySelector('[aria-rowindex="' + first + '"]')) scrollMissed++;
      }
      if (left-- === 0) return done();
      viewport.scrollTop += ${SCROLL_STEP_IN_PX};
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return { scrollFrames, scrollMissed };
})()`;

/** The figure before: back to the top, idle, then a jump to the middle -> two animation frames later. */
export const measureJumpInPage = `(async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const viewport = document.querySelector('[role="grid"] > [role="presentation"]');
  viewport.scrollTop = 0;
  await sleep(500);
  const t0 = performance.now();
  viewport.scrollTop = viewport.scrollHeight / 2;
  await frame();
  await frame();
  return { scrolled: performance.now() - t0, domRows: document.querySelectorAll('[role="grid"] [role="row"]').length };
})()`;
