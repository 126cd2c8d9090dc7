#!/usr/bin/env node
// The `w365` command. It runs the TypeScript sources directly through tsx's require hook, so that the
// command works from a clean clone right after `npm ci`, with no build step to forget.
'use strict';
require('tsx/cjs/api').register();
require('../scripts/w365.ts')
  .main(process.argv)
  .catch((err) => {
    // Last resort: commands report their own errors with codes; this only catches the unexpected.
    process.stderr.write(`w365: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
