// The Debian packages the README's test command needs beyond npm: Chromium for the browser tests
// (driven by playwright-core, never a downloaded browser) and a font so that pages and screenshots
// render text. `npm test` installs them itself when it can (root, or sudo without a password, and
// apt-get present), printing what it installs; otherwise it fails at once with the exact command, so
// that nobody meets a browser test failing after minutes of other tests.
'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

/** What must exist, and the Debian package that provides it. */
const NEEDED = [
  { file: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser tests' },
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core', why: 'text in the browser' },
];

function aptCommand(packages, sudo) {
  const prefix = sudo ? 'sudo ' : '';
  return `${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * What to do, from what the machine has: `none`, `install` (with the command to run) or `fail` (with
 * the command a person must run). Pure, so that a test can try every case.
 */
function plan(machine) {
  const missing = NEEDED.filter((n) => !machine.exists(n.file));
  if (missing.length === 0) return { action: 'none', missing: [] };
  const packages = [...new Set(missing.map((m) => m.pkg))];
  const asRoot = machine.isRoot;
  const canInstall = machine.hasAptGet && (asRoot || machine.hasPasswordlessSudo);
  return canInstall
    ? { action: 'install', missing, packages, command: aptCommand(packages, !asRoot) }
    : { action: 'fail', missing, packages, command: aptCommand(packages, !asRoot) };
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function thisMachine() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    exists: (file) => fs.existsSync(file),
    isRoot,
    hasAptGet: onPath('apt-get'),
    hasPasswordlessSudo:
      !isRoot && onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
  };
}

/** Installs what is missing, or exits with the command to run. Returns quietly when all is there. */
function ensureSystemPackages(out = process.stdout, err = process.stderr) {
  const p = plan(thisMachine());
  if (p.action === 'none') return;
  const what = p.missing.map((m) => `${m.pkg} (${m.why})`).join(', ');
  if (p.action === 'fail') {
    err.write(
      `\nnpm test needs Debian packages that are missing: ${what}.\nInstall them, then run npm test again:\n\n  ${p.command}\n\n`,
    );
    process.exit(1);
  }
  out.write(`\n== install Debian packages: ${p.packages.join(' ')} (missing: ${what})\n$ ${p.command}\n`);
  const r = spawnSync('sh', ['-c', p.command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    err.write(`\nInstalling ${p.packages.join(' ')} failed (exit ${r.status}). Run it yourself:\n\n  ${p.command}\n\n`);
    process.exit(r.status || 1);
  }
}

module.exports = { NEEDED, plan, ensureSystemPackages };
