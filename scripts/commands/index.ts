/** The list of subcommands. Add one import and one line per command file. */
import type { Command } from 'commander';

type Register = (program: Command) => void;

const commands: Register[] = [];

export function registerAll(program: Command): void {
  for (const register of commands) register(program);
}
