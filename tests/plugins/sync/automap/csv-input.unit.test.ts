/**
 * `w365 automap` input that is not plain UTF-8, or not of a sane size: a Latin-1 (Windows-1252) or
 * UTF-16 file is read as what it is and the run says which (the probe saw Latin-1 become mojibake
 * silently, and UTF-16 fail with "Invalid Record Length"); a huge name is cut before it is normalised,
 * with a warning (one 50 MB name took 2 GB).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runAutomapCommand } from '../../../../scripts/commands/automap';
import { decodeCsv } from '../../../../plugins/sync/automap/csv';
import { MAX_NAME_LENGTH, normaliseName } from '../../../../plugins/sync/automap/normalise';

const NAME = 'Åkerlund & Sjöberg Ångström AB';
const TENANT = '6f9a2b1c-3d4e-4f5a-8b6c-7d8e9f0a1b2c';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-automap-input-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

/** Runs automap of one provider account file against a UTF-8 CRM file holding the same name. */
async function run(providerBytes: Buffer) {
  const lines: string[] = [];
  const out = path.join(dir, 'out.csv');
  const counts = await runAutomapCommand(
    {
      providerAccounts: write('pa.csv', providerBytes),
      crmAccounts: write(
        'crm.csv',
        Buffer.from(`id,name,domain,tenantid\ncrm-1,${NAME},,\ncrm-2,Contoso Ltd,,\n`, 'utf8'),
      ),
      out,
    },
    (line) => lines.push(line),
  );
  const decisions = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  return { counts, lines, decisions };
}

const providerCsv = `id,name,domain,tenantid\r\npa-1,${NAME},,\r\n`;

describe('automap input encodings', () => {
  it('reads a Latin-1 (Windows-1252) file as such, says so, and maps the name exactly', async () => {
    const { lines, decisions } = await run(Buffer.from(providerCsv, 'latin1'));
    expect(lines.some((l) => /AUTOMAP_CSV_NOT_UTF8: .*pa\.csv is not UTF-8; it was read as Windows-1252/.test(l))).toBe(
      true,
    );
    expect(decisions[0]).toMatchObject({ provider_account_id: 'pa-1', decision: 'auto', crm_account_id: 'crm-1' });
  });

  it.each([
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(providerCsv, 'utf16le')]), 'little'],
    ['UTF-16LE without a BOM', Buffer.from(providerCsv, 'utf16le'), 'little'],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(providerCsv)]), 'big'],
  ])('reads %s, says so, and maps the name exactly', async (_label, bytes, endian) => {
    const { lines, decisions } = await run(bytes);
    expect(lines.some((l) => l.includes(`AUTOMAP_CSV_UTF16: `) && l.includes(`${endian}-endian`))).toBe(true);
    expect(decisions[0]).toMatchObject({ provider_account_id: 'pa-1', decision: 'auto', crm_account_id: 'crm-1' });
  });

  it('reads UTF-8, with or without a BOM, without a word', async () => {
    for (const bytes of [
      Buffer.from(providerCsv, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(providerCsv)]),
    ]) {
      const decoded = decodeCsv(bytes, 'x.csv');
      expect(decoded).toEqual({ text: providerCsv, encoding: 'utf-8' });
    }
    const { lines } = await run(Buffer.from(providerCsv, 'utf8'));
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});

describe('a huge name', () => {
  it('is cut to MAX_NAME_LENGTH before it is normalised, with a warning naming the line', async () => {
    const huge = `${'Contoso Holdings '.repeat(300_000)}Ltd`; // about 5 MB, 600,000 words
    const { lines, decisions } = await run(Buffer.from(`id,name,domain,tenantid\npa-1,${huge},,${TENANT}\n`, 'utf8'));
    expect(
      lines.some((l) =>
        /AUTOMAP_CSV_NAME_TRUNCATED: .*pa\.csv line 2, column 2 \(name\): the name is \d+ characters long; only its first 1000 are used/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(decisions).toHaveLength(1);
  });

  it('costs no more than a name of MAX_NAME_LENGTH to normalise', () => {
    const huge = 'Contoso Holdings '.repeat(300_000);
    const normalised = normaliseName(huge);
    expect(normalised.words.length).toBeLessThanOrEqual(MAX_NAME_LENGTH / 2);
    expect(normalised).toEqual(normaliseName(huge.slice(0, MAX_NAME_LENGTH)));
  });
});
