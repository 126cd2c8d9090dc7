/**
 * The Dicker Data sandbox's invoice (our design): built from its own feed lines, a monthly licence is
 * charged for the month (pro rata from a term that starts in it), one paid up front only in the month
 * its term starts, an Azure plan for its usage, and a line that is not Active not at all.
 */
import { dickerInvoiceOf, generateDickerDataset, type DickerSandboxLine } from '../../../emulators/dicker';

const base = generateDickerDataset('invoice-rules', { tenants: 1, linesPerTenant: 1 }).lines[0];
const line = (overrides: Partial<DickerSandboxLine>): DickerSandboxLine => ({
  ...base,
  stockCode: 'P1Y:CFQ7TTC0LCHC:0002:1:',
  chargeType: 'Recurring',
  status: 'Active',
  qty: 10,
  unitPrice: 30,
  termStart: '2025-01-01',
  termEnd: '2025-12-31',
  ...overrides,
});
const june = (lines: DickerSandboxLine[]) => dickerInvoiceOf(lines, '123456', 'AUD', '2025-06-01');

describe('the Dicker sandbox invoice', () => {
  it('charges a monthly licence for the whole month, and a term starting on the 16th pro rata', () => {
    const invoice = june([line({}), line({ subscriptionId: 'b', termStart: '2025-06-16', termEnd: '2026-06-15' })]);
    expect(invoice.lines.map((l) => [l.chargeType, l.qty, l.lineTotal, l.usageStart, l.usageEnd])).toEqual([
      ['Recurring', 10, 300, '2025-06-01', '2025-06-30'],
      ['Pro Rata', 10, 150, '2025-06-16', '2025-06-30'],
    ]);
    expect([invoice.invoiceNumber, invoice.invoiceDate, invoice.total]).toEqual(['DD123456-202506', '2025-07-01', 450]);
  });

  it('charges a licence paid up front only in the month its term starts, for the term', () => {
    const upFront = { stockCode: 'P1Y:CFQ7TTC0LCHC:0002:Y:', unitPrice: 360 };
    expect(june([line(upFront)]).lines).toEqual([]);
    const starting = june([line({ ...upFront, termStart: '2025-06-10', termEnd: '2026-06-09' })]);
    expect(starting.lines.map((l) => [l.chargeType, l.lineTotal, l.usageStart, l.usageEnd])).toEqual([
      ['Recurring', 3600, '2025-06-10', '2026-06-09'],
    ]);
  });

  it('charges an Azure plan its usage, and nothing for a line that is not Active', () => {
    const azure = line({
      stockCode: 'DZH318Z0BPS6:0001',
      chargeType: 'Usage',
      qty: 1,
      unitPrice: 123.45,
      startUsage: '2025-05-01',
      endUsage: '2025-05-31',
    });
    const invoice = june([
      azure,
      line({ status: 'Suspended' }),
      line({ status: 'Cancelled' }),
      line({ status: 'Pending' }),
    ]);
    expect(invoice.lines.map((l) => [l.chargeType, l.lineTotal, l.usageStart])).toEqual([
      ['Usage', 123.45, '2025-05-01'],
    ]);
  });
});
