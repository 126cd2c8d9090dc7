/**
 * Invoice files (docs/invoice-csv.md): a good file becomes our invoice; every bad-file case is refused
 * whole with a precise problem (file line, column, what was expected); a file whose lines do not add up
 * to its stated total is refused unless a tolerance covers it; a partner's export reads through a
 * column mapping, and a bad mapping names its field.
 */
import { isW365Error } from '../../../common/errors';
import {
  InvoiceErrorCodes,
  mappingRefusal,
  parseInvoiceCsv,
  readMapping,
  refusal,
  totalMismatch,
  type InvoiceFileProblem,
} from '../../../plugins/invoices';

const HEADER =
  'InvoiceNumber,InvoiceDate,BillingPeriodStart,BillingPeriodEnd,Currency,InvoiceTotal,LineNumber,CustomerId,SubscriptionId,Sku,Description,Quantity,UnitPrice,UnitCost,Amount,ChargeType,PeriodStart,PeriodEnd';
const ROW1 =
  'INV-42,2025-07-01,2025-06-01,2025-06-30,AUD,375.00,1,306012,2277242,CFQ7TTC0LFLX:0001:P1M:M,Microsoft 365 E3,10,36.00,30.00,300.00,Recurring,2025-06-01,2025-06-30';
const ROW2 =
  'INV-42,2025-07-01,2025-06-01,2025-06-30,AUD,375.00,2,306012,2277242,CFQ7TTC0LFLX:0001:P1M:M,"Microsoft 365 E3, 5 added",5,36.00,30.00,75.00,Proration,2025-06-16,2025-06-30';
const GOOD = [HEADER, ROW1, ROW2].join('\n');

