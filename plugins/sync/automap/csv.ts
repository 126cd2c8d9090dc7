/**
 * The CSV files of `w365 automap`, as text in and text out (no file access here):
 * - accounts: header `id,name,domain,tenantid` (any order and case, extra columns ignored; empty
 *   cells allowed except id), parsed with csv-parse so that quoted names with commas, quotes and line
 *   breaks work;
 * - mapped CRM accounts: a `crm_account_id` (or `id`) column;
 * - decisions: header `provider_account_id,decision,crm_account_id,score,reason`, with csv-stringify.
 * Every error names the file, the line and the column, with a stable code (errors.ts).
 *
 * Files come in as bytes and are decoded here: UTF-8 (with or without a BOM) as it is; UTF-16 (a BOM,
 * or the NUL bytes of UTF-16 text without one) and anything that is not valid UTF-8 (Latin-1 /
 * Windows-1252, as Excel saves "CSV" in many locales) decoded as what it is, with a warning that says
 * which, so no name silently becomes mojibake. A name longer than MAX_NAME_LENGTH is cut, with a
 * warning, before anything normalises it (one 50 MB name once took 2 GB).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { domainOf } from './domain';
import { automapError } from './errors';
import { MAX_NAME_LENGTH, normaliseTenantId } from './normalise';
import type { AutomapDecision } from './types';

export const ACCOUNT_COLUMNS = ['id', 'name', 'domain', 'tenantid'] as const;
export const DECISION_COLUMNS = ['provider_account_id', 'decision', 'crm_account_id', 'score', 'reason'] as const;

export interface CsvAccount {
  id: string;
  name: string;
  domain?: string;
  tenantId?: string;
  /** Line of the file where the row starts (1 = header). */
  line: number;
}

export interface ParsedAccounts {
  accounts: CsvAccount[];
  /** Cells that were read but cannot be used (a tenant id that is not a GUID...): reported, not fatal. */
  warnings: string[];
}

interface Row {
  cells: string[];
  line: number;
}

/** Codes of the warnings (not errors: the file is still read) that a CSV's bytes or a name can cause. */
export const CsvWarningCodes = {
  NotUtf8: 'AUTOMAP_CSV_NOT_UTF8',
  Utf16: 'AUTOMAP_CSV_UTF16',
  NameTruncated: 'AUTOMAP_CSV_NAME_TRUNCATED',
} as const;

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** Set when the file was not UTF-8: which encoding was used, for the user. */
  warning?: string;
}

/** UTF-16 without a BOM: ASCII-range text has a NUL in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = bytes.subarray(0, 4096);
  const pairs = Math.floor(sample.length / 2);
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return 'utf-16le';
  if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * The text of a CSV file's bytes, and the encoding it was read in. Deterministic rules rather than a
 * statistical guesser (chardet and the like): a BOM, UTF-16's NULs, strict UTF-8, else Windows-1252,
 * which decodes any byte and is what a file that is not UTF-8 nearly always is here.
 */
export function decodeCsv(bytes: Uint8Array, fileLabel: string): DecodedCsv {
  const bom = bytes.length >= 2 ? (bytes[0] << 8) | bytes[1] : 0;
  const utf16 = bom === 0xfffe ? 'utf-16le' : bom === 0xfeff ? 'utf-16be' : utf16WithoutBom(bytes);
  if (utf16) {
    return {
      text: new TextDecoder(utf16).decode(bytes),
      encoding: utf16,
      warning: `${CsvWarningCodes.Utf16}: ${fileLabel} is UTF-16 (${utf16 === 'utf-16le' ? 'little' : 'big'}-endian); it was read as such`,
    };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      encoding: 'windows-1252',
      warning: `${CsvWarningCodes.NotUtf8}: ${fileLabel} is not UTF-8; it was read as Windows-1252 (Latin-1). Save it as UTF-8 if names look wrong`,
    };
  }
}

