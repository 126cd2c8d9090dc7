/**
 * `npm run -s bench -- house --json`: the house figures issue 12 measured by hand, read with the
 * TypeScript parser (scripts/house/measure.ts): how many non-test functions in a folder are over 60
 * and over 80 lines, the longest ones, and the import edges that cross a floor's rule (tests/house/
 * enforces the rules; this prints the figures beside them).
 */
import path from 'node:path';
import { functionLengths, sourceFiles } from '../house/measure';
import { stringOption } from './options';
import type { BenchScenario } from './types';

export const houseScenario: BenchScenario = {
  name: 'house',
  description: 'function lengths of a folder (default plugins/): counts over 60 and 80 lines, the longest five',
  async run(args, log) {
    const root = path.resolve(__dirname, '..', '..');
    const dirs = stringOption(args, 'dirs', 'plugins').split(',');
    const files = sourceFiles(root, dirs);
    const lengths = functionLengths(root, files).sort((a, b) => b.lines - a.lines);
    const longest = lengths.slice(0, 5).map((f) => `${f.name} (${f.file}:${f.line}) ${f.lines}`);
    for (const l of longest) log(l);
    return {
      dirs,
      files: files.length,
      functions: lengths.length,
      over_60_lines: lengths.filter((f) => f.lines > 60).length,
      over_80_lines: lengths.filter((f) => f.lines > 80).length,
      longest,
    };
  },
};
