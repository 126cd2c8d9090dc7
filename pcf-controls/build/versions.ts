/**
 * Dotted version ranges as PlatformLibraryVersions.json writes them (`16.8` to `16.14.0`): used by the
 * build to choose a platform library's global, and by the local PCF host (in the browser) to check
 * that the library it serves covers what a manifest asks for. No Node imports: both sides bundle it.
 */
export interface VersionRange {
  readonly minVersion: string;
  readonly maxVersion: string;
}

const parts = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);

/** Compare dotted versions numerically (`9.4` < `9.46.2`); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function inRange(version: string, range: VersionRange): boolean {
  return compareVersions(version, range.minVersion) >= 0 && compareVersions(version, range.maxVersion) <= 0;
}

/** The range that serves `version`, the highest when several do (pcf-scripts' choice). */
export function rangeFor<R extends VersionRange>(ranges: readonly R[], version: string): R | undefined {
  return ranges.filter((r) => inRange(version, r)).sort((a, b) => compareVersions(b.maxVersion, a.maxVersion))[0];
}
