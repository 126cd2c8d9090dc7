/**
 * From CSV text to typed rows: the header row is matched to the layout's fields (through the mapping),
 * then every cell of every row is read as its field's kind. Each problem names the file line, the
 * column as the file titles it, and what was expected. Parsing is csv-parse's; only the layout is ours.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { FIELDS, FIELD_NAMES, type FieldDef, type FieldName } from './layout';
import { columnTitleOf, type ChargeTypeName, type InvoiceCsvMapping } from './mapping';
import { InvoiceErrorCodes, type InvoiceFileProblem } from './errors';
import { Expected, Problems } from './strings';
import { chargeTypeReader, readCurrency, readDate, readNumber, readWholeNumber, type Cell } from './values';

export type RowValue = string | number | ChargeTypeName;

export interface TypedRow {
  /** The file line the row starts on (1 is the header). */
  line: number;
  values: Partial<Record<FieldName, RowValue>>;
}

/** Where each field's value comes from: a column of the file, or the mapping's fixed value. */
interface Source {
  field: FieldName;
  def: FieldDef;
  title: string;
  index?: number;
  fixed?: string;
}

interface RawRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

function records(content: string, mapping: InvoiceCsvMapping): RawRecord[] | InvoiceFileProblem {
  try {
    return parse(content, {
      info: true,
      raw: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      delimiter: mapping.delimiter ?? ',',
    }) as unknown as RawRecord[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    return {
      code: InvoiceErrorCodes.FileUnreadable,
      ...(line ? { line } : {}),
      message: Problems.unreadable(err.message.replace(/\.$/, '')),
    };
  }
}

/** A multi-line (quoted) record starts as many lines before its end as it has line breaks. */
const startLine = (r: RawRecord) => r.info.lines - (r.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);

function sourcesOf(header: string[], mapping: InvoiceCsvMapping, problems: InvoiceFileProblem[]): Source[] {
  const indexOf = new Map<string, number>();
  header.forEach((title, i) => {
    const key = title.toLowerCase();
    if (indexOf.has(key))
      problems.push({
        code: InvoiceErrorCodes.ColumnDuplicate,
        line: 1,
        column: title,
        message: Problems.columnDuplicate(title),
      });
    else indexOf.set(key, i);
  });
  const sources: Source[] = [];
  for (const field of FIELD_NAMES) {
    const def = FIELDS[field];
    const title = columnTitleOf(field, mapping);
    const fixed = mapping.values?.[field];
    const index = indexOf.get(title.toLowerCase());
    if (fixed !== undefined) sources.push({ field, def, title: `(fixed ${field})`, fixed });
    else if (index !== undefined) sources.push({ field, def, title: header[index], index });
    else if (def.required)
      problems.push({
        code: InvoiceErrorCodes.ColumnMissing,
        line: 1,
        column: title,
        message: Problems.columnMissing(title),
      });
  }
  return sources;
}

function cellReader(mapping: InvoiceCsvMapping): (def: FieldDef, text: string) => Cell<RowValue> {
  const chargeType = chargeTypeReader(mapping);
  const dateFormat = mapping.dateFormat ?? 'yyyy-mm-dd';
  return (def, text) => {
    switch (def.kind) {
      case 'number':
        return readNumber(text, mapping.decimalComma === true);
      case 'wholeNumber':
        return readWholeNumber(text);
      case 'date':
        return readDate(text, dateFormat);
      case 'currency':
        return readCurrency(text);
      case 'chargeType':
        return chargeType(text);
      default:
        return def.maxLength && text.length > def.maxLength
          ? { ok: false, expected: Expected.text(def.maxLength) }
          : { ok: true, value: text };
    }
  };
}

function readRow(
  r: RawRecord,
  sources: readonly Source[],
  width: number,
  read: ReturnType<typeof cellReader>,
  problems: InvoiceFileProblem[],
): TypedRow | undefined {
  const line = startLine(r);
  if (r.record.length !== width) {
    problems.push({ code: InvoiceErrorCodes.RowLength, line, message: Problems.rowLength(r.record.length, width) });
    return undefined;
  }
  const values: TypedRow['values'] = {};
  for (const s of sources) {
    const text = (s.fixed ?? r.record[s.index!]).trim();
    if (!text) {
      if (s.def.required)
        problems.push({
          code: InvoiceErrorCodes.ValueMissing,
          line,
          column: s.title,
          message: Problems.valueMissing(s.title),
        });
      continue;
    }
    const cell = read(s.def, text);
    if (cell.ok) values[s.field] = cell.value;
    else
      problems.push({
        code: InvoiceErrorCodes.ValueInvalid,
        line,
        column: s.title,
        message: Problems.valueInvalid(s.title, text.length > 60 ? `${text.slice(0, 59)}…` : text, cell.expected),
      });
  }
  return values.invoiceNumber === undefined ? undefined : { line, values };
}

/** The rows of a file with their values typed, and every problem found reading them. */
export function readRows(
  content: string,
  mapping: InvoiceCsvMapping,
): { rows: TypedRow[]; titles: Partial<Record<FieldName, string>>; problems: InvoiceFileProblem[] } {
  const problems: InvoiceFileProblem[] = [];
  const parsed = records(content, mapping);
  if (!Array.isArray(parsed)) return { rows: [], titles: {}, problems: [parsed] };
  if (parsed.length === 0)
    return { rows: [], titles: {}, problems: [{ code: InvoiceErrorCodes.FileEmpty, message: Problems.noHeader }] };
  const header = parsed[0].record.map((t) => t.trim());
  const sources = sourcesOf(header, mapping, problems);
  const titles = Object.fromEntries(sources.map((s) => [s.field, s.title])) as Partial<Record<FieldName, string>>;
  if (problems.length) return { rows: [], titles, problems };
  if (parsed.length === 1)
    return { rows: [], titles, problems: [{ code: InvoiceErrorCodes.FileEmpty, message: Problems.empty }] };
  const read = cellReader(mapping);
  const rows: TypedRow[] = [];
  for (const r of parsed.slice(1)) {
    const row = readRow(r, sources, header.length, read, problems);
    if (row) rows.push(row);
  }
  return { rows, titles, problems };
}
