/**
 * The emulator gets its tables by importing the solution zip, through the Web API actions an admin's
 * tools call (ImportSolution, ImportSolutionAsync), and refuses what a real import refuses, with the
 * platform's import error codes. Zips are the shipped build, edited where a case needs a defect.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImportCodes } from '../../../emulators/dataverse';
import { buildSolution, readZip, writeZip } from '../../../solution/packer';
import { SOLUTION_UNIQUE_NAME } from '../../../solution/version';
import { Choices, Tables } from '../../../solution/schema';
import { shippedSolutionZip } from '../../helpers/solution-zip';
import { GUID_RE, startApi, type Api } from './helpers';

const P = Tables.provider;

/** The shipped zip with `from` replaced by `to` in one part (which must contain it). */
async function edited(zip: Buffer, part: string, from: string | RegExp, to: string): Promise<Buffer> {
  const files = (await readZip(zip)).map((f) => {
    if (f.path !== part) return f;
    const text = f.data.toString('utf8');
    const next = text.replace(from, to);
    if (next === text) throw new Error(`test setup: ${String(from)} not in ${part}`);
    return { path: f.path, data: Buffer.from(next, 'utf8') };
  });
  return writeZip(files);
}

const importSolution = (api: Api, zip: Buffer, action = 'ImportSolution') =>
  api.post(action, {
    CustomizationFile: zip.toString('base64'),
    OverwriteUnmanagedCustomizations: false,
    PublishWorkflows: false,
  });

async function asyncDone(api: Api, id: string) {
  for (let i = 0; i < 200; i += 1) {
    const r = await api.get(`asyncoperations(${id})?$select=statecode,statuscode,message,friendlymessage`);
    if (r.json.statecode === 3) return r.json;
    await new Promise((x) => setTimeout(x, 25));
  }
  throw new Error('the import job never completed');
}

let zip: Buffer;
beforeAll(async () => {
  zip = await shippedSolutionZip();
});

describe('an empty environment', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ solutions: [] });
  });
  afterAll(() => api.close());

  it('has the platform tables but none of ours until the solution is imported', async () => {
    expect((await api.get('accounts?$top=1')).status).toBe(200);
    expect((await api.get(`${P.entitySetName}?$top=1`)).status).toBe(404);
    const r = await importSolution(api, zip);
    expect(r.status).toBe(204);
    expect((await api.get(`${P.entitySetName}?$top=1`)).status).toBe(200);
    const solutions = await api.get(
      `solutions?$filter=uniquename eq '${SOLUTION_UNIQUE_NAME}'&$select=version,ismanaged`,
    );
    expect(solutions.json.value).toEqual([expect.objectContaining({ version: '1.0.0.0', ismanaged: true })]);
    // Our columns on Microsoft's tables arrive with it.
    expect((await api.get(`accounts?$select=${Tables.account.col.tenantId}`)).status).toBe(200);
  });

  it('refuses the unmanaged zip over the installed managed solution', async () => {
    const built = await buildUnmanaged();
    const r = await importSolution(api, built);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(ImportCodes.UnmanagedOverManaged);
    expect(r.json.error.message).toContain('already installed on this system as a managed solution');
  });

  it('refuses an unmanaged solution that changes a managed, non-customizable option set', async () => {
    const optionSet = /<optionset Name="w365_providertype"[\s\S]*?<\/optionset>/.exec(
      await part(zip, 'customizations.xml'),
    )![0];
    const r = await importSolution(api, await miniSolution('ContosoTweaks', `<optionsets>${optionSet}</optionsets>`));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(ImportCodes.Generic);
    expect(r.json.error.message).toContain(
      `The option set w365_providertype belongs to the managed solution ${SOLUTION_UNIQUE_NAME} and is not customizable`,
    );
  });

  it('refuses another solution that creates a table of the same name', async () => {
    const provider = /<Entity>\s*<Name LocalizedName="Provider"[\s\S]*?<\/Entity>/.exec(
      await part(zip, 'customizations.xml'),
    )![0];
    const r = await importSolution(api, await miniSolution('ContosoTweaks', `<Entities>${provider}</Entities>`));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe(ImportCodes.DuplicateEntity);
  });
});

