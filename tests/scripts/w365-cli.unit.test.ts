/**
 * `w365` loads only the command it runs; the top-level help comes from the command table, which must
 * say what each command module registers (name and description), so the help never drifts from the
 * commands themselves.
 */
import { Command } from 'commander';
import { COMMANDS, registerAll, registerFor } from '../../scripts/commands';

function commandsOf(program: Command): Map<string, Command> {
  return new Map(program.commands.map((c) => [c.name(), c]));
}

describe('the w365 command table', () => {
  it('names and describes every command exactly as its module registers it', () => {
    const full = new Command();
    registerAll(full);
    const registered = commandsOf(full);
    expect([...registered.keys()].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const entry of COMMANDS) expect(registered.get(entry.name)?.description()).toBe(entry.description);
  });

  it('registers the command being run from its module and the others by name only', () => {
    const program = new Command();
    registerFor(program, ['node', 'w365', 'serve', '--fresh']);
    const commands = commandsOf(program);
    expect(commands.get('serve')?.options.map((o) => o.long)).toEqual(['--fresh']);
    expect(commands.get('check-license-log')?.options).toEqual([]);
    expect(commands.get('check-license-log')?.description()).toBe(
      COMMANDS.find((c) => c.name === 'check-license-log')?.description,
    );
  });

  it('loads the command `w365 help <command>` asks about', () => {
    const program = new Command();
    registerFor(program, ['node', 'w365', 'help', 'migrate-manual']);
    expect(
      commandsOf(program)
        .get('migrate-manual')
        ?.options.map((o) => o.long),
    ).toContain('--apply');
  });
});
