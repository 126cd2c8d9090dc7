/**
 * A TypeScript script in a child process (through tsx's require hook, as bin/w365.js runs), for tests
 * that need a second worker process: one that can be killed with SIGKILL or paused with SIGSTOP.
 * Lines it prints are collected, and `waitForLine` resolves on the first that matches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface Child {
  process: ChildProcess;
  lines: string[];
  waitForLine(pattern: RegExp, timeoutInMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.resolve(__dirname, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    process: child,
    lines,
    waitForLine(pattern, timeoutInMs = 30_000) {
      const seen = lines.map((l) => l.match(pattern)).find((m) => m);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no line matching ${pattern} in ${timeoutInMs} ms; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`,
              ),
            ),
          timeoutInMs,
        );
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
