/**
 * `--name value` options of the bench scenarios, one way for all of them: a bad value is
 * BENCH_BAD_OPTION naming the option and what it got.
 */

function valueOf(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? undefined : (args[i + 1] ?? '');
}

function bad(name: string, wants: string, got: string): Error {
  return new Error(`BENCH_BAD_OPTION: --${name} needs ${wants} (got "${got}")`);
}

/** A number of at least `min` (default 0); `integer` for a whole number. */
export function numberOption(
  args: readonly string[],
  name: string,
  fallback: number,
  rule: { integer?: boolean; min?: number } = {},
): number {
  const text = valueOf(args, name);
  if (text === undefined) return fallback;
  const v = Number(text);
  const min = rule.min ?? 0;
  const wants = `${rule.integer ? 'a whole number' : 'a number'}${min > 0 ? ` of at least ${min}` : ''}`;
  if (text.trim() === '' || !Number.isFinite(v) || v < min || (rule.integer && !Number.isInteger(v)))
    throw bad(name, wants, text);
  return v;
}

export function stringOption(args: readonly string[], name: string, fallback: string): string {
  const text = valueOf(args, name);
  return text ? text : fallback;
}

export function requiredOption(args: readonly string[], name: string): string {
  const text = valueOf(args, name);
  if (!text) throw new Error(`BENCH_BAD_OPTION: --${name} is required`);
  return text;
}

/** One of `choices` (the first is the default). */
export function choiceOption<T extends string>(args: readonly string[], name: string, choices: readonly T[]): T {
  const text = valueOf(args, name);
  if (text === undefined) return choices[0];
  if (!(choices as readonly string[]).includes(text)) throw bad(name, `one of ${choices.join(', ')}`, text);
  return text as T;
}
