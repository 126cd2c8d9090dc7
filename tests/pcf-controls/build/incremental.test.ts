/**
 * The PCF build is incremental: a control whose inputs did not change is not rebuilt (webpack costs
 * seconds a control, and `npm test` and `npm start` both build), and the local host's platform
 * libraries are built once for the installed versions. Runs pcf-scripts when nothing is built yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPcfControls } from '../../../pcf-controls/build';
import { PLATFORM_DIR, PLATFORM_INDEX } from '../../../pcf-controls/build/platform-libraries';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('the PCF build', () => {
  it('rebuilds nothing the second time, and serves the platform libraries the manifests name', async () => {
    await buildPcfControls({ repoRoot: REPO_ROOT });
    const lines: string[] = [];
    const again = await buildPcfControls({ repoRoot: REPO_ROOT, log: (l) => lines.push(l) });
    expect(again.controls.map((c) => [c.name, c.rebuilt])).toEqual([
      ['AccountMappingGrid', false],
      ['ProductMappingGrid', false],
    ]);
    expect(lines).toEqual(['AccountMappingGrid: up to date', 'ProductMappingGrid: up to date']);
    const index = JSON.parse(readFileSync(path.join(REPO_ROOT, PLATFORM_DIR, PLATFORM_INDEX), 'utf8')) as {
      name: string;
      file: string;
    }[];
    expect(index.map((l) => l.name)).toEqual(['React', 'Fluent']);
    for (const l of index) expect(existsSync(path.join(REPO_ROOT, PLATFORM_DIR, l.file))).toBe(true);
    for (const c of again.controls) {
      const manifest = readFileSync(path.join(c.outputDir, 'ControlManifest.xml'), 'utf8');
      expect(manifest).toContain('control-type="virtual"');
      expect(manifest).toMatch(/<platform-library name="React" version="16\.14\.0"\/>/);
      expect(manifest).toMatch(/<platform-library name="Fluent" version="9\.\d+\.\d+"\/>/);
      // React and Fluent stay out of bundle.js: it reads them from the platform's globals.
      const bundle = readFileSync(path.join(c.outputDir, 'bundle.js'), 'utf8');
      expect(bundle).toContain('Reactv16');
      expect(bundle).toContain('FluentUIReactv940');
      expect(bundle).not.toContain('react.production.min');
    }
  }, 600_000);
});
