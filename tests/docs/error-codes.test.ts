/**
 * Every error code the product can show (on a job, an item, the Provider row, the command line or an
 * HTTP answer) is listed in docs/error-codes.md, and the document lists no code that no longer exists.
 * After fastify's test/internals/errors.test.js.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const SOURCE_DIRS = ['common', 'plugins', 'solution', 'scripts', 'emulators', 'webresources/src', 'pcf-controls'];
/** Our codes start with one of these (others seen in the source are the distributors', Node's or SQLite's). */
const PREFIXES = [
  'ALERT',
  'AUTOMAP',
  'BENCH',
  'CLI',
  'CONFIG',
  'DATAVERSE',
  'DICKER',
  'EMULATOR',
  'HTTP',
  'INVOICE',
  'ION',
  'JOB',
  'MIGRATION',
  'PCF',
  'PROVIDER',
  'RECONCILE',
  'RECORD',
  'SANDBOX',
  'SCHEMA',
  'SOLUTION',
  'SUBSCRIPTION',
  'TECHDATA',
  'URL',
  'WEBHOOK',
  'WEBRESOURCE',
  'RIBBON',
];
const CODE = new RegExp(`['"\`]((?:${PREFIXES.join('|')})_[A-Z0-9_]+)(?=['"\`]|: )`, 'g');
/** Constant names that look like codes but are not (INVOICE_REPORTS_MODULE is Ion's Reports API module). */
const NOT_CODES = new Set(['RIBBON_WEB_RESOURCES', 'INVOICE_REPORTS_MODULE']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'out', 'dist', 'generated', '__tests__'].includes(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(CODE))
        if (!NOT_CODES.has(m[1]) && !found.has(m[1])) found.set(m[1], path.relative(ROOT, file));
    }
  }
  return found;
}

function codesInDoc(): Set<string> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/error-codes.md'), 'utf8');
  return new Set([...doc.matchAll(/^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]));
}

describe('docs/error-codes.md', () => {
  it('lists every error code the code can produce', () => {
    const documented = codesInDoc();
    const missing = [...codesInSource()]
      .filter(([code]) => !documented.has(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no code that the code no longer has', () => {
    const inSource = codesInSource();
    const stale = [...codesInDoc()].filter((code) => !inSource.has(code) && code !== 'VERIFIED');
    expect(stale).toEqual([]);
  });
});