const part = async (z: Buffer, name: string) => (await readZip(z)).find((f) => f.path === name)!.data.toString('utf8');

/** A small unmanaged solution of another publisher, carrying `customizations` (inside ImportExportXml). */
async function miniSolution(uniqueName: string, customizations: string): Promise<Buffer> {
  const manifest = `<?xml version="1.0" encoding="utf-8"?><ImportExportXml version="9.1.0.643" SolutionPackageVersion="9.1" languagecode="1033" generatedBy="CrmLive"><SolutionManifest><UniqueName>${uniqueName}</UniqueName><LocalizedNames><LocalizedName description="${uniqueName}" languagecode="1033" /></LocalizedNames><Version>1.0.0.0</Version><Managed>0</Managed><Publisher><UniqueName>contoso</UniqueName><CustomizationPrefix>w365</CustomizationPrefix><CustomizationOptionValuePrefix>36500</CustomizationOptionValuePrefix></Publisher><RootComponents /><MissingDependencies /></SolutionManifest></ImportExportXml>`;
  return writeZip([
    { path: '[Content_Types].xml', data: Buffer.from(await part(zip, '[Content_Types].xml'), 'utf8') },
    { path: 'solution.xml', data: Buffer.from(manifest, 'utf8') },
    {
      path: 'customizations.xml',
      data: Buffer.from(
        `<?xml version="1.0" encoding="utf-8"?><ImportExportXml>${customizations}</ImportExportXml>`,
        'utf8',
      ),
    },
  ]);
}

let unmanagedZip: Buffer | undefined;
async function buildUnmanaged(): Promise<Buffer> {
  if (unmanagedZip) return unmanagedZip;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-unmanaged-'));
  const built = await buildSolution({ outDir: dir, pcfOutputDirs: [], webResources: [], ribbons: {} });
  unmanagedZip = await fs.readFile(built.unmanagedZip);
  await fs.rm(dir, { recursive: true, force: true });
  return unmanagedZip;
}

describe('refusals with the platform error codes', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ solutions: [] });
  });
  afterAll(() => api.close());

  const refused = async (z: Buffer) => {
    const r = await importSolution(api, z);
    expect(r.status).toBe(400);
    expect((await api.get(`${P.entitySetName}?$top=1`)).status).toBe(404); // nothing was created
    return r.json.error as { code: string; message: string };
  };

  it('a custom attribute without the publisher prefix (the currency lookup 51c4da1 put on Billing Contract)', async () => {
    const bc = Tables.billingContract.schemaName;
    const currency = `<attribute PhysicalName="TransactionCurrencyId"><Type>lookup</Type><Name>transactioncurrencyid</Name><LogicalName>transactioncurrencyid</LogicalName><RequiredLevel>none</RequiredLevel><ValidForUpdateApi>1</ValidForUpdateApi><ValidForReadApi>1</ValidForReadApi><ValidForCreateApi>1</ValidForCreateApi><IsCustomField>0</IsCustomField><LookupStyle>single</LookupStyle><LookupTypes /><displaynames><displayname description="Currency" languagecode="1033" /></displaynames></attribute>`;
    const z = await edited(
      zip,
      'customizations.xml',
      new RegExp(`(<entity Name="${bc}">[\\s\\S]*?<attributes>)`),
      `$1${currency}`,
    );
    const error = await refused(z);
    expect(error.code).toBe(ImportCodes.AttributeName);
    expect(error.message).toBe(
      'Invalid name for attribute transactioncurrencyid.  Custom attribute names must start with a valid customization prefix. The prefix for a solution component should match the prefix that is specified for the publisher of the solution.',
    );
  });

  it('a key over the 900-byte index limit', async () => {
    const z = await edited(
      zip,
      'customizations.xml',
      /(<LogicalName>w365_runlock<\/LogicalName>[\s\S]*?<MaxLength>)300(<\/MaxLength>)/,
      '$11000$2',
    );
    const error = await refused(z);
    expect(error.code).toBe(ImportCodes.Generic);
    expect(error.message).toContain('w365_syncjob_runlock of w365_syncjob needs 2000 bytes');
  });

  it('two tables of the file with one name', async () => {
    const provider = /<Entity>\s*<Name LocalizedName="Provider"[\s\S]*?<\/Entity>/.exec(
      (await readZip(zip)).find((f) => f.path === 'customizations.xml')!.data.toString('utf8'),
    )![0];
    const z = await edited(zip, 'customizations.xml', '<Entities>', `<Entities>${provider}`);
    const error = await refused(z);
    expect(error.code).toBe(ImportCodes.DuplicateEntity);
    expect(error.message).toContain('a different entity with the identical name, w365_Provider, already exists');
  });

  it('a choice whose global option set is not there', async () => {
    const z = await edited(
      zip,
      'customizations.xml',
      '<optionset Name="w365_providertype"',
      '<optionset Name="w365_providertypex"',
    );
    const error = await refused(z);
    expect(error.code).toBe(ImportCodes.OptionSetMissing);
    expect(error.message).toContain("references a non-existing global Option Set ('w365_providertype')");
  });

  it('a file that is not a solution package', async () => {
    const error = await refused(Buffer.from('not a zip'));
    expect(error.code).toBe(ImportCodes.BadZip);
  });
});

