/**
 * `w365 sandbox NAME ...` in a child process, as a parent process uses it: start it and read the one
 * JSON ready line it prints on stdout. The test stops it (SIGTERM) and checks how it exited.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';

export interface SandboxProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** The first line the sandbox printed; rejects if it exits before printing one. */
  readyLine: Promise<string>;
}

/** @param args what follows `w365`, e.g. ['sandbox', 'ion', '--port', '0']. */
export function spawnW365(args: string[]): SandboxProcess {
  const bin = path.join(__dirname, '../../../../bin/w365.js');
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const readyLine = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', () => reject(new Error(`exited early: ${out}`)));
  });
  return { child, exited, readyLine };
}
