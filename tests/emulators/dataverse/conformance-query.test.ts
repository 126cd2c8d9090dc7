/**
 * Conformance, raw HTTP: dataverse.md §7 items 5 ($select/$filter/$orderby/$top/$expand/$count,
 * Dataverse functions, $skip refused), 6 (paging) and 7 (annotations only on request).
 */
import { Choices, Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const A = Tables.account;
const P = Tables.provider;
const PA = Tables.providerAccount;
const S = Tables.subscription;

let api: Api;
let techdata: string;
let dicker: string;
let parent: string;
const accountIds: Record<string, string> = {};

const enc = encodeURIComponent;
const names = (r: { json: { value: Record<string, unknown>[] } }, col: string = A.col.name) =>
  r.json.value.map((v) => v[col]);

beforeAll(async () => {
  api = await startApi();
  techdata = await api.create(P.entitySetName, { [P.col.name]: 'TechData', [P.col.internalName]: 'td' });
  dicker = await api.create(P.entitySetName, { [P.col.name]: 'Dicker Data', [P.col.internalName]: 'dd' });
  parent = await api.create(A.entitySetName, { [A.col.name]: 'Parent Holdings', [A.col.accountNumber]: 'P-0' });
  const accounts: [string, string | null, string | null][] = [
    ['Contoso', 'info@contoso.example', 'C-1'],
    ["O'Bryan Ltd", null, 'O-1'],
    ['Fabrikam', 'hello@fabrikam.example', 'F-1'],
    ['fabrikam (AU)', null, 'F-2'],
    ['100% Pure', 'pure@example.com', 'X-1'],
    ['Northwind', null, null],
  ];
  for (const [name, email, number] of accounts) {
    accountIds[name] = await api.create(A.entitySetName, {
      [A.col.name]: name,
      [A.col.emailAddress1]: email,
      [A.col.accountNumber]: number,
      [`${A.nav.parentAccount}@odata.bind`]:
        name.startsWith('F') || name.startsWith('f') ? `/${A.entitySetName}(${parent})` : null,
    });
  }
  for (const [sid, provider, account] of [
    ['TD-1', techdata, accountIds.Contoso],
    ['TD-2', techdata, null],
    ['DD-1', dicker, accountIds.Fabrikam],
  ] as const) {
    await api.create(PA.entitySetName, {
      [PA.col.name]: `PA ${sid}`,
      [PA.col.providerSpecificId]: sid,
      [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${provider})`,
      ...(account ? { [`${PA.nav.account}@odata.bind`]: `/${A.entitySetName}(${account})` } : {}),
    });
  }
  const subs: [string, number, number, string, number][] = [
    ['Sub A', 5, Choices.subscriptionStatus.Active, '2024-01-15', 10.5],
    ['Sub B', 12, Choices.subscriptionStatus.Suspended, '2024-03-01', 20],
    ['Sub C', 1, Choices.subscriptionStatus.Cancelled, '2023-11-30', 1234.5],
    ['Sub D', 10, Choices.subscriptionStatus.Active, '2024-06-30', 0],
  ];
  for (const [name, quantity, status, start, price] of subs) {
    await api.create(S.entitySetName, {
      [S.col.name]: name,
      [S.col.quantity]: quantity,
      [S.col.subscriptionStatus]: status,
      [S.col.startDate]: start,
      [S.col.unitPrice]: price,
      [S.col.autoRenew]: quantity > 4,
      [`${S.nav.provider}@odata.bind`]: `/${P.entitySetName}(${techdata})`,
      [`${S.nav.customer}@odata.bind`]: `/${A.entitySetName}(${accountIds.Contoso})`,
    });
  }
});
afterAll(() => api.close());

describe('§7.5 $select', () => {
  test('returns only the selected columns, the primary key and the etag', async () => {
    const r = await api.get(
      `${A.entitySetName}?$select=${A.col.name},${A.col.accountNumber}&$filter=${enc(`${A.col.name} eq 'Contoso'`)}`,
    );
    expect(r.status).toBe(200);
    expect(r.json['@odata.context']).toBe(`${api.emu.webApiUrl}/$metadata#accounts(name,accountnumber)`);
    expect(Object.keys(r.json.value[0]).sort()).toEqual(
      ['@odata.etag', A.col.id, A.col.accountNumber, A.col.name].sort(),
    );
  });

  test('selecting a money column also returns the currency lookup [C]', async () => {
    const r = await api.get(`${S.entitySetName}?$select=${S.col.unitPrice}&$top=1`);
    expect(r.json.value[0]).toHaveProperty(S.val.currency);
    expect(r.json.value[0][S.val.currency]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('an unknown column, or a lookup by its logical name, is OData\'s "Could not find a property" (400)', async () => {
    const r = await api.get(`${A.entitySetName}?$select=nosuchcolumn`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(
      "Could not find a property named 'nosuchcolumn' on type 'Microsoft.Dynamics.CRM.account'.",
    );
    expect((await api.get(`${A.entitySetName}?$select=${A.col.parentAccount}`)).status).toBe(400);
    expect((await api.get(`${A.entitySetName}?$select=${A.val.parentAccount}`)).status).toBe(200);
  });
});

describe('§7.5 $filter', () => {
  const filter = (set: string, expr: string, extra = '') => api.get(`${set}?$filter=${enc(expr)}${extra}`);

  test('string equality is case-insensitive', async () => {
    expect(names(await filter(A.entitySetName, `${A.col.name} eq 'CONTOSO'`))).toEqual(['Contoso']);
  });

  test('doubled single quotes inside a literal', async () => {
    expect(names(await filter(A.entitySetName, `${A.col.name} eq 'O''Bryan Ltd'`))).toEqual(["O'Bryan Ltd"]);
  });

  test('contains / startswith / endswith, case-insensitive, with % and _ taken literally', async () => {
    expect(
      names(await filter(A.entitySetName, `contains(${A.col.name},'FABRIK')`, `&$orderby=${A.col.name}`)).sort(),
    ).toEqual(['Fabrikam', 'fabrikam (AU)'].sort());
    expect(names(await filter(A.entitySetName, `startswith(${A.col.name},'north')`))).toEqual(['Northwind']);
    expect(names(await filter(A.entitySetName, `endswith(${A.col.name},'(au)')`))).toEqual(['fabrikam (AU)']);
    expect(names(await filter(A.entitySetName, `contains(${A.col.name},'%')`))).toEqual(['100% Pure']);
  });

  test('and / or / not with parentheses', async () => {
    const r = await filter(
      A.entitySetName,
      `(startswith(${A.col.name},'f') or ${A.col.name} eq 'Contoso') and not contains(${A.col.name},'AU')`,
      `&$orderby=${A.col.name}`,
    );
    expect(names(r)).toEqual(['Contoso', 'Fabrikam']);
  });

  test('null comparisons', async () => {
    const r = await filter(
      A.entitySetName,
      `${A.col.emailAddress1} eq null and ${A.col.accountNumber} ne null`,
      `&$orderby=${A.col.name}`,
    );
    // NOCASE ordering: 'fabrikam (AU)' < "O'Bryan Ltd" < 'Parent Holdings'
    expect(names(r)).toEqual(['fabrikam (AU)', "O'Bryan Ltd", 'Parent Holdings']);
  });

  test('lookups filtered as _x_value with a GUID literal; the primary key too', async () => {
    expect(
      names(await filter(A.entitySetName, `${A.val.parentAccount} eq ${parent}`, `&$orderby=${A.col.name}`)),
    ).toEqual(['Fabrikam', 'fabrikam (AU)']);
    expect(names(await filter(A.entitySetName, `${A.col.id} eq ${accountIds.Northwind}`))).toEqual(['Northwind']);
  });

  test('numbers, dates and booleans compare with their types', async () => {
    expect(
      names(await filter(S.entitySetName, `${S.col.quantity} ge 10`, `&$orderby=${S.col.name}`), S.col.name),
    ).toEqual(['Sub B', 'Sub D']);
    expect(names(await filter(S.entitySetName, `${S.col.startDate} lt 2024-01-01`), S.col.name)).toEqual(['Sub C']);
    expect(
      names(await filter(S.entitySetName, `${S.col.autoRenew} eq false`, `&$orderby=${S.col.name}`), S.col.name),
    ).toEqual(['Sub C']);
    expect(names(await filter(S.entitySetName, `${S.col.unitPrice} gt 100`), S.col.name)).toEqual(['Sub C']);
    expect(
      names(
        await filter(S.entitySetName, `${S.col.subscriptionStatus} eq ${Choices.subscriptionStatus.Suspended}`),
        S.col.name,
      ),
    ).toEqual(['Sub B']);
  });

  test("a value of the wrong type is OData's incompatible-types error", async () => {
    const r = await filter(S.entitySetName, `${S.col.quantity} eq 'ten'`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe(
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'Equal'.",
    );
  });

  test('column-to-column comparison [C]', async () => {
    await api.create(A.entitySetName, { [A.col.name]: 'same', [A.col.accountNumber]: 'SAME' });
    expect(names(await filter(A.entitySetName, `${A.col.name} eq ${A.col.accountNumber}`))).toEqual(['same']);
  });

  test('Microsoft.Dynamics.CRM.In / NotIn with parameter aliases, Between with string values', async () => {
    const inQuery = `${A.entitySetName}?$filter=${enc('Microsoft.Dynamics.CRM.In(PropertyName=@p1,PropertyValues=@p2)')}&@p1=${enc(`'${A.col.accountNumber}'`)}&@p2=${enc('["c-1","F-1"]')}&$orderby=${A.col.name}`;
    expect(names(await api.get(inQuery))).toEqual(['Contoso', 'Fabrikam']);
    const notIn = await filter(
      S.entitySetName,
      `Microsoft.Dynamics.CRM.NotIn(PropertyName='${S.col.quantity}',PropertyValues=["1","5"])`,
      `&$orderby=${S.col.name}`,
    );
    expect(names(notIn, S.col.name)).toEqual(['Sub B', 'Sub D']);
    const between = await filter(
      S.entitySetName,
      `Microsoft.Dynamics.CRM.Between(PropertyName='${S.col.quantity}',PropertyValues=["5","10"])`,
      `&$orderby=${S.col.name}`,
    );
    expect(names(between, S.col.name)).toEqual(['Sub A', 'Sub D']);
  });

  test('a parameter alias used as a comparison value', async () => {
    const r = await api.get(`${A.entitySetName}?$filter=${enc(`${A.col.name} eq @n`)}&@n=${enc("'Northwind'")}`);
    expect(names(r)).toEqual(['Northwind']);
  });

  test('a path through a single-valued navigation property', async () => {
    const r = await filter(
      PA.entitySetName,
      `${PA.nav.provider}/${P.col.name} eq 'techdata'`,
      `&$orderby=${PA.col.providerSpecificId}`,
    );
    expect(names(r, PA.col.providerSpecificId)).toEqual(['TD-1', 'TD-2']);
  });

  test('any / all over a collection navigation property', async () => {
    const rel = PA.columns.find((c) => c.logicalName === PA.col.provider)!;
    const nav = rel.type === 'lookup' ? rel.targets[0].relationshipName : '';
    const any = await filter(P.entitySetName, `${nav}/any(a:a/${PA.col.providerSpecificId} eq 'DD-1')`);
    expect(names(any, P.col.name)).toEqual(['Dicker Data']);
    const all = await filter(P.entitySetName, `${nav}/all(a:startswith(a/${PA.col.providerSpecificId},'TD'))`);
    expect(names(all, P.col.name)).toEqual(['TechData']);
  });

  test("an unterminated literal gets Dataverse's message with the position [C: the docs' own example]", async () => {
    const r = await api.get(`contacts?$filter=${enc("lastname eq 'O'Bryan'")}`.replace('contacts', A.entitySetName));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe("There is an unterminated literal at position 21 in 'lastname eq 'O'Bryan''.");
  });

  test("syntax errors and unknown functions are 400s with OData's wording", async () => {
    expect((await filter(A.entitySetName, `${A.col.name} eq`)).status).toBe(400);
    const fn = await filter(A.entitySetName, `tolower(${A.col.name}) eq 'x'`);
    expect(fn.status).toBe(400);
    expect(fn.json.error.message).toMatch(/^An unknown function with name 'tolower' was found/);
  });
});

describe('§7.5 $orderby, $top, $count, $expand, $skip', () => {
  test('$orderby several columns, asc and desc', async () => {
    const r = await api.get(
      `${S.entitySetName}?$select=${S.col.name}&$orderby=${S.col.autoRenew} desc,${S.col.quantity} asc`,
    );
    expect(names(r, S.col.name)).toEqual(['Sub A', 'Sub D', 'Sub B', 'Sub C']);
  });

  test('choice columns sort by label, not by number [I]', async () => {
    const r = await api.get(
      `${S.entitySetName}?$select=${S.col.name}&$orderby=${S.col.subscriptionStatus},${S.col.name}`,
    );
    // Active, Active, Cancelled, Suspended (alphabetical labels)
    expect(names(r, S.col.name)).toEqual(['Sub A', 'Sub D', 'Sub C', 'Sub B']);
  });

  test('$top limits the rows and gives no nextLink', async () => {
    const r = await api.get(`${A.entitySetName}?$select=${A.col.name}&$orderby=${A.col.name}&$top=2`);
    expect(r.json.value).toHaveLength(2);
    expect(r.json['@odata.nextLink']).toBeUndefined();
  });

  test('$count=true adds @odata.count; /$count answers a plain number', async () => {
    const r = await api.get(
      `${A.entitySetName}?$select=${A.col.name}&$count=true&$top=1&$filter=${enc(`startswith(${A.col.name},'f')`)}`,
    );
    expect(r.json['@odata.count']).toBe(2);
    expect(r.json.value).toHaveLength(1);
    const c = await api.get(`${S.entitySetName}/$count`);
    expect(c.status).toBe(200);
    expect(c.headers['content-type']).toMatch(/^text\/plain/);
    expect(c.text).toBe('4');
  });

  test('$skip is refused', async () => {
    const r = await api.get(`${A.entitySetName}?$skip=2`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('The query parameter $skip is not supported');
  });

  test('$expand of a single-valued navigation property with a nested $select', async () => {
    const r = await api.get(
      `${A.entitySetName}(${accountIds.Fabrikam})?$select=${A.col.name}&$expand=${A.nav.parentAccount}($select=${A.col.name},${A.col.accountNumber})`,
    );
    expect(r.status).toBe(200);
    expect(r.json[A.nav.parentAccount]).toMatchObject({
      [A.col.id]: parent,
      [A.col.name]: 'Parent Holdings',
      [A.col.accountNumber]: 'P-0',
    });
    expect(r.json[A.nav.parentAccount]['@odata.etag']).toMatch(/^W\//);
    const none = await api.get(
      `${A.entitySetName}(${accountIds.Contoso})?$select=${A.col.name}&$expand=${A.nav.parentAccount}($select=${A.col.name})`,
    );
    expect(none.json[A.nav.parentAccount]).toBeNull();
  });

  test('$expand of a collection with nested $select;$filter;$orderby;$top, and a nested single-valued $expand', async () => {
    const lookup = S.columns.find((c) => c.logicalName === S.col.customer)!;
    const nav = lookup.type === 'lookup' ? lookup.targets[0].relationshipName : '';
    const opts = `$select=${S.col.name},${S.col.quantity};$filter=${enc(`${S.col.quantity} gt 1`)};$orderby=${S.col.quantity} desc;$top=2;$expand=${S.nav.provider}($select=${P.col.name})`;
    const r = await api.get(`${A.entitySetName}(${accountIds.Contoso})?$select=${A.col.name}&$expand=${nav}(${opts})`);
    expect(r.status).toBe(200);
    const related = r.json[nav] as Record<string, unknown>[];
    expect(related.map((x) => x[S.col.name])).toEqual(['Sub B', 'Sub D']);
    expect(related[0][S.nav.provider]).toMatchObject({ [P.col.name]: 'TechData' });
  });

  test('an unknown navigation property in $expand is a 400', async () => {
    expect((await api.get(`${A.entitySetName}?$expand=nosuchnav`)).status).toBe(400);
  });
});

describe('§7.6 paging', () => {
  test('odata.maxpagesize: Preference-Applied, an opaque $skiptoken nextLink, every row once, $top ignored', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${A.entitySetName}?$select=${A.col.name}&$orderby=${A.col.name}&$top=1`;
    let pages = 0;
    while (url) {
      const r = await api.request('GET', url, { headers: { Prefer: 'odata.maxpagesize=3' } });
      expect(r.status).toBe(200);
      expect(r.headers['preference-applied']).toBe('odata.maxpagesize=3');
      expect(r.json.value.length).toBeLessThanOrEqual(3);
      seen.push(...(names(r) as string[]));
      url = r.json['@odata.nextLink'];
      if (url) expect(url).toMatch(/[?&]\$skiptoken=/);
      pages += 1;
      if (pages === 1) await api.create(A.entitySetName, { [A.col.name]: 'AAA created while paging' }); // sorts before the cursor
    }
    const all = names(await api.get(`${A.entitySetName}?$select=${A.col.name}&$orderby=${A.col.name}`));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.filter((n) => n !== 'AAA created while paging'));
    expect(pages).toBeGreaterThan(2);
  });

  test('a nextLink with a changed query is refused rather than silently answering another page', async () => {
    const r = await api.get(`${A.entitySetName}?$select=${A.col.name}&$orderby=${A.col.name}`, {
      Prefer: 'odata.maxpagesize=2',
    });
    const next: string = r.json['@odata.nextLink'];
    const bad = await api.request('GET', next.replace(`$orderby=${A.col.name}`, `$orderby=${A.col.accountNumber}`), {
      headers: { Prefer: 'odata.maxpagesize=2' },
    });
    expect(bad.status).toBe(400);
  });

  test('without the preference, pages are 5000 rows [C]', async () => {
    const J = Tables.syncJobItem;
    const job = await api.create(Tables.syncJob.entitySetName, {
      [Tables.syncJob.col.name]: 'job',
      [Tables.syncJob.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [Tables.syncJob.col.jobStatus]: Choices.syncJobStatus.Running,
    });
    // 5003 rows through $batch requests of 1000 (faster than 5003 round trips).
    let made = 0;
    while (made < 5003) {
      const n = Math.min(1000, 5003 - made);
      const parts: string[] = [];
      for (let i = 0; i < n; i += 1) {
        parts.push(
          `--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPOST ${J.entitySetName} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(
            {
              [J.col.name]: `item ${made + i}`,
              [J.col.code]: 'X',
              [J.col.severity]: Choices.severity.Info,
              [`${J.nav.syncJob}@odata.bind`]: `/${Tables.syncJob.entitySetName}(${job})`,
            },
          )}\r\n`,
        );
      }
      const r = await api.request('POST', '$batch', {
        body: `${parts.join('')}--b--\r\n`,
        raw: true,
        headers: { 'Content-Type': 'multipart/mixed; boundary=b' },
      });
      expect(r.status).toBe(200);
      made += n;
    }
    const first = await api.get(`${J.entitySetName}?$select=${J.col.name}`);
    expect(first.json.value).toHaveLength(5000);
    expect(first.headers['preference-applied']).toBeUndefined();
    const second = await api.request('GET', first.json['@odata.nextLink']);
    expect(second.json.value).toHaveLength(3);
    expect(second.json['@odata.nextLink']).toBeUndefined();
    const counted = await api.get(`${J.entitySetName}?$select=${J.col.name}&$count=true&$top=1`);
    expect(counted.json['@odata.count']).toBe(5000); // [C] capped at 5000
  });
});

describe('§7.7 annotations only when asked', () => {
  test('no annotations without the Prefer header', async () => {
    const r = await api.get(`${S.entitySetName}?$top=1`);
    expect(Object.keys(r.json.value[0]).filter((k) => k.includes('@') && k !== '@odata.etag')).toEqual([]);
    expect(r.headers['preference-applied']).toBeUndefined();
  });

  test('include-annotations="*": FormattedValue for choices, booleans, money, dates, numbers and lookups; lookuplogicalname; associatednavigationproperty', async () => {
    const r = await api.get(`${S.entitySetName}?$filter=${enc(`${S.col.name} eq 'Sub C'`)}`, {
      Prefer: 'odata.include-annotations="*"',
    });
    expect(r.headers['preference-applied']).toBe('odata.include-annotations="*"');
    const row = r.json.value[0];
    const F = '@OData.Community.Display.V1.FormattedValue';
    expect(row[`${S.col.subscriptionStatus}${F}`]).toBe('Cancelled');
    expect(row[`${S.col.autoRenew}${F}`]).toBe('No');
    expect(row[`${S.col.unitPrice}${F}`]).toBe('$1,234.50');
    expect(row[`${S.col.startDate}${F}`]).toBe('11/30/2023');
    expect(row[`${S.col.quantity}${F}`]).toBe('1');
    expect(row[`${S.col.stateCode}${F}`]).toBe('Active');
    expect(row[`${S.val.provider}${F}`]).toBe('TechData');
    expect(row[`${S.val.provider}@Microsoft.Dynamics.CRM.lookuplogicalname`]).toBe(P.logicalName);
    expect(row[`${S.val.provider}@Microsoft.Dynamics.CRM.associatednavigationproperty`]).toBe(S.nav.provider);
    // null lookups carry no annotations
    expect(row).not.toHaveProperty(`${S.val.product}${F}`);
  });

  test('asking for FormattedValue only gives no lookuplogicalname', async () => {
    const r = await api.get(`${S.entitySetName}?$top=1`, {
      Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
    });
    const keys = Object.keys(r.json.value[0]);
    expect(keys.some((k) => k.endsWith('@OData.Community.Display.V1.FormattedValue'))).toBe(true);
    expect(keys.some((k) => k.endsWith('@Microsoft.Dynamics.CRM.lookuplogicalname'))).toBe(false);
  });
});
