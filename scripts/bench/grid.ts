/**
 * `npm run -s bench -- grid --rows 10000 [--runs 3] [--json]`
 *
 * The built AccountMappingGrid in headless Chromium (Debian's /usr/bin/chromium, never a downloaded
 * browser) on the local PCF host page, against the Dataverse emulator holding one provider with
 * `--rows` provider accounts (40% mapped, 30% suggested, 25% not set up, 5% excluded). Per run, a fresh
 * page; figures are medians over the runs:
 *   first_render_ms      navigation start -> every row loaded (all dataset pages) and the first screen painted
 *   filter_keystroke_ms  one keystroke in the search box -> the filtered grid painted (next frame)
 *   scroll_frame_ms      a jump of the viewport to the middle of the list -> those rows painted
 *   bundle_kb            bundle.js of each control as the solution ships it
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Choices, Tables } from '../../solution/schema';
import { MsalTokenProvider } from '../../plugins/dataverse/auth';
import { DataverseClient } from '../../plugins/dataverse/client';
import type { BatchOperation } from '../../plugins/dataverse/batch';
import { Redactor } from '../../plugins/shared/redact';
import { DEFAULT_APP_SHELL_CLIENT, DEFAULT_SERVICE_CLIENT, startDataverseEmulator } from '../../emulators/dataverse';
import { startPcfDevServer } from '../../emulators/app-shell/pcf-host/dev-server';
import { buildPcfControls } from '../../pcf-controls/build';
import { launchChromium } from '../../emulators/app-shell/pcf-host/browser';
import { seededRandom } from './automap';
import type { BenchScenario } from './types';

const PA = Tables.providerAccount;
const A = Tables.account;
const MS = Choices.mappingStatus;

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
const guid = (prefix: number, n: number) =>
  `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function seed(dv: DataverseClient, rows: number): Promise<string> {
  const providerId = await dv.create(Tables.provider.entitySetName, {
    [Tables.provider.col.name]: 'Bench provider',
    [Tables.provider.col.internalName]: 'Providers.TechDataCspProvider',
    [Tables.provider.col.userName]: 'bench',
    [Tables.provider.col.endpointUrl]: 'https://example.invalid/',
    [Tables.provider.col.providerType]: Choices.providerType.Automatic,
  });
  const rnd = seededRandom(7);
  const accounts = Math.ceil(rows * 0.75);
  const ops: BatchOperation[] = [];
  for (let i = 0; i < accounts; i++)
    ops.push({
      method: 'POST',
      path: A.entitySetName,
      body: { [A.col.id]: guid(0xacc, i), [A.col.name]: `Customer ${String(i).padStart(5, '0')} Pty Ltd` },
    });
  for (let i = 0; i < rows; i++) {
    const r = rnd();
    const status = r < 0.4 ? MS.Mapped : r < 0.7 ? MS.Suggested : r < 0.95 ? MS.NotSetup : MS.Excluded;
    const body: Record<string, unknown> = {
      [PA.col.name]: `Customer ${String(i).padStart(5, '0')} ${rnd() < 0.5 ? 'Limited' : 'PTY LTD'}`,
      [PA.col.providerSpecificId]: String(1_000_000 + i),
      [PA.col.primaryDomain]: `customer${i}.example.com`,
      [PA.col.mappingStatus]: status,
      [`${PA.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${providerId})`,
    };
    // Mapped rows hold distinct accounts (the (provider, account) key); suggestions may repeat.
    if (status === MS.Mapped && i < accounts)
      body[`${PA.nav.account}@odata.bind`] = `/${A.entitySetName}(${guid(0xacc, i)})`;
    else if (status === MS.Mapped) body[PA.col.mappingStatus] = MS.NotSetup;
    if (status === MS.Suggested) {
      body[`${PA.nav.suggestedAccount}@odata.bind`] =
        `/${A.entitySetName}(${guid(0xacc, Math.floor(rnd() * accounts))})`;
      body[PA.col.matchScore] = rnd() < 0.5 ? 1 : 0.6;
      body[PA.col.matchCode] = body[PA.col.matchScore] === 1 ? 'same_name' : 'similar_name';
      body[PA.col.matchReason] = body[PA.col.matchScore] === 1 ? 'Same name' : 'Similar name (60%)';
    }
    ops.push({ method: 'POST', path: PA.entitySetName, body });
  }
  for (let i = 0; i < ops.length; i += 500) await dv.batch([{ changeSet: ops.slice(i, i + 500) }]);
  return providerId;
}

export const gridScenario: BenchScenario = {
  name: 'grid',
  description:
    'AccountMappingGrid in headless Chromium against the emulator: first render, filter keystroke, scroll, bundle sizes',
  async run(args, log) {
    const rows = intArg(args, '--rows', 10_000);
    const runs = intArg(args, '--runs', 3);
    const repoRoot = path.resolve(__dirname, '..', '..');
    const built = await buildPcfControls({ repoRoot, log });
    const emulator = await startDataverseEmulator({ clients: [DEFAULT_SERVICE_CLIENT, DEFAULT_APP_SHELL_CLIENT] });
    const redactor = new Redactor();
    const tokenProvider = new MsalTokenProvider({
      environmentUrl: emulator.url,
      authority: emulator.authority,
      clientId: DEFAULT_SERVICE_CLIENT.clientId,
      clientSecret: DEFAULT_SERVICE_CLIENT.clientSecret,
      redactor,
      ca: emulator.caPem,
    });
    const dv = new DataverseClient({ webApiUrl: emulator.webApiUrl, tokenProvider, ca: emulator.caPem });
    const seededAt = performance.now();
    const providerId = await seed(dv, rows);
    log(`seeded ${rows} provider accounts in ${Math.round(performance.now() - seededAt)} ms`);
    const server = await startPcfDevServer({
      repoRoot,
      webApiUrl: emulator.webApiUrl,
      caPem: emulator.caPem,
      getToken: () => emulator.getToken(DEFAULT_APP_SHELL_CLIENT.clientId),
    });
    const browser = await launchChromium();
    const firstRender: number[] = [];
    const keystroke: number[] = [];
    const scroll: number[] = [];
    try {
      for (let run = 0; run < runs; run++) {
        const page = await browser.context.newPage();
        await page.goto(`${server.url}/pcf-host/index.html?control=AccountMappingGrid&record=${providerId}`);
        // A string, not a function: tsx (esbuild keepNames) would wrap a function with a `__name` helper the page lacks.
        const figures =
          (await page.evaluate(`(async (total) => {\n          const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const all = \`\${total} of \${total} provider accounts shown.\`;
          while (document.querySelector('.w365-shown')?.textContent !== all) await new Promise((r) => setTimeout(r, 5));
          await frame();
          const first = performance.now();
          const input = document.querySelector('input[type="search"]');
          const keys = [];
          for (const term of ['customer 12', 'limited 0']) {
            input.value = '';
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await frame();
            for (const ch of term) {
              const t0 = performance.now();
              input.value += ch;
              input.dispatchEvent(new Event('input', { bubbles: true }));
              await frame();
              keys.push(performance.now() - t0);
            }
          }
          input.value = '';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await frame();
          const viewport = document.querySelector('.w365-grid-viewport');
          const t0 = performance.now();
          viewport.scrollTop = viewport.scrollHeight / 2;
          await frame();
          await frame();
          const scrolled = performance.now() - t0;
          return { first, keys, scrolled, domRows: document.querySelectorAll('.w365-grid-body [role="row"]').length };
        })(${rows})`)) as { first: number; keys: number[]; scrolled: number; domRows: number };
        firstRender.push(figures.first);
        keystroke.push(...figures.keys);
        scroll.push(figures.scrolled);
        log(
          `run ${run + 1}: first render ${Math.round(figures.first)} ms, keystroke median ${round1(median(figures.keys))} ms, scroll ${round1(figures.scrolled)} ms, ${figures.domRows} row elements in the DOM`,
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
      first_render_ms: Math.round(median(firstRender)),
      filter_keystroke_ms: round1(median(keystroke)),
      scroll_frame_ms: round1(median(scroll)),
      bundle_kb: { AccountMappingGrid: kb('AccountMappingGrid'), ProductMappingGrid: kb('ProductMappingGrid') },
    };
  },
};
