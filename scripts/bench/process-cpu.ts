/**
 * CPU time of other processes (the workers, the stand-ins), to say whether a run was bound by the
 * machine's cores rather than by latency or budgets. Linux only: /proc/<pid>/stat, fields 14 and 15
 * (utime, stime) in clock ticks; no package reads another process's CPU time portably. Elsewhere
 * every figure is undefined.
 */
import fs from 'node:fs';

/** USER_HZ: 100 on every Linux architecture Node runs on (the kernel's ABI for /proc). */
const TICKS_PER_SECOND = 100;

export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds per role between `start()` and `stop()`; a process gone by then counts up to its last reading. */
export class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  constructor(private readonly roles: Readonly<Record<string, readonly number[]>>) {}

  private read(into: Map<number, number>): void {
    for (const pids of Object.values(this.roles))
      for (const pid of pids) {
        const ms = processCpuMs(pid);
        if (ms !== undefined) into.set(pid, ms);
      }
  }

  start(): void {
    this.read(this.first);
  }

  /** Call now and then while the run lasts: a killed process keeps its CPU time up to the last sample. */
  sample(): void {
    this.read(this.last);
  }

  stop(): Record<string, number> | undefined {
    this.sample();
    if (this.first.size === 0) return undefined;
    const out: Record<string, number> = {};
    for (const [role, pids] of Object.entries(this.roles))
      out[role] = Math.round(
        pids.reduce((n, pid) => n + Math.max(0, (this.last.get(pid) ?? 0) - (this.first.get(pid) ?? 0)), 0),
      );
    return out;
  }
}
