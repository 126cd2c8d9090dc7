/**
 * `npm run -s bench -- grid --rows 10000 [--runs 3] [--json]`
 *
 * The built AccountMappingGrid in headless Chromium (Debian's /usr/bin/chromium, never a downloaded
 * browser) on the local PCF host page, with React and Fluent loaded as the platform's libraries,
 * against the Dataverse emulator holding one provider with `--rows` provider accounts (grid-seed.ts).
 * Per run, a fresh page; figures are medians over the runs (what each means: grid-page.ts):
 *   first_screen_ms      navigation start -> the first rows painted
 *   control_first_screen_ms  the control's own share of it: init called (React, Fluent and the bundle
 *                        loaded and run: in Dynamics the platform libraries are the app's, already
 *                        loaded) -> the first rows painted
 *   all_rows_ms          navigation start -> every row loaded and searchable (the last row found)
 *   first_render_ms      navigation start -> every row loaded and the grid painted (the figure before
 *                        issue 15, when the first screen waited for all rows)
 *   filter_keystroke_ms  one keystroke in the search box -> the filtered grid painted (next frame)
 *   scroll_frame_ms      a jump of the viewport to the middle of the list -> those rows painted
 *   bundle_kb            bundle.js of each control as the solution ships it (React and Fluent excluded:
 *                        they are platform libraries)
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import { Redactor } from '../../plugins/shared/redact';
import { DEFAULT_APP_SHELL_CLIENT, DEFAULT_SERVICE_CLIENT, startDataverseEmulator } from '../../emulators/dataverse';
import { builtSolutionZip } from '../../emulators/embedded/solution';
import { startPcfDevServer } from '../../emulators/app-shell/pcf-host/dev-server';
import { buildPcfControls } from '../../pcf-controls/build';
import { launchChromium } from '../browser/chromium';
import { seededRandom } from './automap';
import { benchAccountName, seedGridBench } from './grid-seed';
import { measureInPage, type PageFigures } from './grid-page';
import type { BenchScenario } from './types';

function intArg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const n = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_BAD_ARGUMENT: ${name} must be a positive whole number.`);
  return n;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

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

export const gridScenario: BenchScenario = {
  name: 'grid',
  description:
    'AccountMappingGrid in headless Chromium against the emulator: first screen, all rows, filter keystroke, scroll, bundle sizes',
  async run(args, log) {
    const rows = intArg(args, '--rows', 10_000);
    const runs = intArg(args, '--runs', 3);
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
    const all: PageFigures[] = [];
    try {
      for (let run = 0; run < runs; run++) {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/pcf-host/index.html?control=AccountMappingGrid&record=${providerId}`);
        const f = (await page.evaluate(measureInPage(rows, lastRowName(rows)))) as PageFigures;
        all.push(f);
        log(
          `run ${run + 1}: first screen ${Math.round(f.firstScreen)} ms (control ${Math.round(f.firstScreen - f.controlInit)} ms), all rows ${Math.round(f.allRows)} ms, first render (old) ${Math.round(f.firstRender)} ms, keystroke median ${round1(median(f.keys))} ms, scroll ${round1(f.scrolled)} ms, ${f.domRows} row elements in the DOM`,
        );
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
      await emulator.close();
    }
    const kb = (name: string) => round1((built.controls.find((c) => c.name === name)?.bundleBytes ?? NaN) / 1024);
    return {
      rows,
      runs,
      first_screen_ms: Math.round(median(all.map((f) => f.firstScreen))),
      control_first_screen_ms: Math.round(median(all.map((f) => f.firstScreen - f.controlInit))),
      all_rows_ms: Math.round(median(all.map((f) => f.allRows))),
      first_render_ms: Math.round(median(all.map((f) => f.firstRender))),
      filter_keystroke_ms: round1(median(all.flatMap((f) => f.keys))),
      scroll_frame_ms: round1(median(all.map((f) => f.scrolled))),
      bundle_kb: { AccountMappingGrid: kb('AccountMappingGrid'), ProductMappingGrid: kb('ProductMappingGrid') },
    };
  },
};
