/**
 * `npm run -s bench -- grid --rows 10000 [--runs 3] [--json]`
 *
 * The built AccountMappingGrid in headless Chromium (Debian's /usr/bin/chromium, never a downloaded
 * browser) on the local PCF host page, with React and Fluent loaded as the platform's libraries,
 * against the Dataverse emulator holding one provider with `--rows` provider accounts (grid-seed.ts).
 * Per run, a fresh page; figures are medians over the runs (what each means: grid-page.ts):
 *   first_screen_ms      navigation start -> the first rows painted, cold (the browser's cache emptied)
 *   first_screen_warm_ms the same, warm: a second navigation in the same browser, the platform libraries
 *                        cached (the host serves them immutable, by content version, as the platform's
 *                        CDN does; in Dynamics a form opens inside a running app); all_rows_warm_ms too
 *   first_screen_in_app_ms  the grid opened again in the same page (unmounted, mounted): a second form
 *                        in a running app, React and Fluent loaded and run -> its first rows painted
 *   control_first_screen_ms  the control's own share of it: init called (React, Fluent and the bundle
 *                        loaded and run: in Dynamics the platform libraries are the app's, already
 *                        loaded) -> the first rows painted
 *   all_rows_ms          navigation start -> every row loaded and searchable (the last row found)
 *   first_render_ms      navigation start -> every row loaded and the grid painted (the figure before
 *                        issue 15, when the first screen waited for all rows)
 *   filter_keystroke_ms  one keystroke in the search box -> the filtered grid painted (next frame: at
 *                        least one frame, ~16.7 ms, by construction); filter_keystroke_work_ms its work
 *                        alone (input event -> the grid rendered and laid out)
 *   scroll_frame_ms      scripted scrolling (5 rows a frame, 60 frames): the median frame's main-thread
 *                        work, its start to its layout done, the rows scrolled in rendered (grid-page.ts);
 *                        scroll_frame_p95_ms the 95th percentile; scroll_missed_frames the frames whose
 *                        rows were not in the DOM by then; scroll_frame_cpu_ms the renderer main thread's
 *                        CPU time over the scrolling divided by its frames (less inflated by a loaded machine)
 *   scroll_jump_ms       the figure before (it was scroll_frame_ms): a jump of the viewport to the middle
 *                        -> two animation frames later, so never under one frame (16.7 ms) even with no work
 *   bundle_kb            bundle.js of each control as the solution ships it (React and Fluent excluded:
 *                        they are platform libraries)
 *   bundle_gzip_kb       the same gzipped (level 9): about what a browser downloads, as Dynamics serves web
 *                        resources compressed [I]; the goal is on bundle_kb
 */
import { performance } from 'node:perf_hooks';
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { Redactor } from '../../plugins/shared/redact';
import { DEFAULT_APP_SHELL_CLIENT, DEFAULT_SERVICE_CLIENT, startDataverseEmulator } from '../../emulators/dataverse';
import { builtSolutionZip } from '../../emulators/embedded/solution';
import { startPcfDevServer } from '../../emulators/app-shell/pcf-host/dev-server';
import { buildPcfControls } from '../../pcf-controls/build';
import type { BrowserContext, CDPSession } from 'playwright-core';
import { launchChromium } from '../browser/chromium';
import { seededRandom } from './automap';
import { benchAccountName, seedGridBench } from './grid-seed';
import {
  measureInPage,
  measureJumpInPage,
  measureRemountInPage,
  measureScrollInPage,
  settleInPage,
  SCROLL_FRAMES,
  type PageFigures,
  type ScrollFigures,
} from './grid-page';
import { numberOption } from './options';
import type { BenchScenario } from './types';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The name of the last row seeded (the seed draws two random numbers for some rows: replay it). */
function lastRowName(rows: number): string {
  const rnd = seededRandom(7);
  let name = '';
  for (let i = 0; i < rows; i++) {
    const r = rnd();
    name = benchAccountName(i, rnd);
    if (r >= 0.4 && r < 0.7) {
      rnd();
      rnd();
    }
  }
  return name;
}

type RunFigures = PageFigures & ScrollFigures & { readonly scrollCpuPerFrame: number; readonly remount?: number };

/** The renderer main thread's CPU time so far, in ms (Chromium's Performance.getMetrics ThreadTime, seconds). */
async function threadTimeInMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

/**
 * W365_BENCH_PROFILE_DIR: the page's main thread profiled from navigation to every row searchable,
 * written there as `grid-<cold|warm>-<n>.cpuprofile` (open it in Chrome's DevTools), to see where the
 * first screen and the rows' loading go.
 */
const PROFILE_DIR = process.env.W365_BENCH_PROFILE_DIR;
let profiles = 0;

/** One page load measured; `cold` empties the browser's cache first. */
async function measureRun(context: BrowserContext, url: string, rows: number, cold: boolean): Promise<RunFigures> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (cold) await cdp.send('Network.clearBrowserCache');
    if (PROFILE_DIR) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(url);
    const figures = (await page.evaluate(measureInPage(rows, lastRowName(rows)))) as PageFigures;
    if (PROFILE_DIR) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      const file = path.join(PROFILE_DIR, `grid-${cold ? 'cold' : 'warm'}-${++profiles}.cpuprofile`);
      await fs.writeFile(file, JSON.stringify(profile));
    }
    await page.evaluate(settleInPage);
    const cpuBefore = await threadTimeInMs(cdp);
    const scroll = (await page.evaluate(measureScrollInPage)) as Pick<ScrollFigures, 'scrollFrames' | 'scrollMissed'>;
    const scrollCpuPerFrame = ((await threadTimeInMs(cdp)) - cpuBefore) / SCROLL_FRAMES;
    const jump = (await page.evaluate(measureJumpInPage)) as Pick<ScrollFigures, 'scrolled' | 'domRows'>;
    const out = { ...figures, ...scroll, ...jump, scrollCpuPerFrame };
    return cold ? out : { ...out, remount: (await page.evaluate(measureRemountInPage(rows))) as number };
  } finally {
    await page.close();
  }
}

