/**
 * `npm run build:pcf [-- --force]`: builds both PCF controls and the local PCF host (see index.ts).
 * Prints one line per control with its bundle size, so a size regression shows in every build log.
 */
import path from 'node:path';
import { buildPcfControls } from './index';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..');
  const started = Date.now();
  const result = await buildPcfControls({
    repoRoot,
    force: process.argv.includes('--force'),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  for (const c of result.controls)
    process.stdout.write(
      `${c.name}: bundle.js ${(c.bundleBytes / 1024).toFixed(1)} KB${c.rebuilt ? '' : ' (unchanged)'}\n`,
    );
  process.stdout.write(`PCF build done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
