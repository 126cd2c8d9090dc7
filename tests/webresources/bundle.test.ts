/**
 * The built web resources themselves, as Dynamics loads them: each bundle evaluated in a fresh global
 * scope whose `Xrm` is xrm-mock with the fake Web API and whose timers run on a virtual clock. Checks
 * the sizes, that both libraries share one `W365` global, that every function the ribbon names exists,
 * that a command runs end to end through the minified code with the ribbon's own parameters, and that
 * no secured column name is anywhere in the shipped code.
 */
import vm from 'node:vm';
import { XrmPromiseMock } from 'xrm-mock/dist/xrm-mock/async/xrmpromise/xrmpromise.mock';
import path from 'node:path';
import { Choices, Tables } from '../../solution/schema';
import { TABLE_RIBBONS, POLL_TIMEOUT_IN_SECONDS } from '../../solution/ribbon';
import { buildWebResources, type WebResourcesBuild } from '../../webresources/build';
import {
  invoiceForm,
  platform,
  platformWithPicker,
  PROVIDER_ID,
  providerForm,
  seedProvider,
  type Platform,
} from './fakes/platform';

const repoRoot = path.resolve(__dirname, '..', '..');
/** The aim for each minified web resource. */
const MAX_BUNDLE_BYTES = 15 * 1024;

let built: WebResourcesBuild;
beforeAll(async () => {
  built = await buildWebResources({ repoRoot, write: false });
});

/** A page's global scope with both libraries loaded, as a form with both ribbons would have. */
function load(p: Platform): Record<string, Record<string, (...args: unknown[]) => unknown>> {
  const context = vm.createContext({
    Xrm: p.xrm,
    // The bundles' only clock: Date.now and setTimeout, both virtual here.
    Date: { now: () => p.clock.now() },
    setTimeout: (fn: () => void, ms: number) => {
      void p.clock.sleep(ms).then(fn);
      return 0;
    },
  });
  for (const r of built.resources)
    vm.runInContext(Buffer.from(r.contents).toString('utf8'), context, { filename: r.def.name });
  return vm.runInContext('W365', context);
}

