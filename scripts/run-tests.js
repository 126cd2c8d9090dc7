#!/usr/bin/env node
// The README's test command (`npm test`): type-check, lint, then every jest suite. Kept in a script so
// that CI and a developer run exactly the same steps.
'use strict';
const { spawnSync } = require('node:child_process');

function run(label, cmd, args, env) {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status}).\n`);
    process.exit(r.status || 1);
  }
}

run('typecheck', process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
run('lint', process.execPath, [require.resolve('eslint/bin/eslint.js'), '.']);
const jestArgs = process.argv.slice(2);
run('tests', process.execPath, [require.resolve('jest/bin/jest.js'), '--ci', ...jestArgs]);
