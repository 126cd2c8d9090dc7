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
