/**
 * Which platform library serves which version (pcf-controls/build/versions.ts), read from pcf-scripts'
 * own PlatformLibraryVersions.json as the build and the local host read it.
 */
import { readFileSync } from 'node:fs';
import { compareVersions, inRange, rangeFor } from '../../../pcf-controls/build/versions';
import { platformLibraries } from '../../../pcf-controls/build/platform-libraries';

type Ranges = Record<string, { minVersion: string; maxVersion: string; libAlias: string }[]>;
const table = JSON.parse(readFileSync(require.resolve('pcf-scripts/PlatformLibraryVersions.json'), 'utf8')) as Ranges;

describe('platform library versions', () => {
  it('compares dotted versions by number, missing parts as zero', () => {
    expect(compareVersions('9.4', '9.46.2')).toBeLessThan(0);
    expect(compareVersions('16.14.0', '16.14')).toBe(0);
    expect(compareVersions('18.3.1', '16.14.0')).toBeGreaterThan(0);
    expect(inRange('16.8.6', { minVersion: '16.8', maxVersion: '16.14.0' })).toBe(true);
    expect(inRange('17.0.2', { minVersion: '16.8', maxVersion: '16.14.0' })).toBe(false);
  });

  it("chooses pcf-scripts' global for each library version, and none outside its ranges", () => {
    expect(rangeFor(table.react, '16.14.0')?.libAlias).toBe('Reactv16');
    expect(rangeFor(table.react, '18.3.1')?.libAlias).toBe('Reactv18');
    expect(rangeFor(table.react, '17.0.2')).toBeUndefined();
    expect(rangeFor(table.fluent, '9.68.0')?.libAlias).toBe('FluentUIReactv940');
    expect(rangeFor(table.fluent, '8.121.1')?.libAlias).toBe('FluentUIReactv81211');
    expect(rangeFor(table.fluent, '9.69.0')).toBeUndefined();
  });

  it('serves the installed React and Fluent under the globals the control bundles read', async () => {
    const libs = await platformLibraries();
    expect(libs.map((l) => [l.name, l.global, l.domGlobal])).toEqual([
      ['React', 'Reactv16', 'ReactDOMv16'],
      ['Fluent', 'FluentUIReactv940', undefined],
    ]);
    // The manifests' versions are inside what the host serves.
    for (const [name, version] of [
      ['React', '16.14.0'],
      ['Fluent', '9.68.0'],
    ])
      expect(inRange(version, libs.find((l) => l.name === name) as { minVersion: string; maxVersion: string })).toBe(
        true,
      );
  });
});