describe('without Product Management', () => {
  it('refuses the solution, naming the missing tables as the platform does', async () => {
    const api = await startApi({ solutions: [], productManagement: false });
    try {
      const r = await importSolution(api, zip);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe(ImportCodes.MissingDependencies);
      expect(r.json.error.message).toMatch(
        new RegExp(
          `^The following solution cannot be imported: ${SOLUTION_UNIQUE_NAME}\\. Some dependencies are missing\\. The missing dependencies are : <MissingDependencies>`,
        ),
      );
      for (const t of ['product', 'uom', 'uomschedule']) expect(r.json.error.message).toContain(`schemaName="${t}"`);
      expect(r.json.error.message).toContain('solution="msdynce_ProductManagement');
    } finally {
      await api.close();
    }
  });
});

describe('ImportSolutionAsync', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ solutions: [] });
  });
  afterAll(() => api.close());

  it('answers with the system job and import job, which end Succeeded and at 100 %', async () => {
    const r = await importSolution(api, zip, 'ImportSolutionAsync');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      '@odata.context': `${api.emu.webApiUrl}/$metadata#Microsoft.Dynamics.CRM.ImportSolutionAsyncResponse`,
      AsyncOperationId: expect.stringMatching(GUID_RE),
      ImportJobKey: expect.stringMatching(GUID_RE),
    });
    const done = await asyncDone(api, r.json.AsyncOperationId);
    expect(done).toMatchObject({ statecode: 3, statuscode: 30, message: null });
    const job = await api.get(`importjobs(${r.json.ImportJobKey})?$select=progress,solutionname`);
    expect(job.json).toMatchObject({ progress: 100, solutionname: SOLUTION_UNIQUE_NAME });
    expect((await api.get(`${P.entitySetName}?$top=1`)).status).toBe(200);
  });

  it('ends Failed with the refusal in the job message', async () => {
    const r = await importSolution(api, await buildUnmanaged(), 'ImportSolutionAsync');
    const done = await asyncDone(api, r.json.AsyncOperationId);
    expect(done).toMatchObject({ statecode: 3, statuscode: 31 });
    expect(done.message).toContain(ImportCodes.UnmanagedOverManaged);
    expect(done.friendlymessage).toContain('already installed on this system as a managed solution');
  });
});

