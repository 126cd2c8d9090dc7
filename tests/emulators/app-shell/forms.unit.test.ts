/**
 * @jest-environment jsdom
 */
/**
 * The app shell's form rules as a person meets them: each field's problem in words from its column's
 * metadata (never a logical name), Dataverse's own messages with display names, and a job's JSON
 * result read as facts and sections.
 */
import type { ColumnMeta } from '../../../emulators/app-shell/shared/metadata';
import { inWords, isWebAddress, validate } from '../../../emulators/app-shell/client/validation';
import { humanize, itemLine, resultSummary } from '../../../emulators/app-shell/client/result-view';
import { weekStart } from '../../../emulators/app-shell/client/chart-data';

const column = (over: Partial<ColumnMeta>): ColumnMeta => ({
  name: 'w365_x',
  label: 'Quantity',
  kind: 'integer',
  ...over,
});

describe('field validation, in words', () => {
  it('a required value', () => {
    expect(validate(column({ kind: 'string', label: 'Name', required: true }), '')).toBe(
      'Name is required. Enter a value.',
    );
    expect(validate(column({ kind: 'lookup', label: 'Customer', required: true }), [])).toBe(
      'Customer is required. Enter a value.',
    );
    expect(validate(column({ kind: 'string', label: 'Name' }), null)).toBeUndefined();
  });

  it('a whole number in its range', () => {
    const q = column({ min: 0, max: 1000000, precision: 0 });
    expect(validate(q, 5)).toBeUndefined();
    expect(validate(q, 2.5)).toBe('Quantity must be a whole number.');
    expect(validate(q, -1)).toBe('Quantity must be between 0 and 1,000,000.');
    expect(validate(q, Number('abc'))).toBe('Quantity must be a number.');
    expect(validate(column({ kind: 'money', label: 'Unit Price', min: 0, precision: 2 }), 1.234)).toBe(
      'Unit Price can have at most 2 digits after the decimal point.',
    );
  });

  it('a web address, an e-mail address, a length', () => {
    const url = column({ kind: 'string', label: 'End Point URL', format: 'url', maxLength: 1000 });
    expect(validate(url, 'not a url')).toBe('End Point URL must be a web address, such as https://example.com/path.');
    expect(validate(url, 'ftp://example.com')).toBe(
      'End Point URL must be a web address, such as https://example.com/path.',
    );
    expect(validate(url, 'https://api.techdata.com/token')).toBeUndefined();
    expect(isWebAddress('http://127.0.0.1:3530/oauth')).toBe(true);
    expect(validate(column({ kind: 'string', label: 'E-mail', format: 'email' }), 'nobody')).toBe(
      'E-mail must be an e-mail address, such as name@example.com.',
    );
    expect(validate(column({ kind: 'string', label: 'Name', maxLength: 5 }), 'abcdefg')).toBe(
      'Name can be at most 5 characters; this is 7.',
    );
  });

  it('Dataverse’s messages name display names, not logical names', () => {
    const names = new Map([
      ['w365_quantity', 'Quantity'],
      ['w365_subscription', 'Subscription'],
    ]);
    expect(
      inWords(
        "A validation error occurred. The value of 'w365_quantity' on record of type 'w365_subscription' is outside the valid range.",
        names,
      ),
    ).toBe(
      'A validation error occurred. The value of “Quantity” on record of type “Subscription” is outside the valid range.',
    );
  });
});

describe('a job’s result as a summary', () => {
  it('names keys in words and reads list items as one line each', () => {
    expect(humanize('quantityChanged')).toBe('Quantity changed');
    expect(
      itemLine({
        manual: { id: 'a', name: 'Office E3 (entered by hand)', quantity: 8 },
        synced: { name: 'Office E3', quantity: 8 },
      }),
    ).toBe('Manual: Office E3 (entered by hand) (8) · Synced: Office E3 (8)');
  });

  it('facts as a list, arrays as sections with counts, no JSON left', () => {
    const el = resultSummary(
      JSON.stringify({
        created: 4,
        quantityChanged: 1,
        pairs: [{ manual: { name: 'A' }, synced: { name: 'B' } }],
        unpaired: [],
      }),
    );
    const text = el.textContent ?? '';
    expect(Array.from(el.querySelectorAll('dt')).map((d) => d.textContent)).toEqual(['Created', 'Quantity changed']);
    expect(Array.from(el.querySelectorAll('h4')).map((d) => d.textContent)).toEqual(['Pairs (1)', 'Unpaired (0)']);
    expect(text).not.toMatch(/[{}"]/);
    expect(resultSummary('not json').textContent).toBe('not json');
  });
});

describe('chart date grouping', () => {
  it('groups a week by its Monday', () => {
    expect(weekStart('2026-12-03T10:00:00Z')).toBe('2026-11-30');
    expect(weekStart('2026-11-30T00:00:00Z')).toBe('2026-11-30');
    expect(weekStart('2026-12-06T23:59:00Z')).toBe('2026-11-30');
  });
});
