/** The bench scenarios' options: defaults, and a bad value named with what it got. */
import { choiceOption, numberOption, requiredOption, stringOption } from '../../../scripts/bench/options';

describe('bench options', () => {
  it('reads a number, or the default when the option is absent', () => {
    expect(numberOption(['--rows', '250'], 'rows', 10)).toBe(250);
    expect(numberOption(['--runs', '3'], 'rows', 10)).toBe(10);
    expect(numberOption(['--write-ms', '2.5'], 'write-ms', 10)).toBe(2.5);
  });

  it('refuses a value that breaks the rule, naming the option and the value', () => {
    expect(() => numberOption(['--rows', 'ten'], 'rows', 10)).toThrow(
      'BENCH_BAD_OPTION: --rows needs a number (got "ten")',
    );
    expect(() => numberOption(['--rows'], 'rows', 10)).toThrow('--rows needs a number (got "")');
    expect(() => numberOption(['--runs', '1.5'], 'runs', 3, { integer: true })).toThrow('a whole number');
    expect(() => numberOption(['--runs', '0'], 'runs', 3, { integer: true, min: 1 })).toThrow(
      '--runs needs a whole number of at least 1 (got "0")',
    );
  });

  it('reads strings, required options and choices', () => {
    expect(stringOption(['--dirs', 'plugins,scripts'], 'dirs', 'plugins')).toBe('plugins,scripts');
    expect(stringOption([], 'dirs', 'plugins')).toBe('plugins');
    expect(requiredOption(['--stack', 'a.json'], 'stack')).toBe('a.json');
    expect(() => requiredOption([], 'stack')).toThrow('BENCH_BAD_OPTION: --stack is required');
    expect(choiceOption([], 'operation', ['subscriptions', 'accounts'])).toBe('subscriptions');
    expect(choiceOption(['--operation', 'accounts'], 'operation', ['subscriptions', 'accounts'])).toBe('accounts');
    expect(() => choiceOption(['--operation', 'invoices'], 'operation', ['subscriptions', 'accounts'])).toThrow(
      '--operation needs one of subscriptions, accounts (got "invoices")',
    );
  });
});
