/**
 * The $filter -> SQL translation keeps every client value out of the SQL text: values become `?`
 * parameters, identifiers come only from the schema. Checked on the translation itself and end to end.
 */
import { parseFilter } from '../../../emulators/dataverse/odata/filter-parser';
import { toSql, type FilterContext } from '../../../emulators/dataverse/odata/filter-sql';
import type { SqlValue } from '../../../emulators/dataverse/store/codec';
import { Model } from '../../../emulators/dataverse/store/model';
import { baseCatalog } from '../../../emulators/dataverse/platform';
import { Tables } from '../../../solution/schema';
import { startApi } from './helpers';

const A = Tables.account;
const model = new Model(baseCatalog());

function translate(filter: string, aliases: Record<string, string> = {}): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  let n = 0;
  const ctx: FilterContext = { model, params, userId: 'u', vars: new Map(), nextAlias: () => `x${(n += 1)}` };
  const sql = toSql(
    parseFilter(filter, new Map(Object.entries(aliases))),
    { table: model.table(A.logicalName), alias: 't0' },
    ctx,
  );
  return { sql, params };
}

test('string, number, guid and alias values are parameters, never SQL text', () => {
  const evil = "x'); DROP TABLE account; --";
  const { sql, params } = translate(
    `${A.col.name} eq '${evil.replace(/'/g, "''")}' or contains(${A.col.accountNumber},@p) or ${A.val.parentAccount} eq 00000000-0000-0000-0000-000000000001`,
    {
      '@p': "'%_\\'",
    },
  );
  expect(sql).not.toContain('DROP');
  expect(sql).not.toContain('00000000-0000-0000-0000-000000000001');
  expect(params).toEqual([evil, '%\\%\\_\\\\%', '00000000-0000-0000-0000-000000000001']);
  expect(sql).toBe(
    `((t0."name" = ? COLLATE NOCASE) OR (t0."accountnumber" LIKE ? ESCAPE '\\')) OR (t0."parentaccountid" = ?)`,
  );
});

test('a hostile filter value finds nothing and changes nothing', async () => {
  const api = await startApi();
  try {
    await api.create(A.entitySetName, { [A.col.name]: 'Safe' });
    const r = await api.get(`${A.entitySetName}?$filter=${encodeURIComponent(`${A.col.name} eq 'x'' or 1=1 --'`)}`);
    expect(r.status).toBe(200);
    expect(r.json.value).toEqual([]);
    expect((await api.get(`${A.entitySetName}/$count`)).text).toBe('1');
  } finally {
    await api.close();
  }
});