describe('the built web resources', () => {
  it.each([
    'w365_/js/providerribbon.js',
    'w365_/js/billingcontractribbon.js',
    'w365_/js/invoiceribbon.js',
    'w365_/js/importinvoiceribbon.js',
    'w365_/js/varianceribbon.js',
  ])('%s is minified and under 15 KB', (name) => {
    const r = built.resources.find((x) => x.def.name === name)!;
    expect(r.sizeInBytes).toBeLessThan(MAX_BUNDLE_BYTES);
    // One line of code after the banner: minified, no source map comment, no stray requires.
    const text = Buffer.from(r.contents).toString('utf8');
    expect(text.split('\n').length).toBeLessThanOrEqual(12);
    expect(text).not.toMatch(/require\(|sourceMappingURL/);
  });

  it('never names a secured column (nothing secret can be selected from the browser)', () => {
    const secured = Object.values(Tables).flatMap((t) => t.columns.filter((c) => c.secured).map((c) => c.logicalName));
    expect(secured.length).toBeGreaterThan(0);
    for (const r of built.resources) {
      const text = Buffer.from(r.contents).toString('utf8');
      for (const column of secured) expect(text).not.toContain(column);
    }
  });

  it('the manifest lists each bundle for the packer', () => {
    expect(JSON.parse(built.manifest)).toEqual({
      webResources: built.resources.map((r) => ({
        name: r.def.name,
        displayName: r.def.displayName,
        type: 3,
        file: r.def.file,
        description: r.def.description,
      })),
    });
  });

  it('every library adds its namespace to one W365 global, with every function the ribbon calls', () => {
    const W365 = load(platform());
    const referenced = TABLE_RIBBONS.flatMap((t) =>
      t.locations.flatMap((l) =>
        l.buttons.flatMap((b) => [
          `${b.library.namespace}.${b.functionName}`,
          ...b.enableRules.flatMap((r) => (r.kind === 'custom' ? [`${r.library.namespace}.${r.functionName}`] : [])),
        ]),
      ),
    );
    expect(new Set(referenced).size).toBe(15);
    for (const name of referenced) {
      const [, ns, fn] = name.split('.');
      expect(typeof W365[ns]?.[fn]).toBe('function');
    }
  });

  it('runs Verify Connectivity through the minified code with the form ribbon’s parameters', async () => {
    const p = platform();
    seedProvider(p.webApi);
    p.webApi.scriptFor = () => ({ final: { status: 'Succeeded', summary: 'Verified: Connected to TechData.' } });
    const W365 = load(p);
    const { form, refreshed } = providerForm();
    await W365.ProviderRibbon.verifyConnectivity(form, POLL_TIMEOUT_IN_SECONDS);
    expect(p.navigation.dialogs.map((d) => [d.title, d.text])).toEqual([
      ['Verify Connectivity: Succeeded', 'Verified: Connected to TechData.'],
    ]);
    expect(p.webApi.count('createRecord', Tables.syncJob.logicalName)).toBe(1);
    expect(refreshed.form).toBe(1);
    expect(W365.ProviderRibbon.isRecordSaved(form)).toBe(true);
  });

  it('runs Sync Provider Accounts from the grid with the grid ribbon’s parameters, and its async enable rule', async () => {
    const p = platform();
    seedProvider(p.webApi);
    const W365 = load(p);
    let gridRefreshed = 0;
    const selected = [`{${PROVIDER_ID.toUpperCase()}}`];
    await W365.ProviderRibbon.syncProviderAccounts(
      { refresh: () => gridRefreshed++ },
      POLL_TIMEOUT_IN_SECONDS,
      selected,
    );
    expect(p.navigation.dialogs[0].title).toBe('Sync Provider Accounts: Succeeded');
    expect(gridRefreshed).toBe(1);
  });

  it('runs Reconcile, Accept and Import Invoice through the minified code with their ribbons’ parameters', async () => {
    const p = platformWithPicker();
    seedProvider(p.webApi);
    const V = Tables.variance;
    const S = Choices.varianceReviewStatus;
    const variance = p.webApi.insert(V.logicalName, { [V.col.name]: 'Quantity', [V.col.reviewStatus]: S.Open });
    p.picker.files = [{ fileName: 'june.csv', fileContent: 'YSxi', fileSize: 1, mimeType: 'text/csv' }];
    const W365 = load(p);
    await W365.InvoiceRibbon.reconcile(invoiceForm().form, POLL_TIMEOUT_IN_SECONDS);
    let gridRefreshed = 0;
    await W365.VarianceRibbon.accept({ refresh: () => gridRefreshed++ }, [`{${variance.toUpperCase()}}`]);
    await W365.ImportInvoiceRibbon.importInvoice(providerForm().form, POLL_TIMEOUT_IN_SECONDS);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Reconcile: Succeeded',
      'Accept variances',
      'Import Invoice: Succeeded',
    ]);
    expect(p.webApi.rows(V.logicalName)[0][V.col.reviewStatus]).toBe(S.Accepted);
    expect(gridRefreshed).toBe(1);
    expect(p.webApi.count('createRecord', Tables.annotation.logicalName)).toBe(1);
  });

  it('never rejects into the ribbon: an unexpected failure becomes a dialog', async () => {
    const p = platform();
    seedProvider(p.webApi);
    const W365 = load(p);
    const { form } = providerForm();
    // A form whose refresh breaks after the job: the command still settles and tells the user.
    form.data.refresh = () => new XrmPromiseMock<undefined>(Promise.reject(new Error('form unloaded')));
    await expect(W365.ProviderRibbon.syncProviderAccounts(form, 5)).resolves.toBeUndefined();
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Sync Provider Accounts: Succeeded',
      'Something went wrong',
    ]);
    expect(p.navigation.dialogs[1].text).toBe('The command stopped unexpectedly: form unloaded');
  });
});
