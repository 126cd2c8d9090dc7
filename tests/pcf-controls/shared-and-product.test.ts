/** Pure parts shared by both controls, the product-mapping view model, and the build's generated names and strings. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Choices, Tables } from '../../solution/schema';
import { pcfNamesModuleSource } from '../../pcf-controls/build/names';
import { changedColumns, sameValue, writeAll, type RecordApi } from '../../pcf-controls/shared/compare-write';
import { runBounded } from '../../pcf-controls/shared/concurrency';
import { containsAnyFilter, escapeODataString, queryString } from '../../pcf-controls/shared/odata';
import { format, searchKey } from '../../pcf-controls/shared/text';
import { classifyWebApiError } from '../../pcf-controls/shared/webapi-errors';
import {
  chooseProduct,
  chooseProductForAll,
  READING,
  unmap,
} from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/mapping';
import { planWrites } from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/save-plan';
import { countRows, sortRows } from '../../pcf-controls/shared/mapping-rules';
import { AutomapReasonCodes, ProductMappingStatus } from '../../pcf-controls/shared/generated/names';
import { reasonCodesIn } from '../../pcf-controls/build/automap-codes';
import {
  draftFor,
  productBody,
  validateDraft,
} from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/new-product';
import { sortNotMappedFirst } from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/rows';
import type { ProductRow } from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/model/types';
import { STRING_KEYS as ACCOUNT_KEYS } from '../../pcf-controls/AccountMappingGrid/AccountMappingGrid/strings-keys';
import { STRING_KEYS as PRODUCT_KEYS } from '../../pcf-controls/ProductMappingGrid/ProductMappingGrid/strings-keys';

const ROOT = path.resolve(__dirname, '..', '..');

describe('OData text', () => {
  it('doubles quotes inside literals and URL-encodes the filter', () => {
    expect(escapeODataString("O'Brien's")).toBe("O''Brien''s");
    const filter = containsAnyFilter(['name', 'accountnumber'], "  O'Brien  &  Sons ");
    expect(filter).toBe("(contains(name,'O''Brien & Sons') or contains(accountnumber,'O''Brien & Sons'))");
    const q = queryString({ select: ['accountid', 'name'], filter, orderBy: 'name asc', top: 25 });
    expect(q).toBe(`?$select=accountid,name&$filter=${encodeURIComponent(filter)}&$orderby=name%20asc&$top=25`);
    expect(decodeURIComponent(q)).toContain("'O''Brien & Sons'");
    expect(q).not.toContain('&  Sons'); // the '&' in the value cannot split the query string
    expect(containsAnyFilter(['name'], '   ')).toBe('');
  });
});

describe('sorting by a column', () => {
  it('sorts by the value, empty values last in either direction, equal values in the order given', () => {
    const rows = [
      { id: 'a', v: 'beta' },
      { id: 'b', v: undefined },
      { id: 'c', v: 'Alpha' },
      { id: 'd', v: 'alpha' },
      { id: 'e', v: 'item 10' },
      { id: 'f', v: 'item 9' },
    ];
    const by = (descending: boolean) => sortRows(rows, { column: 'v', descending }, (r) => r.v).map((r) => r.id);
    expect(by(false)).toEqual(['c', 'd', 'a', 'f', 'e', 'b']);
    expect(by(true)).toEqual(['e', 'f', 'a', 'c', 'd', 'b']);
    expect(sortRows([{ n: 3 }, { n: 1 }, { n: 2 }], { column: 'n', descending: false }, (r) => r.n)).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });
});

describe('text', () => {
  it('formats placeholders and folds accents for search', () => {
    expect(format('{0} of {1}; {2}', 3, 'ten')).toBe('3 of ten; {2}');
    expect(searchKey('Nørgaard & Kjær', ' ÅKERLUND ')).toBe('norgaard & kjaer akerlund');
  });
});

describe('bounded concurrency and compare-before-write', () => {
  it('never runs more than the limit at once, keeps order, and reports progress', async () => {
    let inFlight = 0;
    let peak = 0;
    const progress: number[] = [];
    const results = await runBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 1 + (n % 3)));
        inFlight--;
        if (n === 7) throw new Error('seven');
        return n * 2;
      },
      (done) => progress.push(done),
    );
    expect(peak).toBe(4);
    expect(results[3]).toEqual({ ok: true, value: 6 });
    expect(results[7]).toEqual({ ok: false, error: new Error('seven') });
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('writes only rows whose compared columns are unchanged; reports conflicts and classified failures', async () => {
    const server: Record<string, Record<string, unknown>> = {
      r1: { _acc_value: null, status: 1 },
      r2: { _acc_value: 'BBB', status: 2 }, // someone mapped it meanwhile
      r3: { _acc_value: null, status: 1, name: 'renamed by the sync' }, // other column changed: not a conflict
      r4: { _acc_value: null, status: 1 },
    };
    const updates: string[] = [];
    const api: RecordApi = {
      retrieveRecord: async (_e, id) => ({ ...server[id] }),
      updateRecord: async (_e, id) => {
        if (id === 'r4') throw { errorCode: -2147088238, message: 'Entity Key violated' };
        updates.push(id);
        return { id, entityType: 'x' };
      },
    };
    const expected = { _acc_value: null, status: 1 };
    const out = await writeAll(
      api,
      'x',
      ['r1', 'r2', 'r3', 'r4'].map((id) => ({ id, body: { status: 2 }, expected })),
    );
    expect(out.map((o) => o.kind)).toEqual(['saved', 'conflict', 'saved', 'failed']);
    expect(updates.sort()).toEqual(['r1', 'r3']);
    expect(out[1]).toEqual({ kind: 'conflict', id: 'r2', current: { _acc_value: 'BBB', status: 2 } });
    expect(out[3]).toMatchObject({ failure: { kind: 'duplicateKey', code: '0x80060892' } });
    expect(sameValue('AAAA-bb', 'aaaa-BB')).toBe(true);
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue(1, '1')).toBe(true);
    expect(changedColumns({ a: null, b: 2 }, { a: 'x', b: 2 })).toEqual(['a']);
  });

  it('classifies Web API errors by Dataverse code, numeric or hex', () => {
    expect(classifyWebApiError({ errorCode: -2147220969, message: 'gone' }).kind).toBe('notFound');
    expect(classifyWebApiError({ code: '0x80072322', message: 'slow down' }).kind).toBe('throttled');
    expect(classifyWebApiError(new Error('boom'))).toEqual({ kind: 'other', message: 'boom' });
  });
});

describe('product mapping view model', () => {
  const mk = (id: string, sku: string, status: number, fields: Partial<ProductRow> = {}): ProductRow => ({
    id,
    name: `${sku}: Thing`,
    sku,
    status,
    searchKey: sku,
    ...fields,
  });
  const rows = [
    mk('1', '14100020', ProductMappingStatus.Mapped, { product: { id: 'p1', name: 'M365 BS' } }),
    mk('2', '14100092', ProductMappingStatus.NotMapped),
    mk('3', '9', ProductMappingStatus.NotMapped),
  ];

  it('lists Not Mapped first, then by SKU in numeric order', () => {
    expect(sortNotMappedFirst(rows).map((r) => r.sku)).toEqual(['9', '14100092', '14100020']);
  });

  it('maps several SKUs to one product, unmaps, counts and plans writes with expected values', () => {
    let edits = chooseProduct(rows, new Map(), '2', { id: 'p1', name: 'M365 BS' });
    edits = chooseProduct(rows, edits, '3', { id: 'p1', name: 'M365 BS' });
    edits = unmap(rows, edits, '1');
    const counts = countRows(rows, edits, ProductMappingStatus, new Set(), READING);
    expect(counts.byStatus.get(ProductMappingStatus.Mapped)).toBe(2);
    // Needs mapping: the Not Mapped SKUs (after edits).
    expect(counts.byView.needs).toBe(1);
    expect(chooseProductForAll(rows, new Map(), new Set(['2', '3']), { id: 'p2', name: 'P2' }).size).toBe(2);
    const writes = planWrites(rows, edits);
    const PM = Tables.productMapping;
    expect(writes[0]).toEqual({
      id: '1',
      body: { [PM.col.mappingStatus]: Choices.productMappingStatus.NotMapped, [`${PM.nav.product}@odata.bind`]: null },
      expected: { [PM.val.product]: 'p1', [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped },
    });
    expect(writes[1].body).toEqual({
      [PM.col.mappingStatus]: Choices.productMappingStatus.Mapped,
      [`${PM.nav.product}@odata.bind`]: '/products(p1)',
    });
  });

  it('prefills a new product from the SKU, validates it, and builds a body with the unit group, unit and decimals Dataverse requires', () => {
    const row = mk('2', '14100092', ProductMappingStatus.NotMapped, {
      name: '14100092: Microsoft Teams Essentials',
      lastUnitPrice: 48,
      lastUnitCost: 40.29,
      providerId: 'prov',
    });
    const draft = draftFor(row, 'Distributor SKU 14100092: term P1Y, billed Annual.');
    expect(draft).toMatchObject({
      name: 'Microsoft Teams Essentials',
      productNumber: '14100092',
      partNumber: '14100092',
      price: '48',
      cost: '40.29',
      decimals: '0',
      description: 'Distributor SKU 14100092: term P1Y, billed Annual.',
    });
    expect(validateDraft(draft)).toEqual({ unitGroupId: 'required', unitId: 'required' });
    expect(
      validateDraft({ ...draft, unitGroupId: 'g', unitId: 'u', price: '-1', cost: 'abc', decimals: '6', name: ' ' }),
    ).toEqual({ name: 'required', price: 'negative', cost: 'notANumber', decimals: 'decimalsRange' });
    const P = Tables.product;
    expect(productBody({ ...draft, unitGroupId: 'g', unitId: 'u' }, 'prov', 'cur')).toEqual({
      [P.col.name]: 'Microsoft Teams Essentials',
      [P.col.productNumber]: '14100092',
      [P.col.providerPartNumber]: '14100092',
      [P.col.quantityDecimal]: 0,
      [P.col.description]: 'Distributor SKU 14100092: term P1Y, billed Annual.',
      [P.col.price]: 48,
      [P.col.currentCost]: 40.29,
      [`${P.nav.defaultUomSchedule}@odata.bind`]: '/uomschedules(g)',
      [`${P.nav.defaultUom}@odata.bind`]: '/uoms(u)',
      [`${P.nav.provider}@odata.bind`]: '/w365_providers(prov)',
      [`${P.nav.currency}@odata.bind`]: '/transactioncurrencies(cur)',
    });
  });
});

describe('what the build generates and ships', () => {
  it('the names module is the schema, and is up to date', () => {
    expect(readFileSync(path.join(ROOT, 'pcf-controls/shared/generated/names.ts'), 'utf8')).toBe(
      pcfNamesModuleSource(),
    );
    expect(pcfNamesModuleSource()).toContain(`"matchCode": "${Tables.providerAccount.col.matchCode}"`);
    expect(pcfNamesModuleSource()).not.toContain(Tables.provider.col.password);
  });

  it("carries automap's reason codes from their one definition, the AutomapReasonCode union", () => {
    const source = readFileSync(path.join(ROOT, 'plugins/sync/automap/types.ts'), 'utf8');
    expect([...AutomapReasonCodes]).toEqual(reasonCodesIn(source));
    expect(AutomapReasonCodes).toContain('same_tenant');
    expect(() => reasonCodesIn('export type AutomapReasonCode = string;')).toThrow(/PCF_AUTOMAP_CODES_NOT_FOUND/);
  });

  it.each([
    ['AccountMappingGrid', ACCOUNT_KEYS],
    ['ProductMappingGrid', PRODUCT_KEYS],
  ])('every string %s uses is in its .resx, and every .resx string is used or a manifest key', (control, keys) => {
    const resx = readFileSync(
      path.join(ROOT, `pcf-controls/${control}/${control}/strings/${control}.1033.resx`),
      'utf8',
    );
    const inFile = [...resx.matchAll(/<data name="([^"]+)"/g)].map((m) => m[1]);
    expect(keys.filter((k) => !inFile.includes(k))).toEqual([]);
    expect(inFile.filter((k) => !(keys as readonly string[]).includes(k) && !k.endsWith('_Key'))).toEqual([]);
  });
});
