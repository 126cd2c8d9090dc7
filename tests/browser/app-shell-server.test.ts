/**
 * The app shell's server, over HTTP (no browser): the Web API proxy holds the only token and it is the
 * `w365-app-shell` client's (secured columns read as null and cannot be written), paths outside the
 * Web API and outside the served folders are refused even when sent raw, the emulator's absolute URLs
 * come back as the shell's own, the web resources served are the ones the solution packs, and the
 * command bars are read from the shipped RibbonDiffXml.
 */
import http from 'node:http';
import path from 'node:path';
import { Choices, Tables } from '../../solution/schema';
import { PROVIDER_RIBBON_JS, SYNC_JOB_RIBBON_JS } from '../../solution/ribbon';
import { buildWebResources } from '../../webresources/build';
import { DEMO_TECHDATA_PROVIDER } from '../../emulators/embedded';
import type { AppMeta } from '../../emulators/app-shell/shared/metadata';
import { launchBrowser, startProduct, type Product } from './helpers/product';

jest.setTimeout(60_000);

let product: Product;
beforeAll(async () => {
  product = await startProduct();
});
afterAll(async () => {
  await product?.close();
});

/** A request with the path sent exactly as given (no client-side normalisation of `..`). */
function raw(
  method: string,
  pathAsIs: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const url = new URL(product.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: pathAsIs,
        headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}

const providerId = () => product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];
const P = Tables.provider;

