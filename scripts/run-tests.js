#!/usr/bin/env node
// The README's test command (`npm test`): type-check, lint, then every jest suite. Kept in a script so
// that CI and a developer run exactly the same steps.
'use strict';
const { spawnSync } = require('node:child_process');

// eslint 9 and jest 30 no longer export their bin paths, so find them through package.json.
const path = require('node:path');
function binOf(pkg, bin) {
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const json = require(`${pkg}/package.json`);
  const rel = typeof json.bin === 'string' ? json.bin : json.bin[bin ?? pkg];
  return path.join(dir, rel);
}

function run(label, cmd, args, env) {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status}).\n`);
    process.exit(r.status || 1);
  }
}

// Debian packages first (Chromium for the browser tests): installed here when this machine allows it,
// otherwise a failure at once with the exact command, rather than a browser test failing minutes later.
require('./system-packages').ensureSystemPackages();

// The ribbon web resources first: the type-check and the tests read the names module their build
// generates from solution/schema (webresources/src/generated/, not committed).
run('build web resources', process.execPath, [require.resolve('../bin/w365.js'), 'webresources', 'build']);
// The PCF controls (pcf-scripts build: manifest check, ESLint, type-check with the controls' own
// tsconfig, bundle) and the local PCF host: the type-check and the tests read the names module and
// ManifestTypes this build generates (not committed), and the browser tests load the bundles. A
// control whose sources did not change is not rebuilt.
run('build PCF controls', process.execPath, [binOf('tsx'), 'pcf-controls/build/cli.ts']);
run('typecheck', process.execPath, [binOf('typescript', 'tsc'), '-p', 'tsconfig.json', '--noEmit']);
// Browser code has its own compiler settings (DOM and @types/xrm, no Node types).
run('typecheck web resources', process.execPath, [
  binOf('typescript', 'tsc'),
  '-p',
  'webresources/tsconfig.json',
  '--noEmit',
]);
run('lint', process.execPath, [binOf('eslint'), '.']);
run('format', process.execPath, [binOf('prettier'), '--check', '--log-level', 'warn', '.']);
const jestArgs = process.argv.slice(2);

// Before jest: make sure the Dataverse emulator's CA exists in its default state dir and let the jest
// workers trust it. Node reads NODE_EXTRA_CA_CERTS only when a process starts, and clients such as
// dynamics-web-api offer no other way to trust a CA, so it must be in jest's environment from the start.
function emulatorCaEnv() {
  require('tsx/cjs/api').register();
  const fs = require('node:fs');
  const { ensureMaterial, defaultStateDir } = require('../emulators/dataverse/auth/certs.ts');
  const { caFile } = ensureMaterial(defaultStateDir());
  const existing = process.env.NODE_EXTRA_CA_CERTS;
  if (!existing || path.resolve(existing) === caFile) return { NODE_EXTRA_CA_CERTS: caFile };
  // NODE_EXTRA_CA_CERTS names a single file: keep the caller's CAs and add the emulator's.
  const bundle = path.join(defaultStateDir(), 'ca-bundle.pem');
  fs.writeFileSync(bundle, `${fs.readFileSync(existing, 'utf8').trim()}\n${fs.readFileSync(caFile, 'utf8')}`);
  return { NODE_EXTRA_CA_CERTS: bundle };
}

run('tests', process.execPath, [binOf('jest'), '--ci', ...jestArgs], emulatorCaEnv());
