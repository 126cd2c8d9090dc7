/**
 * `w365 webresources build`: bundles the ribbon scripts (webresources/src) and writes what the solution
 * packer picks up: webresources/dist/*.js with webresources/dist/webresources.json, and
 * solution/ribbon/<table>.xml. Prints each web resource's minified size. `npm run build:webresources`
 * runs it; `npm test` runs it first, since the tests and the type-check read its generated names module.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { findRepoRoot } from '../../solution/packer/repo-root';
import { buildWebResources } from '../../webresources/build';

export function register(program: Command): void {
  const group = program.command('webresources').description('build the ribbon web resources and their RibbonDiffXml');
  group
    .command('build')
    .description('bundle webresources/src into webresources/dist and write solution/ribbon/<table>.xml')
    .option('--json', 'print one JSON line with the sizes instead of text')
    .action(async (opts: { json?: boolean }) => {
      const repoRoot = findRepoRoot(__dirname);
      const result = await buildWebResources({ repoRoot });
      const sizes = Object.fromEntries(result.resources.map((r) => [r.def.name, r.sizeInBytes]));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ webResources: sizes, ribbons: Object.keys(result.ribbons) })}\n`);
        return;
      }
      for (const r of result.resources)
        process.stdout.write(`${r.def.name}  ${(r.sizeInBytes / 1024).toFixed(1)} KB minified\n`);
      process.stdout.write(`Ribbons: ${Object.keys(result.ribbons).join(', ')}\n`);
      for (const file of result.written) process.stdout.write(`  wrote ${path.relative(repoRoot, file)}\n`);
    });
}