describe('the Web API proxy', () => {
  it('reads secured columns as null, whatever Authorization the page sends', async () => {
    // The whole row, as the form reads it (a request naming a secured column is refused outright:
    // tests/emulators/app-shell/request-checks.test.ts).
    const res = await raw('GET', `/api/data/v9.2/${P.entitySetName}(${providerId()})`, undefined, {
      authorization: 'Bearer not-a-token',
    });
    expect(res.status).toBe(200);
    const row = JSON.parse(res.text);
    expect(row[P.col.name]).toBe(DEMO_TECHDATA_PROVIDER);
    expect(row[P.col.password]).toBeNull();
    expect(row[P.col.tokenState]).toBeNull();
    // The service's own client reads the secret: it is there, just not for the shell.
    const asService = await product.service.dv.retrieve(P.entitySetName, providerId(), [P.col.password]);
    expect(asService?.[P.col.password]).toEqual(expect.any(String));
  });

  it('cannot write a secured column', async () => {
    const before = await product.service.dv.retrieve(P.entitySetName, providerId(), [P.col.password]);
    const res = await raw('PATCH', `/api/data/v9.2/${P.entitySetName}(${providerId()})`, {
      [P.col.password]: 'stolen',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    const after = await product.service.dv.retrieve(P.entitySetName, providerId(), [P.col.password]);
    expect(after?.[P.col.password]).toBe(before?.[P.col.password]);
  });

  it.each([
    '/api/data/v9.2/../../_emulator/stats',
    '/api/data/v9.2/%2e%2e/%2e%2e/_emulator/stats',
    '/api/data/v9.2/..%2f..%2f_emulator/stats',
  ])('refuses %s', async (p) => {
    const res = await raw('GET', p);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('requests');
  });

  it('answers with the shell’s own URLs (entity ids, next links), so the page never sees the emulator', async () => {
    const created = await raw('POST', `/api/data/v9.2/${Tables.syncJob.entitySetName}`, {
      [Tables.syncJob.col.name]: 'proxy test',
      [Tables.syncJob.col.operation]: Choices.syncOperation.VerifyConnectivity,
      [`${Tables.syncJob.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId()})`,
    });
    expect(created.status).toBe(204);
    expect(created.headers['odata-entityid']).toMatch(
      new RegExp(`^${product.url}/api/data/v9\\.2/${Tables.syncJob.entitySetName}\\([0-9a-f-]{36}\\)$`),
    );
    const page = await raw('GET', `/api/data/v9.2/${Tables.account.entitySetName}?$select=name`, undefined, {
      prefer: 'odata.maxpagesize=5',
    });
    const next = JSON.parse(page.text)['@odata.nextLink'] as string;
    expect(next.startsWith(`${product.url}/api/data/v9.2/`)).toBe(true);
    expect(page.text).not.toContain(product.embedded.emulator.url);
    // As with Dataverse, the next page is asked for with the same page size preference.
    const second = await raw('GET', next.slice(product.url.length), undefined, { prefer: 'odata.maxpagesize=5' });
    expect(JSON.parse(second.text).value).toHaveLength(5);
  });

  it('passes the headers the PCF grids rely on both ways: Prefer and Preference-Applied, If-Match, OData-Version, ETag', async () => {
    const A = Tables.account;
    // Formatted values and lookup annotations (the grids' datasets and searches ask for them).
    const read = await raw(
      'GET',
      `/api/data/v9.2/${P.entitySetName}(${providerId()})?$select=${P.col.name}`,
      undefined,
      { prefer: 'odata.include-annotations="*"', 'odata-version': '4.0', 'odata-maxversion': '4.0' },
    );
    expect(read.status).toBe(200);
    expect(read.headers['preference-applied']).toBe('odata.include-annotations="*"');
    expect(read.headers['odata-version']).toBe('4.0');
    // A record nobody else writes (the service may be running a job on the provider meanwhile).
    const created = await raw(
      'POST',
      `/api/data/v9.2/${A.entitySetName}?$select=${A.col.id},${A.col.name}`,
      { [A.col.name]: 'Proxy header probe' },
      { prefer: 'return=representation' },
    );
    expect(created.status).toBe(201);
    expect(created.headers['preference-applied']).toBe('return=representation');
    const row = JSON.parse(created.text) as Record<string, string>;
    expect(row[A.col.name]).toBe('Proxy header probe');
    const etag = String(created.headers.etag);
    expect(etag).toMatch(/^W\/"\d+"$/);
    const url = `/api/data/v9.2/${A.entitySetName}(${row[A.col.id]})`;
    // If-Match: * makes an update update-only (context.webAPI.updateRecord), never an upsert.
    const missing = await raw(
      'PATCH',
      `/api/data/v9.2/${A.entitySetName}(00000000-0000-0000-0000-00000000abcd)`,
      { [A.col.name]: 'x' },
      { 'if-match': '*' },
    );
    expect(missing.status).toBe(404);
    // An ETag that is no longer current is refused (optimistic concurrency), so If-Match reached Dataverse.
    expect((await raw('PATCH', url, { [A.col.name]: 'stale' }, { 'if-match': 'W/"1"' })).status).toBe(412);
    expect((await raw('PATCH', url, { [A.col.name]: 'current' }, { 'if-match': etag })).status).toBe(204);
    // A create without a preference answers with the new record's URL, as the shell's own origin.
    const plain = await raw('POST', `/api/data/v9.2/${A.entitySetName}`, { [A.col.name]: 'Proxy header probe 2' });
    expect(plain.status).toBe(204);
    expect(plain.headers['odata-entityid']).toMatch(
      new RegExp(`^${product.url}/api/data/v9\\.2/${A.entitySetName}\\([0-9a-f-]{36}\\)$`),
    );
  });
});

describe('the shell’s own routes', () => {
  it('serves the page, saying it is a development harness', async () => {
    const res = await raw('GET', '/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Development harness');
    expect(res.text).toContain('<script src="/app-shell/app.js"></script>');
  });

  it('serves the web resources byte for byte as the solution packs them', async () => {
    const built = await buildWebResources({ repoRoot: path.resolve(__dirname, '..', '..'), write: false });
    for (const r of built.resources) {
      const res = await raw('GET', `/WebResources/${r.def.name}`);
      expect(res.status).toBe(200);
      expect(res.text).toBe(Buffer.from(r.contents).toString('utf8'));
    }
  });

  it('reads the command bars from the shipped RibbonDiffXml', async () => {
    const meta = JSON.parse((await raw('GET', '/app-shell/metadata.json')).text) as AppMeta;
    const bar = (table: string, surface: string) =>
      meta.commandBars.find((b) => b.table === table && b.surface === surface);
    expect(bar(P.logicalName, 'Form')?.commands.map((c) => [c.label, c.functionName, c.parameters])).toEqual([
      ['Verify Connectivity', 'W365.ProviderRibbon.verifyConnectivity', [{ crm: 'PrimaryControl' }, { int: 180 }]],
      ['Sync Provider Accounts', 'W365.ProviderRibbon.syncProviderAccounts', [{ crm: 'PrimaryControl' }, { int: 180 }]],
      ['Sync Subscriptions', 'W365.ProviderRibbon.syncSubscriptions', [{ crm: 'PrimaryControl' }, { int: 180 }]],
      [
        'Migrate Manual Subscriptions',
        'W365.ProviderRibbon.migrateManualSubscriptions',
        [{ crm: 'PrimaryControl' }, { int: 180 }],
      ],
      ['Import Invoice', 'W365.ImportInvoiceRibbon.importInvoice', [{ crm: 'PrimaryControl' }, { int: 180 }]],
    ]);
    const grid = bar(P.logicalName, 'HomepageGrid');
    expect(grid?.label).toBe('Work 365');
    // A Manual provider's buttons stay enabled: the script answers the click with the reason.
    expect(grid?.commands[0].enableRules).toEqual([{ kind: 'selectionCount', minimum: 1, maximum: 1 }]);
    expect(bar(Tables.syncJob.logicalName, 'HomepageGrid')?.commands[0].enableRules).toEqual([
      { kind: 'selectionCount', minimum: 1, maximum: 1 },
      {
        kind: 'custom',
        library: SYNC_JOB_RIBBON_JS.name,
        functionName: 'W365.SyncJobRibbon.isSelectedJobRunning',
        parameters: [{ crm: 'SelectedControlSelectedItemIds' }],
        defaultValue: false,
        invert: false,
      },
    ]);
    expect(bar(Tables.syncJob.logicalName, 'Form')?.commands.map((c) => c.label)).toEqual(['Cancel Job']);
    expect(bar(Tables.billingContract.logicalName, 'Form')?.commands.map((c) => c.label)).toEqual([
      'Sync Subscriptions',
    ]);
    // Issue 17's review commands: Reconcile on the invoice, a bulk Accept on the variance list.
    expect(bar(Tables.distributorInvoice.logicalName, 'Form')?.commands.map((c) => [c.label, c.functionName])).toEqual([
      ['Reconcile', 'W365.InvoiceRibbon.reconcile'],
    ]);
    expect(bar(Tables.variance.logicalName, 'HomepageGrid')?.commands.map((c) => [c.label, c.enableRules])).toEqual([
      ['Accept', [{ kind: 'selectionCount', minimum: 1 }]],
    ]);
    expect(bar(Tables.variance.logicalName, 'Form')?.commands.map((c) => c.label)).toEqual(['Accept']);
    expect(meta.webResources).toEqual(expect.arrayContaining([PROVIDER_RIBBON_JS.name]));
    expect(JSON.stringify(meta)).not.toMatch(/emulator-app-shell-secret|emulator-secret-change-me/);
  });

  it('has an icon (no 404 for /favicon.ico)', async () => {
    const res = await raw('GET', '/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.text).toMatch(/^<svg /);
  });

  it('lists every public view of a table, the default first, and the charts of the dashboard it opens on', async () => {
    const meta = JSON.parse((await raw('GET', '/app-shell/metadata.json')).text) as AppMeta;
    const names = (table: string) => meta.views[table].map((v) => v.name);
    expect(names(Tables.providerAccount.logicalName)).toEqual([
      'Active Provider Accounts',
      'Inactive Provider Accounts',
      'Unmapped Provider Accounts',
    ]);
    expect(names(Tables.subscription.logicalName)).toEqual(
      expect.arrayContaining(['Active Subscriptions', 'Subscriptions Needing Attention']),
    );
    expect(names(Tables.syncJob.logicalName)).toEqual(expect.arrayContaining(['Recent Sync Jobs', 'Failed Sync Jobs']));
    const recent = meta.views[Tables.licenseChangeLog.logicalName].find((v) => v.name === 'Recent License Changes');
    expect(recent?.columns[1]).toEqual({
      name: Tables.subscription.col.customer,
      via: {
        lookup: Tables.licenseChangeLog.col.subscription,
        navigation: Tables.licenseChangeLog.nav.subscription,
        table: Tables.subscription.logicalName,
      },
    });
    expect(meta.dashboards[0].charts.map((k) => meta.charts.find((c) => c.key === k)?.name)).toEqual([
      'Sync Jobs per Day by Status',
      'License Changes per Week',
      'Subscriptions and Seats by Product',
      'Unmapped Provider Accounts per Provider',
      'Unmapped SKUs per Provider',
    ]);
  });

  it.each([
    '/pcf-host/../../../package.json',
    '/pcf-host/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/pcf/..%2f..%2f..%2fpackage.json/x',
    '/pcf/AccountMappingGrid/..%2f..%2f..%2f..%2fpackage.json',
  ])('never serves a file outside its folders: %s', async (p) => {
    const res = await raw('GET', p);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('"name": "work365-provider-sync"');
  });
});

describe('the browser tests’ launcher', () => {
  it('fails, rather than skips, when Debian’s Chromium is missing', async () => {
    await expect(launchBrowser('/nonexistent/chromium')).rejects.toThrow(
      /^BROWSER_MISSING: \/nonexistent\/chromium does not exist/,
    );
  });
});
