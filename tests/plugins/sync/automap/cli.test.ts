/**
 * `w365 automap` end to end: CSV files in a temporary folder, through runAutomapCommand (in process)
 * and once through the real `bin/w365.js` (a child process), including the bad input cases.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { isW365Error } from '../../../../common/errors';
import { runAutomapCommand } from '../../../../scripts/commands/automap';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'automap');
const REPO = path.join(__dirname, '..', '..', '..', '..');
const HEADER = 'id,name,domain,tenantid';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-automap-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text, 'utf8');
  return p;
}

function readOut(p: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(p, 'utf8'), { columns: true }) as Array<Record<string, string>>;
}

async function errorOf(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (e) {
    if (isW365Error(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe('w365 automap (in process)', () => {
  it('maps the fixture files and writes one row per provider account, quoted names intact', async () => {
    const out = path.join(dir, 'out.csv');
    const lines: string[] = [];
    const counts = await runAutomapCommand(
      {
        providerAccounts: path.join(FIXTURES, 'provider-accounts.csv'),
        crmAccounts: path.join(FIXTURES, 'crm-accounts.csv'),
        mapped: path.join(FIXTURES, 'mapped.csv'),
        out,
      },
      (line) => lines.push(line),
    );
    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('provider_account_id,decision,crm_account_id,score,reason');
    const rows = new Map(readOut(out).map((r) => [r.provider_account_id, r]));
    expect(rows.size).toBe(10);
    expect(rows.get('TD-1001')).toMatchObject({ decision: 'auto', crm_account_id: 'C-1', score: '1' });
    expect(rows.get('TD-1002')).toMatchObject({ decision: 'auto', crm_account_id: 'C-2' }); // "Smith, Jones & Sons"
    expect(rows.get('TD-1003')).toMatchObject({
      decision: 'auto',
      crm_account_id: 'C-3',
      reason: 'Same domain fabrikam.com.au',
    });
    expect(rows.get('TD-1004')).toMatchObject({
      decision: 'auto',
      crm_account_id: 'C-4',
      reason: 'Same Microsoft tenant',
    });
    expect(rows.get('TD-1005')).toMatchObject({ decision: 'suggest', crm_account_id: 'C-5' });
    expect(rows.get('TD-1006')).toMatchObject({ decision: 'auto', crm_account_id: 'C-6' }); // 'The "Best" Bakery'
    expect(rows.get('TD-1007')!.decision).not.toBe('auto'); // gmail.com proves nothing
    expect(rows.get('TD-1009')).toMatchObject({ decision: 'none', crm_account_id: '' }); // its CRM account is mapped
    // The suggestion is the first listed: the one whose legal form is closer ("Ltd").
    expect(rows.get('TD-1010')).toMatchObject({
      decision: 'suggest',
      crm_account_id: 'C-10',
      reason: "Two CRM accounts match equally well ('Adatum Pty Ltd'; 'Adatum Limited'): pick one",
    });
    expect(Number(rows.get('TD-1005')!.score)).toBeGreaterThan(0.5);
    expect(counts).toEqual({ auto: 5, suggest: 3, none: 2 });
    expect(lines).toContain(
      `warning: ${path.join(FIXTURES, 'provider-accounts.csv')} line 6, column 4 (tenantid): 'not-a-guid' is not a tenant id (GUID); ignored`,
    );
    expect(lines[lines.length - 1]).toMatch(
      /^automap: 5 auto, 3 suggest, 2 none \(10 provider accounts, 10 CRM accounts, 1 mapped\) -> .* in \d+ ms$/,
    );
  });

  it('writes names with commas, quotes and line breaks back as valid CSV', async () => {
    const pa = file('pa.csv', `${HEADER}\n"p,1","Smith, ""Best"" & Co",,\n`);
    const crm = file('crm.csv', `${HEADER}\n"c""1","Smith, ""Best"" Limited",,\n`);
    const out = path.join(dir, 'out.csv');
    await runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out }, () => undefined);
    expect(readOut(out)).toEqual([
      expect.objectContaining({ provider_account_id: 'p,1', decision: 'auto', crm_account_id: 'c"1' }),
    ]);
  });

  it('accepts empty cells, CRLF line endings and a byte order mark', async () => {
    const pa = file('pa.csv', `\uFEFF${HEADER}\r\nP1,Contoso,,\r\n\r\nP2,,,\r\n`);
    const crm = file('crm.csv', `${HEADER}\r\nC1,Contoso Pty Ltd,,\r\n`);
    const out = path.join(dir, 'out.csv');
    const counts = await runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out }, () => undefined);
    expect(counts).toEqual({ auto: 1, suggest: 0, none: 1 });
  });

  it('reports a missing file by name', async () => {
    const crm = file('crm.csv', `${HEADER}\n`);
    const missing = path.join(dir, 'nope.csv');
    const e = await errorOf(
      runAutomapCommand({ providerAccounts: missing, crmAccounts: crm, out: path.join(dir, 'o.csv') }, () => undefined),
    );
    expect(e).toEqual({ code: 'AUTOMAP_FILE_NOT_FOUND', message: `${missing}: no such file` });
  });

  it('reports a missing column with the file, the line and what was found', async () => {
    const pa = file('pa.csv', 'id,name,domain\nP1,Contoso,\n');
    const crm = file('crm.csv', `${HEADER}\n`);
    const e = await errorOf(
      runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out: path.join(dir, 'o.csv') }, () => undefined),
    );
    expect(e.code).toBe('AUTOMAP_CSV_MISSING_COLUMN');
    expect(e.message).toBe(
      `${pa} line 1: no column 'tenantid' in the header (expected id,name,domain,tenantid, found id,name,domain)`,
    );
  });

  it('reports duplicate and empty ids with file, line and column', async () => {
    const crm = file('crm.csv', `${HEADER}\nC1,A,,\n"multi\nline id",B,,\nC1,C,,\n`);
    const pa = file('pa.csv', `${HEADER}\nP1,A,,\n  ,B,,\n`);
    const out = path.join(dir, 'o.csv');
    const dup = await errorOf(runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out }, () => undefined));
    // pa.csv is read first: its empty id on line 3
    expect(dup).toEqual({ code: 'AUTOMAP_CSV_EMPTY_ID', message: `${pa} line 3, column 1 (id): the id is empty` });
    const pa2 = file('pa2.csv', `${HEADER}\nP1,A,,\n`);
    const e = await errorOf(runAutomapCommand({ providerAccounts: pa2, crmAccounts: crm, out }, () => undefined));
    expect(e).toEqual({
      code: 'AUTOMAP_CSV_DUPLICATE_ID',
      message: `${crm} line 5, column 1 (id): the id 'C1' is already on line 2`,
    });
  });

  it('reports malformed CSV with the line, and an empty file', async () => {
    const bad = file('bad.csv', `${HEADER}\nP1,A,,\nP2,"unclosed,,\n`);
    const crm = file('crm.csv', `${HEADER}\n`);
    const out = path.join(dir, 'o.csv');
    const e = await errorOf(runAutomapCommand({ providerAccounts: bad, crmAccounts: crm, out }, () => undefined));
    expect(e.code).toBe('AUTOMAP_CSV_MALFORMED');
    expect(e.message).toContain(`${bad} line`);
    const ragged = file('ragged.csv', `${HEADER}\nP1,A,,,extra\n`);
    const r = await errorOf(runAutomapCommand({ providerAccounts: ragged, crmAccounts: crm, out }, () => undefined));
    expect(r.code).toBe('AUTOMAP_CSV_MALFORMED');
    expect(r.message).toContain(`${ragged} line 2`);
    const empty = file('empty.csv', '');
    expect(
      (await errorOf(runAutomapCommand({ providerAccounts: empty, crmAccounts: crm, out }, () => undefined))).code,
    ).toBe('AUTOMAP_CSV_EMPTY');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses to write over an input, and loses nothing', async () => {
    const pa = file('pa.csv', `${HEADER}\nP1,A,,\n`);
    const crm = file('crm.csv', `${HEADER}\nC1,A,,\n`);
    const before = fs.readFileSync(crm, 'utf8');
    const e = await errorOf(runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out: crm }, () => undefined));
    expect(e.code).toBe('AUTOMAP_OUT_IS_INPUT');
    expect(fs.readFileSync(crm, 'utf8')).toBe(before);
  });

  it('reports an output that cannot be written, leaving no partial file', async () => {
    const pa = file('pa.csv', `${HEADER}\nP1,A,,\n`);
    const crm = file('crm.csv', `${HEADER}\nC1,A,,\n`);
    const out = path.join(dir, 'no-such-folder', 'out.csv');
    const e = await errorOf(runAutomapCommand({ providerAccounts: pa, crmAccounts: crm, out }, () => undefined));
    expect(e.code).toBe('AUTOMAP_OUTPUT_UNWRITABLE');
    expect(fs.readdirSync(dir).sort()).toEqual(['crm.csv', 'pa.csv']);
  });
});

describe('w365 automap (the real command line)', () => {
  const w365 = (args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO, 'bin', 'w365.js'), 'automap', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('writes the output, prints a one-line summary to stderr and exits 0', () => {
    const out = path.join(dir, 'out.csv');
    const r = w365([
      '--provider-accounts',
      path.join(FIXTURES, 'provider-accounts.csv'),
      '--crm-accounts',
      path.join(FIXTURES, 'crm-accounts.csv'),
      '--out',
      out,
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /automap: \d+ auto, \d+ suggest, \d+ none \(10 provider accounts, 10 CRM accounts, 0 mapped\)/,
    );
    expect(readOut(out)).toHaveLength(10);
  });

  it('exits non-zero with the coded error on bad input', () => {
    const pa = file('pa.csv', 'id,name\nP1,A\n');
    const r = w365(['--provider-accounts', pa, '--crm-accounts', pa, '--out', path.join(dir, 'out.csv')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`AUTOMAP_CSV_MISSING_COLUMN: ${pa} line 1: no column 'domain'`);
  });
});