/** Parses an accounts file; `fileLabel` (its path) goes into every message. */
export function parseAccountsCsv(text: string, fileLabel: string): ParsedAccounts {
  const [header, ...rows] = parseRows(text, fileLabel);
  const column = columnIndexes(header, fileLabel, ACCOUNT_COLUMNS);
  const seen = new Map<string, number>();
  const accounts: CsvAccount[] = [];
  const warnings: string[] = [];
  for (const row of rows) {
    const at = (name: (typeof ACCOUNT_COLUMNS)[number]) => (row.cells[column[name]] ?? '').trim();
    const id = at('id');
    const where = `${fileLabel} line ${row.line}, column ${column.id + 1} (id)`;
    if (id === '')
      throw automapError('AUTOMAP_CSV_EMPTY_ID', `${where}: the id is empty`, { file: fileLabel, line: row.line });
    const firstLine = seen.get(id);
    if (firstLine !== undefined) {
      throw automapError('AUTOMAP_CSV_DUPLICATE_ID', `${where}: the id '${id}' is already on line ${firstLine}`, {
        file: fileLabel,
        line: row.line,
        id,
      });
    }
    seen.set(id, row.line);
    let name = at('name');
    if (name.length > MAX_NAME_LENGTH) {
      warnings.push(
        `${CsvWarningCodes.NameTruncated}: ${fileLabel} line ${row.line}, column ${column.name + 1} (name): the name is ${name.length} characters long; only its first ${MAX_NAME_LENGTH} are used`,
      );
      name = name.slice(0, MAX_NAME_LENGTH);
    }
    const account: CsvAccount = { id, name, line: row.line };
    const domain = at('domain');
    if (domain !== '') {
      account.domain = domain;
      if (!domainOf(domain)) {
        warnings.push(
          `${fileLabel} line ${row.line}, column ${column.domain + 1} (domain): '${domain}' is not a domain, URL or e-mail address; ignored`,
        );
      }
    }
    const tenantId = at('tenantid');
    if (tenantId !== '') {
      account.tenantId = tenantId;
      if (!normaliseTenantId(tenantId)) {
        warnings.push(
          `${fileLabel} line ${row.line}, column ${column.tenantid + 1} (tenantid): '${tenantId}' is not a tenant id (GUID); ignored`,
        );
      }
    }
    accounts.push(account);
  }
  return { accounts, warnings };
}

/** Parses a file of mapped CRM account ids (column `crm_account_id`, or `id`); empty cells are skipped. */
export function parseMappedCsv(text: string, fileLabel: string): Set<string> {
  const [header, ...rows] = parseRows(text, fileLabel);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  let index = names.indexOf('crm_account_id');
  if (index < 0) index = names.indexOf('id');
  if (index < 0) {
    throw automapError(
      'AUTOMAP_CSV_MISSING_COLUMN',
      `${fileLabel} line ${header.line}: no column 'crm_account_id' (or 'id') in the header`,
      {
        file: fileLabel,
        line: header.line,
        column: 'crm_account_id',
      },
    );
  }
  const ids = new Set<string>();
  for (const row of rows) {
    const id = (row.cells[index] ?? '').trim();
    if (id !== '') ids.add(id);
  }
  return ids;
}

/** The output file: one row per decision, in the order given. */
export function formatDecisionsCsv(decisions: readonly AutomapDecision[]): string {
  return stringify(
    decisions.map((d) => [d.providerAccountId, d.decision, d.crmAccountId ?? '', String(d.score), d.reason]),
    { header: true, columns: [...DECISION_COLUMNS] },
  );
}

function parseRows(text: string, fileLabel: string): Row[] {
  // One line ending throughout: csv-parse counts lines wrongly after an empty CRLF line.
  const unified = text.replace(/\r\n?/g, '\n');
  const rows: Row[] = [];
  try {
    parse(unified, {
      bom: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        // context.lines is the line where the record ends; a quoted cell may hold line breaks.
        const breaks = record.reduce((count, cell) => count + (cell.match(/\n/g)?.length ?? 0), 0);
        rows.push({ cells: record, line: context.lines - breaks });
        return null; // collected here, with its line, instead of in csv-parse's untyped result
      },
    });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw automapError(
        'AUTOMAP_CSV_MALFORMED',
        `${fileLabel}${line ? ` line ${line}` : ''}: ${e.message}`,
        { file: fileLabel, line },
        e,
      );
    }
    throw e;
  }
  if (rows.length === 0)
    throw automapError('AUTOMAP_CSV_EMPTY', `${fileLabel}: the file is empty (no header line)`, { file: fileLabel });
  return rows;
}

function columnIndexes<C extends string>(header: Row, fileLabel: string, required: readonly C[]): Record<C, number> {
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const indexes = {} as Record<C, number>;
  for (const column of required) {
    const index = names.indexOf(column);
    if (index < 0) {
      throw automapError(
        'AUTOMAP_CSV_MISSING_COLUMN',
        `${fileLabel} line ${header.line}: no column '${column}' in the header (expected ${required.join(',')}, found ${names.join(',')})`,
        { file: fileLabel, line: header.line, column },
      );
    }
    if (names.indexOf(column, index + 1) >= 0) {
      throw automapError(
        'AUTOMAP_CSV_MALFORMED',
        `${fileLabel} line ${header.line}: the column '${column}' appears twice in the header`,
        {
          file: fileLabel,
          line: header.line,
          column,
        },
      );
    }
    indexes[column] = index;
  }
  return indexes;
}
