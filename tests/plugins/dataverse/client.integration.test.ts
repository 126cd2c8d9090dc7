/** The Dataverse access layer against the emulator: literals escaped, paging, batches, compare-before-write. */
import { Tables } from '../../../solution/schema';
import { DataverseClient } from '../../../plugins/dataverse/client';
import { StaticTokenProvider } from '../../../plugins/dataverse/auth';
import { diff } from '../../../plugins/dataverse/diff';
import { eq, keySegment } from '../../../plugins/dataverse/odata';
import { bind, createRow } from '../../../plugins/dataverse/intents';
import { RequestCounter } from '../../../plugins/dataverse/observer';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { shippedSolutionZip } from '../../helpers/solution-zip';

const A = Tables.account;
const PA = Tables.providerAccount;
const P = Tables.provider;

describe('Dataverse access layer', () => {
  let emulator: DataverseEmulator;
  let dv: DataverseClient;
  beforeAll(async () => {
    emulator = await startDataverseEmulator({ solutions: [await shippedSolutionZip()] });
    dv = new DataverseClient({
      webApiUrl: emulator.webApiUrl,
      tokenProvider: new StaticTokenProvider(emulator.getToken()),
      ca: emulator.caPem,
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("finds and addresses a customer called O'Brien & Sons by filter and by alternate key", async () => {
    const name = "O'Brien & Sons";
    const accountId = await dv.create(A.entitySetName, { [A.col.name]: name });
    expect(
      (await dv.all(A.entitySetName, { select: [A.col.id], filter: eq(A.col.name, name) })).map((r) => r[A.col.id]),
    ).toEqual([accountId]);
    expect(await dv.all(A.entitySetName, { select: [A.col.id], filter: eq(A.col.name, "O'Brien") })).toEqual([]);
    const providerId = await dv.create(P.entitySetName, { [P.col.name]: 'p', [P.col.internalName]: 'x' });
    const key = keySegment(PA, 'w365_provideraccount_providerid', {
      w365_providerid: { guid: providerId },
      w365_providerspecificid: "O'B&S/1?#",
    });
    await dv.create(PA.entitySetName, {
      [PA.col.name]: name,
      [PA.col.providerSpecificId]: "O'B&S/1?#",
      [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
    });
    const row = await dv.retrieve(PA.entitySetName, key, [PA.col.name]);
    expect(row?.[PA.col.name]).toBe(name);
  });

  it('pages through more rows than one page holds, following nextLink with the same page size', async () => {
    await dv.writeUnits(
      Array.from({ length: 250 }, (_, i) => ({
        tag: i,
        intents: [createRow(A, { values: { [A.col.name]: `Paging ${String(i).padStart(3, '0')}` } })],
      })),
    );
    const pages: number[] = [];
    for await (const page of dv.pages(
      A.entitySetName,
      { select: [A.col.name], filter: `startswith(${A.col.name},'Paging ')` },
      { pageSize: 100 },
    ))
      pages.push(page.length);
    expect(pages).toEqual([100, 100, 50]);
  });

  it('writes units in batches of change sets: a failing unit rolls back alone, the others land', async () => {
    const providerId = await dv.create(P.entitySetName, { [P.col.name]: 'batch', [P.col.internalName]: 'x' });
    const account = (name: string, key: string) =>
      createRow(PA, {
        values: { [PA.col.name]: name, [PA.col.providerSpecificId]: key },
        lookups: { [PA.col.provider]: bind(P, providerId) },
      });
    const results = await dv.writeUnits(
      [
        { tag: 'a', intents: [account('A', 'A')] },
        // Two rows with the same key in one change set: the second fails, the first is rolled back with it.
        { tag: 'dup', intents: [account('B', 'B'), account('B again', 'B')] },
        { tag: 'c', intents: [account('C', 'C')] },
      ],
      { maxOperationsPerBatch: 2 },
    );
    expect(results.map((r) => [r.tag, r.ok])).toEqual([
      ['a', true],
      ['dup', false],
      ['c', true],
    ]);
    expect(results[1].error?.code).toBe('0x80060892');
    const ids = (
      await dv.all(PA.entitySetName, {
        select: [PA.col.providerSpecificId],
        filter: eq(PA.val.provider, { guid: providerId }),
      })
    )
      .map((r) => r[PA.col.providerSpecificId])
      .sort();
    expect(ids).toEqual(['A', 'C']);
  });

  it('compares before writing: an unchanged row costs no write', async () => {
    const id = await dv.create(A.entitySetName, { [A.col.name]: 'Same', [A.col.websiteUrl]: 'https://same.example' });
    const current = (await dv.retrieve(A.entitySetName, id, [A.col.name, A.col.websiteUrl]))!;
    expect(
      diff(A, current, { values: { [A.col.name]: 'Same', [A.col.websiteUrl]: 'https://same.example' } }),
    ).toBeNull();
    expect(diff(A, current, { values: { [A.col.name]: 'Same', [A.col.websiteUrl]: 'https://other.example' } })).toEqual(
      { values: { [A.col.websiteUrl]: 'https://other.example' }, lookups: {} },
    );
  });

  it('retries Dataverse 429s, honouring Retry-After, and gives up with a coded error once its throttle budget and tries are spent', async () => {
    emulator.setLimits({ requestsPerWindow: 2, windowInMs: 1000 });
    const requests = new RequestCounter();
    const fast = new DataverseClient({
      webApiUrl: emulator.webApiUrl,
      tokenProvider: new StaticTokenProvider(emulator.getToken()),
      ca: emulator.caPem,
      observer: requests,
    });
    for (let i = 0; i < 5; i++) await fast.whoAmI();
    expect(requests.stats().retries).toBeGreaterThan(0);
    const impatient = new DataverseClient({
      webApiUrl: emulator.webApiUrl,
      tokenProvider: new StaticTokenProvider(emulator.getToken()),
      ca: emulator.caPem,
      retry: { maxTries: 1, throttleBudgetInMs: 0 },
    });
    const errors = await Promise.allSettled([1, 2, 3, 4].map(() => impatient.whoAmI()));
    emulator.setLimits(undefined);
    expect(
      errors.some((e) => e.status === 'rejected' && (e.reason as { code: string }).code === 'DATAVERSE_THROTTLED'),
    ).toBe(true);
  });
});
