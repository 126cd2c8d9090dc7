/**
 * `w365 demo` logs at the level W365_LOG_LEVEL asks for (the probe found it always at warn, so trace
 * printed nothing), and a wrong level is refused by name, as `w365 serve` refuses it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const W365 = path.join(__dirname, '../../../bin/w365.js');

function demo(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [W365, 'demo'], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
}

/** The pino lines among what the demo wrote to stderr (its own progress lines are plain text). */
const logLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { level: number; msg: string });

describe('w365 demo and W365_LOG_LEVEL', () => {
  it('logs at info when asked, and still ends with its one JSON line', () => {
    const r = demo({ W365_LOG_LEVEL: 'info' });
    expect(r.status).toBe(0);
    const lines = logLines(r.stderr);
    expect(lines.some((l) => l.level === 30 && l.msg === 'job started')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a level that is not one, naming the variable', () => {
    const r = demo({ W365_LOG_LEVEL: 'loud' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/CONFIG_INVALID: .*\n- W365_LOG_LEVEL must be one of/);
  });
});
