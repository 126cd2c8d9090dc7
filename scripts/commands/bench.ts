/**
 * `w365 bench <scenario> [options] [--json]`: runs a benchmark scenario and prints its figures. With
 * --json the last line of output is exactly one JSON object, so scripts can read it with `tail -1`.
 */
import type { Command } from 'commander';
import { SCENARIO_NAMES, loadScenario } from '../bench';

export function register(program: Command): void {
  program
    .command('bench')
    .description(`run a benchmark scenario (${SCENARIO_NAMES.join(', ')})`)
    .argument('<scenario>', 'scenario name')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[args...]', 'scenario options, e.g. --customers 5000')
    .action(async (name: string, args: string[]) => {
      const scenario = loadScenario(name);
      if (!scenario) {
        process.stderr.write(`BENCH_UNKNOWN_SCENARIO: no scenario '${name}'. Known: ${SCENARIO_NAMES.join(', ')}\n`);
        process.exitCode = 2;
        return;
      }
      const json = args.includes('--json');
      const log = (line: string) => {
        // With --json, progress goes to stderr so that stdout's last line is the figure line.
        (json ? process.stderr : process.stdout).write(`${line}\n`);
      };
      const result = await scenario.run(
        args.filter((a) => a !== '--json'),
        log,
      );
      if (json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, ...result })}\n`);
      else for (const [k, v] of Object.entries(result)) process.stdout.write(`${k}: ${JSON.stringify(v)}\n`);
    });
}
