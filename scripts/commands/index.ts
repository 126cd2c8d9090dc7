/** The list of subcommands. Add one import and one line per command file. */
import type { Command } from 'commander';
import * as bench from './bench';
import * as sandbox from './sandbox';
import * as solution from './solution';

type Register = (program: Command) => void;

const commands: Register[] = [bench.register, sandbox.register, solution.register];

export function registerAll(program: Command): void {
  for (const register of commands) register(program);
}