export const gridScenario: BenchScenario = {
  name: 'grid',
  description:
    'AccountMappingGrid in headless Chromium against the emulator: first screen, all rows, filter keystroke, scroll, bundle sizes',
  async run(args, log) {
    const rows = numberOption(args, 'rows', 10_000, { integer: true, min: 1 });
    const runs = numberOption(args, 'runs', 3, { integer: true, min: 1 });
    const repoRoot = path.resolve(__dirname, '..', '..');
    const built = await buildPcfControls({ repoRoot, log });
    const emulator = await startDataverseEmulator({
      clients: [DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT],
      solutions: [await builtSolutionZip()],
    });
    const tokenProvider = new MsalTokenProvider({
      environmentUrl: emulator.url,
      authority: emulator.authority,
      clientId: DEFAULT_SERVICE_CLIENT.clientId,
      clientSecret: DEFAULT_SERVICE_CLIENT.clientSecret,
      redactor: new Redactor(),
      ca: emulator.caPem,
    });
    const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem });
    const seededAt = performance.now();
    const providerId = await seedGridBench(dv, rows);
    log(`seeded ${rows} provider accounts in ${Math.round(performance.now() - seededAt)} ms`);
    const server = await startPcfDevServer({
      repoRoot,
      webApiUrl: emulator.webApiUrl,
      caPem: emulator.caPem,
      getToken: () => emulator.getToken(DEFAULT_APP_SHELL_CLIENT.clientId),
    });
    const browser = await launchChromium();
    const all: RunFigures[] = [];
    const warm: RunFigures[] = [];
    try {
      const url = `${server.url}/pcf-host/index.html?control=AccountMappingGrid&record=${providerId}`;
      for (let run = 0; run < runs; run++) {
        // Cold: nothing cached (the browser's cache emptied). Warm: a second navigation in the same
        // browser, the platform libraries cached (served immutable, by version), as in a running app.
        const f = await measureRun(browser.context, url, rows, true);
        all.push(f);
        log(
          `run ${run + 1}: first screen ${Math.round(f.firstScreen)} ms (control ${Math.round(f.firstScreen - f.controlInit)} ms, its first view rendered after ${Math.round(f.firstView - f.controlInit)}), all rows ${Math.round(f.allRows)} ms, first render (old) ${Math.round(f.firstRender)} ms, keystroke median ${round1(median(f.keys))} ms (work ${round1(median(f.keyWork))} ms), scroll frame median ${round1(median(f.scrollFrames))} ms (CPU ${round1(f.scrollCpuPerFrame)} ms a frame, p95 ${round1(percentile(f.scrollFrames, 95))}, ${f.scrollMissed} missed), jump ${round1(f.scrolled)} ms, ${f.domRows} row elements in the DOM`,
        );
        const w = await measureRun(browser.context, url, rows, false);
        warm.push(w);
        log(
          `run ${run + 1} warm: first screen ${Math.round(w.firstScreen)} ms (control ${Math.round(w.firstScreen - w.controlInit)} ms), all rows ${Math.round(w.allRows)} ms; opened again in the page: ${Math.round(w.remount ?? NaN)} ms`,
        );
      }
    } finally {
      await browser.close();
      await server.close();
      await emulator.close();
    }
    const control = (name: string) => built.controls.find((c) => c.name === name);
    const kb = (name: string) => round1((control(name)?.bundleBytes ?? NaN) / 1024);
    const gzipKb = async (name: string) => {
      const dir = control(name)?.outputDir;
      if (!dir) return NaN;
      return round1(gzipSync(await fs.readFile(path.join(dir, 'bundle.js')), { level: 9 }).length / 1024);
    };
    return {
      rows,
      runs,
      first_screen_ms: Math.round(median(all.map((f) => f.firstScreen))),
      first_screen_warm_ms: Math.round(median(warm.map((f) => f.firstScreen))),
      control_first_screen_ms: Math.round(median(all.map((f) => f.firstScreen - f.controlInit))),
      all_rows_ms: Math.round(median(all.map((f) => f.allRows))),
      all_rows_warm_ms: Math.round(median(warm.map((f) => f.allRows))),
      first_screen_in_app_ms: Math.round(median(warm.map((f) => f.remount ?? NaN))),
      first_render_ms: Math.round(median(all.map((f) => f.firstRender))),
      filter_keystroke_ms: round1(median(all.flatMap((f) => f.keys))),
      filter_keystroke_work_ms: round1(median(all.flatMap((f) => f.keyWork))),
      scroll_frame_ms: round1(median(all.flatMap((f) => f.scrollFrames))),
      scroll_frame_p95_ms: round1(
        percentile(
          all.flatMap((f) => f.scrollFrames),
          95,
        ),
      ),
      scroll_frame_cpu_ms: round1(median(all.map((f) => f.scrollCpuPerFrame))),
      scroll_missed_frames: all.reduce((n, f) => n + f.scrollMissed, 0),
      scroll_jump_ms: round1(median(all.map((f) => f.scrolled))),
      bundle_kb: { AccountMappingGrid: kb('AccountMappingGrid'), ProductMappingGrid: kb('ProductMappingGrid') },
      bundle_gzip_kb: {
        AccountMappingGrid: await gzipKb('AccountMappingGrid'),
        ProductMappingGrid: await gzipKb('ProductMappingGrid'),
      },
    };
  },
};
