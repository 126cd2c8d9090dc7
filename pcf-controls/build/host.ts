/**
 * The local PCF host's own build (a development harness of emulators/app-shell/pcf-host, bundled by
 * path: nothing here imports it): host.js from host.ts with esbuild, and the platform libraries it
 * serves to virtual controls (platform-libraries.ts). Readable output beats size for host.js.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { writeIfChanged } from '../../solution/codegen/write-if-changed';
import { buildPlatformLibraries } from './platform-libraries';

export const HOST_ENTRY = 'emulators/app-shell/pcf-host/host.ts';
export const HOST_BUNDLE = 'emulators/app-shell/pcf-host/host.js';

export async function buildPcfHost(repoRoot: string): Promise<string> {
  const [result] = await Promise.all([
    build({
      absWorkingDir: repoRoot,
      entryPoints: [path.join(repoRoot, HOST_ENTRY)],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: false,
      legalComments: 'none',
      charset: 'utf8',
      write: false,
      logLevel: 'silent',
    }),
    buildPlatformLibraries(repoRoot),
  ]);
  const file = path.join(repoRoot, HOST_BUNDLE);
  await writeIfChanged(file, result.outputFiles[0].contents);
  return file;
}
