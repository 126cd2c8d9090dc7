/**
 * Issue 13, fault 2: field security holds on every read path, as the imported field security profiles
 * say. The app shell's client (`w365-app-shell`, in no profile) walks every way the Web API reads a row
 * (the record, $select, a property, its $value, $filter, $orderby, $count, navigation paths, $expand,
 * the query functions, paging tokens, $batch) and never sees a secured value, nor learns one from which
 * rows match or in which order they come. The service client, in the profile, reads them (so the walk
 * is not vacuous).
 */
import { RELATIONSHIPS, Tables } from '../../../solution/schema';
import { DEFAULT_APP_SHELL_CLIENT } from '../../../emulators/dataverse';
import { startApi, type Api, type RawResponse } from './helpers';

const P = Tables.provider;
const PP = Tables.providerProperty;
const SECRET_A = 'Zx9+Qw/Er7=TopSecretA';
const SECRET_B = 'Aa1-first-in-order-B';
const TOKENS = '{"refresh":"rt-never-in-a-browser","access":"at-never-in-a-browser"}';
const SECRETS = [SECRET_A, SECRET_B, 'rt-never-in-a-browser', 'at-never-in-a-browser'];

let api: Api;
let shellToken: string;
let providerA: string;
let providerB: string;

beforeAll(async () => {
  api = await startApi();
  shellToken = api.emu.getToken(DEFAULT_APP_SHELL_CLIENT.clientId);
  // The service client (first, in the Work 365 Sync Service Secrets profile) writes the secrets.
  providerA = await api.create(P.entitySetName, {
    [P.col.name]: 'B provider',
    [P.col.internalName]: 'x',
    [P.col.password]: SECRET_A,
    [P.col.tokenState]: TOKENS,
  });
  providerB = await api.create(P.entitySetName, {
    [P.col.name]: 'A provider',
    [P.col.internalName]: 'x',
    [P.col.password]: SECRET_B,
  });
  await api.create(PP.entitySetName, {
    [PP.col.name]: 'SOIN',
    [PP.col.value]: '1',
    [`${PP.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerA})`,
  });
});
afterAll(() => api.close());

const asShell = (path: string, headers: Record<string, string> = {}) =>
  api.request('GET', path, { token: shellToken, headers });

function leaksNothing(r: RawResponse): void {
  for (const s of SECRETS) {
    expect(r.text).not.toContain(s);
    expect(r.text).not.toContain(encodeURIComponent(s));
  }
}

/** Ids a query returns, in order. */
async function ids(path: string): Promise<string[]> {
  const r = await asShell(path);
  expect(r.status).toBe(200);
  leaksNothing(r);
  return (r.json.value as Record<string, string>[]).map((x) => x[P.col.id] ?? x[PP.col.id]);
}

describe('the service client, in the profile', () => {
  it('reads the secrets (the walk below is not vacuous)', async () => {
    const r = await api.get(`${P.entitySetName}(${providerA})?$select=${P.col.password},${P.col.tokenState}`);
    expect(r.json).toMatchObject({ [P.col.password]: SECRET_A, [P.col.tokenState]: TOKENS });
    const v = await api.get(`${P.entitySetName}(${providerA})/${P.col.password}/$value`);
    expect(v.text).toBe(SECRET_A);
    expect(
      await api.get(
        `${P.entitySetName}?$filter=${P.col.password} eq '${encodeURIComponent(SECRET_A)}'&$select=${P.col.id}`,
      ),
    ).toMatchObject({
      json: { value: [expect.objectContaining({ [P.col.id]: providerA })] },
    });
  });
});

describe('the app shell client, in no profile', () => {
  it('reads the record, its $select and its properties as null', async () => {
    for (const path of [
      `${P.entitySetName}(${providerA})`,
      `${P.entitySetName}(${providerA})?$select=${P.col.password},${P.col.tokenState}`,
      `${P.entitySetName}?$select=${P.col.password}`,
    ]) {
      const r = await asShell(path, { Prefer: 'odata.include-annotations="*"' });
      expect(r.status).toBe(200);
      leaksNothing(r);
    }
    const prop = await asShell(`${P.entitySetName}(${providerA})/${P.col.password}`);
    expect(prop.json.value).toBeNull();
  });

  it('gets no $value of a secured column (as for a null value: 204, no body)', async () => {
    for (const column of [P.col.password, P.col.tokenState]) {
      const r = await asShell(`${P.entitySetName}(${providerA})/${column}/$value`);
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    }
  });

  it('cannot test a secret with $filter: a right guess and a wrong one answer the same', async () => {
    const right = SECRET_A.slice(0, 3);
    const filters = (guess: string) => [
      `startswith(${P.col.password},'${encodeURIComponent(guess)}')`,
      `contains(${P.col.password},'${encodeURIComponent(guess)}')`,
      `${P.col.password} eq '${encodeURIComponent(guess)}'`,
      `${P.col.password} gt '${encodeURIComponent(guess)}'`,
      `Microsoft.Dynamics.CRM.In(PropertyName='${P.col.password}',PropertyValues=['${encodeURIComponent(guess)}'])`,
    ];
    for (const [i, f] of filters(right).entries()) {
      expect(await ids(`${P.entitySetName}?$select=${P.col.id}&$filter=${f}`)).toEqual([]);
      expect(await ids(`${P.entitySetName}?$select=${P.col.id}&$filter=${filters('qqq')[i]}`)).toEqual([]);
    }
    // To this client a secured column is null on every row, and only null.
    expect(await ids(`${P.entitySetName}?$select=${P.col.id}&$filter=${P.col.password} ne null`)).toEqual([]);
    expect((await ids(`${P.entitySetName}?$select=${P.col.id}&$filter=${P.col.password} eq null`)).sort()).toEqual(
      [providerA, providerB].sort(),
    );
    const count = await asShell(`${P.entitySetName}/$count?$filter=startswith(${P.col.password},'${right}')`);
    expect(count.text).toBe('0');
  });

  it('cannot test a secret through a navigation path, an $expand filter, or a lambda', async () => {
    const nav = `${PP.nav.provider}/${P.col.password}`;
    expect(
      await ids(`${PP.entitySetName}?$select=${PP.col.id}&$filter=startswith(${nav},'${SECRET_A.slice(0, 2)}')`),
    ).toEqual([]);
    const expanded = await asShell(
      `${PP.entitySetName}?$expand=${PP.nav.provider}($select=${P.col.password},${P.col.tokenState})`,
    );
    expect(expanded.status).toBe(200);
    leaksNothing(expanded);
    const rel = RELATIONSHIPS.find(
      (r) => r.referencingTable === PP.logicalName && r.referencedTable === P.logicalName,
    )!.referencedNavigationProperty;
    const inner = await asShell(`${P.entitySetName}(${providerA})?$expand=${rel}($select=${PP.col.name})`);
    leaksNothing(inner);
    expect(
      await ids(
        `${P.entitySetName}?$select=${P.col.id}&$filter=${rel}/any(p: p/${PP.col.name} eq 'SOIN') and startswith(${P.col.password},'Z')`,
      ),
    ).toEqual([]);
  });

  it('learns nothing from $orderby, and its paging tokens carry no secret', async () => {
    const up = await ids(`${P.entitySetName}?$select=${P.col.id}&$orderby=${P.col.password} asc`);
    const down = await ids(`${P.entitySetName}?$select=${P.col.id}&$orderby=${P.col.password} desc`);
    // Sorting by the secret would put B (Aa1...) first one way and last the other; unreadable, it sorts nothing.
    expect(up).toEqual(down);
    const paged = await asShell(`${P.entitySetName}?$select=${P.col.id}&$orderby=${P.col.password}`, {
      Prefer: 'odata.maxpagesize=1',
    });
    const token = decodeURIComponent(/\$skiptoken=([^&]+)/.exec(String(paged.json['@odata.nextLink']))![1]);
    for (const s of SECRETS) expect(Buffer.from(token, 'base64url').toString('utf8')).not.toContain(s);
  });

  it('gets the same answers inside a $batch', async () => {
    const parts = [
      `${P.entitySetName}(${providerA})/${P.col.password}/$value`,
      `${P.entitySetName}(${providerA})?$select=${P.col.password},${P.col.tokenState}`,
      `${P.entitySetName}?$select=${P.col.id}&$filter=startswith(${P.col.password},'Zx9')`,
    ]
      .map(
        (url) =>
          `--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET /api/data/v9.2/${url} HTTP/1.1\r\n\r\n`,
      )
      .join('');
    const r = await api.request('POST', '$batch', {
      token: shellToken,
      raw: true,
      body: `${parts}--b--\r\n`,
      headers: { 'Content-Type': 'multipart/mixed; boundary="b"' },
    });
    expect(r.status).toBe(200);
    leaksNothing(r);
    expect(r.text).toContain('HTTP/1.1 204');
    expect(r.text).toContain('"value":[]');
  });
});