const cellsOf = (row: string) =>
  row
    .match(/("[^"]*"|[^,]*)(,|$)/g)!
    .map((c) => c.replace(/,$/, ''))
    .slice(0, HEADER.split(',').length);
const cellOf = (row: string, column: string) => cellsOf(row)[HEADER.split(',').indexOf(column)];

/** Replace the cell of `column` in a row. */
function cell(row: string, column: string, value: string): string {
  const cells = cellsOf(row);
  cells[HEADER.split(',').indexOf(column)] = value;
  return cells.join(',');
}

function problemsOf(csv: string): InvoiceFileProblem[] {
  const result = parseInvoiceCsv(csv);
  if (result.ok) throw new Error('the file was accepted');
  return result.problems;
}

describe('a good file', () => {
  it('becomes one invoice with its lines, figures and dates', () => {
    const result = parseInvoiceCsv(GOOD);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.invoices).toEqual([
      {
        number: 'INV-42',
        invoiceDate: '2025-07-01',
        periodStart: '2025-06-01',
        periodEnd: '2025-06-30',
        currencyCode: 'AUD',
        statedTotal: 375,
        source: 'file',
        lines: [
          expect.objectContaining({
            lineNumber: 1,
            customerId: '306012',
            providerSubscriptionId: '2277242',
            quantity: 10,
            unitPrice: 36,
            unitCost: 30,
            amount: 300,
            chargeType: 'recurring',
          }),
          expect.objectContaining({
            lineNumber: 2,
            description: 'Microsoft 365 E3, 5 added',
            quantity: 5,
            amount: 75,
            chargeType: 'proration',
            periodStart: '2025-06-16',
          }),
        ],
      },
    ]);
    expect(result.fileHash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseInvoiceCsv(Buffer.from(GOOD)).fileHash).toBe(result.fileHash);
  });

  it('numbers lines by their order and gives them the billing period when those columns are absent', () => {
    const keep = [
      'InvoiceNumber',
      'BillingPeriodStart',
      'BillingPeriodEnd',
      'Currency',
      'CustomerId',
      'Sku',
      'Quantity',
      'UnitCost',
      'Amount',
      'ChargeType',
    ];
    const pickRow = (row: string) => keep.map((k) => cellOf(row, k)).join(',');
    const result = parseInvoiceCsv([keep.join(','), pickRow(ROW2), pickRow(ROW1)].join('\r\n'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [invoice] = result.invoices;
    expect(invoice.lines.map((l) => [l.lineNumber, l.quantity, l.periodStart, l.periodEnd])).toEqual([
      [1, 5, '2025-06-01', '2025-06-30'],
      [2, 10, '2025-06-01', '2025-06-30'],
    ]);
    // Without an invoice date, the invoice is dated the period's last day; without a total, it states none.
    expect([invoice.invoiceDate, invoice.statedTotal]).toEqual(['2025-06-30', undefined]);
  });

  it('holds several invoices, one per invoice number; thousands commas and quoted cells are read', () => {
    const other = cell(
      cell(cell(ROW1, 'InvoiceNumber', 'INV-43'), 'InvoiceTotal', '"1,300.00"'),
      'Amount',
      '"1,300.00"',
    );
    const result = parseInvoiceCsv([HEADER, ROW1, other, ROW2].join('\n'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.invoices.map((i) => [i.number, i.lines.length, i.statedTotal])).toEqual([
      ['INV-42', 2, 375],
      ['INV-43', 1, 1300],
    ]);
  });
});

describe('a bad file is refused whole, with every problem named by line and column', () => {
  const row = (column: string, value: string, base = ROW1) => cell(base, column, value);
  it.each<[string, string, Partial<InvoiceFileProblem> & { says: string }]>([
    ['an empty file', '', { code: InvoiceErrorCodes.FileEmpty, says: 'needs a header row' }],
    ['a header without lines', HEADER, { code: InvoiceErrorCodes.FileEmpty, says: 'no lines' }],
    [
      'a quote never closed',
      `${HEADER}\n${ROW1}\n"INV-42,2025-07-01`,
      { code: InvoiceErrorCodes.FileUnreadable, line: 3, says: 'Quote Not Closed' },
    ],
    [
      'a missing required column',
      [HEADER.replace(',UnitCost', ''), ROW1].join('\n'),
      { code: InvoiceErrorCodes.ColumnMissing, line: 1, column: 'UnitCost', says: 'no column "UnitCost"' },
    ],
    [
      'a column named twice',
      [`${HEADER},sku`, `${ROW1},X`].join('\n'),
      { code: InvoiceErrorCodes.ColumnDuplicate, line: 1, column: 'sku', says: 'twice' },
    ],
    [
      'a row with a cell too many',
      [HEADER, ROW1, `${ROW2},extra`].join('\n'),
      { code: InvoiceErrorCodes.RowLength, line: 3, says: 'has 19 cells, but the header row names 18' },
    ],
    [
      'an empty required cell',
      [HEADER, row('CustomerId', '')].join('\n'),
      { code: InvoiceErrorCodes.ValueMissing, line: 2, column: 'CustomerId', says: '"CustomerId" is empty' },
    ],
    [
      'a quantity that is not a number',
      [HEADER, row('Quantity', 'ten')].join('\n'),
      {
        code: InvoiceErrorCodes.ValueInvalid,
        line: 2,
        column: 'Quantity',
        says: '"Quantity" is "ten", expected a number such as 1234.56',
      },
    ],
    [
      'a date that does not exist',
      [HEADER, row('PeriodEnd', '2025-02-31')].join('\n'),
      { code: InvoiceErrorCodes.ValueInvalid, column: 'PeriodEnd', says: 'expected a date written yyyy-mm-dd' },
    ],
    [
      'a date in another format',
      [HEADER, row('InvoiceDate', '01/07/2025')].join('\n'),
      { code: InvoiceErrorCodes.ValueInvalid, column: 'InvoiceDate', says: 'yyyy-mm-dd' },
    ],
    [
      'a currency that is not a code',
      [HEADER, row('Currency', 'AU$')].join('\n'),
      { code: InvoiceErrorCodes.ValueInvalid, column: 'Currency', says: 'three-letter ISO 4217' },
    ],
    [
      'an unknown charge type',
      [HEADER, row('ChargeType', 'Monthly')].join('\n'),
      {
        code: InvoiceErrorCodes.ValueInvalid,
        column: 'ChargeType',
        says: 'one of the charge types recurring, proration',
      },
    ],
    [
      'a line number of 0',
      [HEADER, row('LineNumber', '0')].join('\n'),
      { code: InvoiceErrorCodes.ValueInvalid, column: 'LineNumber', says: 'a whole number of 1 or more' },
    ],
    [
      'an invoice number too long',
      [HEADER, row('InvoiceNumber', 'N'.repeat(101))].join('\n'),
      { code: InvoiceErrorCodes.ValueInvalid, column: 'InvoiceNumber', says: 'at most 100 characters' },
    ],
    [
      'rows of one invoice that disagree on its currency',
      [HEADER, ROW1, row('Currency', 'NZD', ROW2)].join('\n'),
      {
        code: InvoiceErrorCodes.HeaderInconsistent,
        line: 3,
        column: 'Currency',
        says: '"NZD" here but "AUD" on line 2',
      },
    ],
    [
      'a line period that ends before it starts',
      [HEADER, row('PeriodStart', '2025-06-20', row('PeriodEnd', '2025-06-10'))].join('\n'),
      {
        code: InvoiceErrorCodes.PeriodInvalid,
        line: 2,
        column: 'PeriodEnd',
        says: '"PeriodStart" is after "PeriodEnd"',
      },
    ],
    [
      'two rows with one line number',
      [HEADER, ROW1, row('LineNumber', '1', ROW2)].join('\n'),
      { code: InvoiceErrorCodes.LineNumberDuplicate, line: 3, column: 'LineNumber', says: 'used on line 2' },
    ],
    [
      'lines that do not add up to the stated total',
      [HEADER, row('InvoiceTotal', '380.00'), row('InvoiceTotal', '380.00', ROW2)].join('\n'),
      {
        code: InvoiceErrorCodes.TotalMismatch,
        line: 2,
        column: 'InvoiceTotal',
        says: 'add up to 375.00, but it states a total of 380.00 (a difference of -5.00)',
      },
    ],
  ])('%s', (_name, csv, { says, ...expected }) => {
    const problems = problemsOf(csv);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject(expected);
    expect(problems[0].message).toContain(says);
  });

  it('lists every problem of every line, in file order, and never a half invoice', () => {
    const csv = [
      HEADER,
      cell(ROW1, 'Quantity', 'x'),
      cell(ROW2, 'UnitCost', ''),
      cell(cell(ROW2, 'ChargeType', '?'), 'LineNumber', '3'),
    ].join('\n');
    const result = parseInvoiceCsv(csv);
    expect(result.ok).toBe(false);
    expect('invoices' in result).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [2, 'Quantity', InvoiceErrorCodes.ValueInvalid],
      [3, 'UnitCost', InvoiceErrorCodes.ValueMissing],
      [4, 'ChargeType', InvoiceErrorCodes.ValueInvalid],
    ]);
  });

  it('gives the starting line of a row after a cell that spans lines', () => {
    const multiLine = cell(ROW2, 'Description', '"Microsoft 365 E3\nadded seats"');
    const problems = problemsOf([HEADER, multiLine, cell(ROW1, 'Quantity', 'x')].join('\n'));
    expect(problems.map((p) => p.line)).toEqual([4]);
  });

  it('is refused as INVOICE_FILE_REFUSED, naming line, column and code for each problem', () => {
    const problems = problemsOf([HEADER, cell(ROW1, 'Quantity', 'ten')].join('\n'));
    const err = refusal('june.csv', problems);
    expect(isW365Error(err) && err.code).toBe(InvoiceErrorCodes.FileRefused);
    expect(err.message).toContain('june.csv was not imported: it has 1 problem (nothing of it was imported):');
    expect(err.message).toContain('line 2, column Quantity: "Quantity" is "ten", expected a number');
    expect(err.details).toEqual({ problems });
  });
});

describe('the stated total and the tolerance', () => {
  const off = [HEADER, cell(ROW1, 'InvoiceTotal', '375.40'), cell(ROW2, 'InvoiceTotal', '375.40')].join('\n');
  it.each([
    ['no tolerance: refused', undefined, false],
    ['half a cent is rounding, always accepted', 'cent', true],
    ['an amount tolerance that covers the difference', { amount: 0.5 }, true],
    ['an amount tolerance that does not', { amount: 0.3 }, false],
    ['a percent tolerance that covers it (0.1% of 375.40 = 0.38 < 0.40: no; 0.2% = 0.75: yes)', { percent: 0.2 }, true],
    ['a percent tolerance that does not', { percent: 0.1 }, false],
  ] as const)('%s', (_name, tolerance, accepted) => {
    const csv = tolerance === 'cent' ? off.replace(/375\.40/g, '375.004') : off;
    const result = parseInvoiceCsv(csv, tolerance && tolerance !== 'cent' ? { tolerance } : {});
    expect(result.ok).toBe(accepted);
  });
});

describe('totalMismatch, for invoices a connector read (Dicker states a total)', () => {
  it('is nothing when the lines add up, the problem without a line or column when they do not', () => {
    const parsed = parseInvoiceCsv(GOOD);
    if (!parsed.ok) throw new Error('refused');
    const [invoice] = parsed.invoices;
    expect(totalMismatch(invoice)).toBeUndefined();
    expect(totalMismatch({ ...invoice, statedTotal: undefined })).toBeUndefined();
    expect(totalMismatch({ ...invoice, statedTotal: 400 })).toEqual({
      code: InvoiceErrorCodes.TotalMismatch,
      message: expect.stringContaining('add up to 375.00, but it states a total of 400.00'),
    });
    expect(totalMismatch({ ...invoice, statedTotal: 400 }, { amount: 25 })).toBeUndefined();
  });
});

describe("a partner's own export, through a column mapping", () => {
  const mapping = {
    columns: {
      invoiceNumber: 'Invoice No',
      billingPeriodStart: 'Period From',
      billingPeriodEnd: 'Period To',
      customerId: 'Tenant ID',
      sku: 'Stock Code',
      description: 'Stock Description',
      quantity: 'Qty',
      unitCost: 'Unit Price',
      unitPrice: 'Unit RRP',
      amount: 'Line Total',
      chargeType: 'Charge Type',
    },
    values: { currencyCode: 'NZD' },
    chargeTypes: { Annuity: 'recurring', 'Pro Rata': 'proration' },
    dateFormat: 'dd-mmm-yyyy',
    delimiter: ';',
    decimalComma: true,
  };
  const csv = [
    'Invoice No;Period From;Period To;Tenant ID;Stock Code;Stock Description;Qty;Unit Price;Unit RRP;Line Total;Charge Type',
    'D-9;01-Jun-2025;30-Jun-2025;2b7c...;P1Y:CFQ7TTC0LCHC:0002:1:;Microsoft 365 Business Standard;12;18,50;22,00;222,00;Annuity',
    'D-9;01-Jun-2025;30-Jun-2025;2b7c...;P1Y:CFQ7TTC0LCHC:0002:1:;Microsoft 365 Business Standard;2;18,50;22,00;1.234,50;pro-rata',
  ].join('\n');

  it('reads its columns, fixed values, charge type words, dates and decimal commas', () => {
    const checked = readMapping(mapping);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const result = parseInvoiceCsv(csv, { mapping: checked.mapping });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const [invoice] = result.invoices;
    expect([invoice.number, invoice.currencyCode, invoice.periodStart, invoice.periodEnd]).toEqual([
      'D-9',
      'NZD',
      '2025-06-01',
      '2025-06-30',
    ]);
    expect(invoice.lines.map((l) => [l.quantity, l.unitCost, l.unitPrice, l.amount, l.chargeType])).toEqual([
      [12, 18.5, 22, 222, 'recurring'],
      [2, 18.5, 22, 1234.5, 'proration'],
    ]);
  });

  it("names the export's own column titles in problems", () => {
    const checked = readMapping(mapping);
    if (!checked.ok) throw new Error('mapping refused');
    const result = parseInvoiceCsv(csv.replace(';12;', ';twelve;'), { mapping: checked.mapping });
    expect(!result.ok && result.problems[0]).toMatchObject({
      line: 2,
      column: 'Qty',
      code: InvoiceErrorCodes.ValueInvalid,
    });
  });

  it.each([
    ['an unknown field', { columns: { customer: 'Tenant' } }, 'columns.customer', 'names no field of the layout'],
    ['an empty column title', { columns: { sku: ' ' } }, 'columns.sku', 'non-empty text'],
    [
      'a field given a column and a fixed value',
      { columns: { sku: 'A' }, values: { sku: 'B' } },
      'values.sku',
      'both a column',
    ],
    [
      'a charge type of ours that does not exist',
      { chargeTypes: { Monthly: 'monthly' } },
      'chargeTypes.Monthly',
      'recurring, proration, oneoff, usage',
    ],
    ['a date format we do not read', { dateFormat: 'yyyy/mm/dd' }, 'dateFormat', 'one of yyyy-mm-dd'],
    ['a delimiter of two characters', { delimiter: ';;' }, 'delimiter', 'one character'],
    ['decimalComma that is not a boolean', { decimalComma: 'yes' }, 'decimalComma', 'true or false'],
    ['an unknown option', { encoding: 'latin1' }, 'encoding', 'not a mapping option'],
  ])('refuses %s, naming the field', (_name, raw, field, says) => {
    const checked = readMapping(raw);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([{ field, message: expect.stringContaining(says) }]);
    const err = mappingRefusal(checked.problems);
    expect(err.code).toBe(InvoiceErrorCodes.MappingInvalid);
    expect(err.message).toContain(`${field}: `);
  });
});
