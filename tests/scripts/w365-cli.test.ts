/**
 * `w365` as a person runs it: `--version` prints the solution's version, and `--help` lists every
 * command the tool has (the lazily loaded table names each one, with no command module loaded).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { SOLUTION_VERSION } from '../../solution/version';
import { registerAll } from '../../scripts/commands';

const BIN = path.resolve(__dirname, '../../bin/w365.js');
const run = (args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args]);

describe('w365', () => {
  it('--version prints the version', async () => {
    expect((await run(['--version'])).stdout.trim()).toBe(SOLUTION_VERSION);
    expect((await run(['-V'])).stdout.trim()).toBe(SOLUTION_VERSION);
  });

  it('--help lists every command', async () => {
    const full = new Command();
    registerAll(full);
    const help = (await run(['--help'])).stdout;
    for (const c of full.commands) expect(help).toMatch(new RegExp(`^  ${c.name()}\\b`, 'm'));
    expect(help).toContain('-V, --version');
  });
});