describe('what ships is what runs', () => {
  it('enforces a maximum length edited in the built zip', async () => {
    const shorter = await edited(
      zip,
      'customizations.xml',
      /(<LogicalName>w365_internalname<\/LogicalName>[\s\S]*?<MaxLength>)200(<\/MaxLength>)/,
      '$112$2',
    );
    const api = await startApi({ solutions: [shorter] });
    try {
      const body = { [P.col.name]: 'p', [P.col.providerType]: Choices.providerType.Manual };
      const ok = await api.post(P.entitySetName, { ...body, [P.col.internalName]: 'x'.repeat(12) });
      expect(ok.status).toBe(204);
      const tooLong = await api.post(P.entitySetName, { ...body, [P.col.internalName]: 'x'.repeat(13) });
      expect(tooLong.status).toBe(400);
      expect(tooLong.json.error.message).toContain("exceeded the maximum allowed length of '12'");
    } finally {
      await api.close();
    }
  });

  it('keeps the exchange rate and the base-currency twins of money columns, as the platform does', async () => {
    const api = await startApi();
    try {
      const S = Tables.subscription;
      const C = Tables.transactionCurrency;
      const euro = await api.create(C.entitySetName, {
        [C.col.currencyName]: 'Euro',
        [C.col.isoCurrencyCode]: 'EUR',
        [C.col.exchangeRate]: 0.8,
      });
      const id = await api.create(S.entitySetName, {
        [S.col.name]: 's',
        [S.col.unitPrice]: 10,
        [`${S.nav.currency}@odata.bind`]: `/${C.entitySetName}(${euro})`,
      });
      const read = async () =>
        (await api.get(`${S.entitySetName}(${id})?$select=exchangerate,w365_unitprice_base,w365_unitcost_base`)).json;
      expect(await read()).toMatchObject({ exchangerate: 0.8, w365_unitprice_base: 12.5, w365_unitcost_base: null });
      await api.patch(`${S.entitySetName}(${id})`, { [S.col.unitCost]: 4 });
      expect(await read()).toMatchObject({ w365_unitprice_base: 12.5, w365_unitcost_base: 5 });
      const write = await api.patch(`${S.entitySetName}(${id})`, { w365_unitprice_base: 1 });
      expect(write.status).toBe(400);
    } finally {
      await api.close();
    }
  });

  it('keeps the import in a file database across restarts', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'w365-import-db-'));
    const dbFile = path.join(dir, 'x.db');
    try {
      const first = await startApi({ dbFile, solutions: [zip] });
      const id = await first.create(P.entitySetName, {
        [P.col.name]: 'kept',
        [P.col.internalName]: 'Providers.TechDataCspProvider',
        [P.col.providerType]: Choices.providerType.Manual,
      });
      await first.close();
      const second = await startApi({ dbFile, solutions: [] });
      try {
        expect((await second.get(`${P.entitySetName}(${id})?$select=${P.col.name}`)).json[P.col.name]).toBe('kept');
      } finally {
        await second.close();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('follows the relationships: a job deletes its items, a provider with accounts cannot be deleted', async () => {
    const api = await startApi();
    try {
      const J = Tables.syncJob;
      const I = Tables.syncJobItem;
      const job = await api.create(J.entitySetName, {
        [J.col.name]: 'j',
        [J.col.operation]: Choices.syncOperation.VerifyConnectivity,
      });
      await api.create(I.entitySetName, {
        [I.col.name]: 'i',
        [I.col.code]: 'X',
        [I.col.severity]: Choices.severity.Warning,
        [`${I.nav.syncJob}@odata.bind`]: `/${J.entitySetName}(${job})`,
      });
      expect((await api.del(`${J.entitySetName}(${job})`)).status).toBe(204);
      expect((await api.get(`${I.entitySetName}?$select=${I.col.name}`)).json.value).toEqual([]);
      const provider = await api.create(P.entitySetName, {
        [P.col.name]: 'p',
        [P.col.internalName]: 'x',
        [P.col.providerType]: Choices.providerType.Manual,
      });
      const PA = Tables.providerAccount;
      await api.create(PA.entitySetName, {
        [PA.col.name]: 'a',
        [PA.col.providerSpecificId]: '1',
        [PA.col.mappingStatus]: Choices.mappingStatus.NotSetup,
        [`${PA.nav.provider}@odata.bind`]: `/${P.entitySetName}(${provider})`,
      });
      const refused = await api.del(`${P.entitySetName}(${provider})`);
      expect(refused.status).toBe(400);
      expect((await api.get(`${P.entitySetName}(${provider})`)).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
