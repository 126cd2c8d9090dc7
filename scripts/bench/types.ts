/** A benchmark scenario: `npm run -s bench -- <name> [args] --json` prints its result as the last line. */
export interface BenchScenario {
  name: string;
  description: string;
  /** Parses its own arguments (after the scenario name); returns the figures to print. */
  run(args: string[], log: (line: string) => void): Promise<Record<string, unknown>>;
}

/** Peak resident set size of this process so far, in MB (Linux VmHWM; falls back to current RSS). */
export function peakRssMb(): number {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const status: string = require('node:fs').readFileSync('/proc/self/status', 'utf8');
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(status);
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

/**
 * Forget the bench's own setup before a measured run: collect garbage and reset the kernel's peak RSS
 * (VmHWM) through /proc/self/clear_refs ("5", Linux 4.0+), so that `peakRssMb()` afterwards is the peak of
 * the measured work (plus the process's baseline), not of the data generation that came before it.
 */
export function resetPeakRss(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:v8').setFlagsFromString('--expose_gc');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gc = require('node:vm').runInNewContext('gc') as () => void;
    gc();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the peak then includes the setup
  }
}
