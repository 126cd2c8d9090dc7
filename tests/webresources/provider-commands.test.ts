/**
 * Verify Connectivity and Sync Provider Accounts, on the Provider form and grid, with xrm-mock and an
 * in-memory Web API whose jobs advance on a virtual clock: success, failure, timeout, a job already
 * running, and unsaved records; and how many requests a command makes.
 */
import { Choices, Tables } from '../../solution/schema';
import { pollPolicy } from '../../webresources/src/deps';
import { isRecordSaved, providerTarget, resolveProvider } from '../../webresources/src/provider-commands';
import { refreshAfterJob } from '../../webresources/src/record';
import { jobRan, runJobCommand } from '../../webresources/src/run-job';
import { WebApiError } from './fakes/fake-webapi';
import { platform, PROVIDER_ID, providerForm, seedProvider, type Platform } from './fakes/platform';

const J = Tables.syncJob;
type Op = 'VerifyConnectivity' | 'SyncProviderAccounts';

/** What the entry point does (provider-ribbon.ts), with the test's platform passed in. */
async function run(
  p: Platform,
  operation: Op,
  primaryControl: unknown,
  timeoutInSeconds?: number,
  selected?: string[],
): Promise<void> {
  const provider = await resolveProvider(p.deps, operation, primaryControl, selected);
  if (!provider) return;
  if (jobRan(await runJobCommand(p.deps, providerTarget(operation, provider), pollPolicy(timeoutInSeconds))))
    await refreshAfterJob(primaryControl);
}

function jobsCreated(p: Platform) {
  return p.webApi.calls
    .filter((c) => c.method === 'createRecord' && c.entity === J.logicalName)
    .map((c) => c.data ?? {});
}

describe.each<[Op, string]>([
  ['VerifyConnectivity', 'Verify Connectivity'],
  ['SyncProviderAccounts', 'Sync Provider Accounts'],
])('%s on the Provider form', (operation, title) => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
    seedProvider(p.webApi);
  });

  it('creates a Manual job for the provider, shows its progress, then the outcome, and refreshes the form', async () => {
    p.webApi.scriptFor = () => ({
      queuedForMs: 1200,
      runForMs: 6000,
      progressMessage: 'Reading customers',
      final: {
        status: 'SucceededWithWarnings',
        summary: 'Listed 40 customers, 40 new (24 mapped automatically).',
        counts: { created: 40 },
        items: [
          { severity: 'Warning', message: 'Not mapped yet.', recordName: 'Contoso Ltd' },
          { severity: 'Warning', message: 'Not mapped yet.', recordName: 'Fabrikam Inc' },
          { severity: 'Warning', message: 'Not mapped yet.', recordName: 'Smith and Jones LLC' },
          { severity: 'Warning', message: 'Not mapped yet.', recordName: 'Northwind' },
        ],
      },
    });
    const { form, refreshed } = providerForm();
    await run(p, operation, form);

    const [job] = jobsCreated(p);
    expect(job).toEqual({
      [J.col.name]: `${title}: TechData (test)`,
      [J.col.operation]: Choices.syncOperation[operation],
      [J.col.trigger]: Choices.syncTrigger.Manual,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
      [`${J.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
    });
    expect(p.utility.progress).toContain(`${title}: waiting for the sync service to start the job…`);
    expect(p.utility.progress.some((m) => /^.+: Reading customers \(\d+%\)$/.test(m))).toBe(true);
    expect(p.utility.shown).toBe(false);

    const [outcome] = p.navigation.dialogs;
    expect(outcome.title).toBe(`${title}: Succeeded With Warnings`);
    expect(outcome.text).toContain('Listed 40 customers, 40 new (24 mapped automatically).');
    expect(outcome.text).toContain(
      'First 3 of 4 warnings:\n• Contoso Ltd: Not mapped yet.\n• Fabrikam Inc: Not mapped yet.\n• Smith and Jones LLC: Not mapped yet.',
    );
    expect(outcome.text.includes('Created 40, updated 0')).toBe(operation === 'SyncProviderAccounts');
    // "Open job" was clicked (the scripted default): the job's form opens.
    const jobId = p.webApi.rows(J.logicalName)[0][J.col.id];
    expect(p.navigation.formCalls.map((c) => c.entityFormOptions)).toEqual([
      { entityName: J.logicalName, entityId: jobId },
    ]);
    expect(refreshed).toEqual({ form: 1, subgrids: 1 });
  });

  it('reports a failed job with its summary and error items', async () => {
    p.webApi.scriptFor = () => ({
      final: {
        status: 'Failed',
        summary: 'Not verified (VERIFY_BAD_CREDENTIALS): TechData refused the Client ID and Client Secret.',
        errorCode: 'VERIFY_BAD_CREDENTIALS',
        items: [
          {
            severity: 'Error',
            message: 'TechData refused the Client ID and Client Secret.',
            recordName: 'TechData (test)',
          },
        ],
      },
    });
    p.navigation.answers.push(false); // Close, not Open job
    const { form, refreshed } = providerForm();
    await run(p, operation, form);
    const [outcome] = p.navigation.dialogs;
    expect(outcome).toMatchObject({ kind: 'confirm', title: `${title}: Failed`, confirmed: false });
    // The error item says what the summary says: it is not repeated under "Warnings:".
    expect(outcome.text).toMatch(
      /^Not verified \(VERIFY_BAD_CREDENTIALS\): TechData refused the Client ID and Client Secret\.(\n\nCreated 0, updated 0, unchanged 0, skipped 0, failed 0\.)?$/,
    );
    expect(p.navigation.formCalls).toHaveLength(0);
    expect(refreshed.form).toBe(1);
  });

  it('gives up following after the timeout, says the job keeps running and where to follow it', async () => {
    p.webApi.scriptFor = () => ({ final: 'never', progressMessage: 'Reading customers' });
    const { form } = providerForm();
    await run(p, operation, form, 30);
    expect(p.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);
    const [dialog] = p.navigation.dialogs;
    expect(dialog.title).toBe('Still running');
    expect(dialog.text).toBe(
      `${title} is still running after 30 seconds. It keeps running on the server, and its result will be on the job: follow it in the Sync Jobs list (or the Sync Jobs tab of this record), or open the job now.`,
    );
    expect(p.navigation.formCalls).toHaveLength(1);
    expect(p.utility.shown).toBe(false);
  });

  it('offers a job already running for the same provider and operation instead of starting another', async () => {
    p.webApi.insert(
      J.logicalName,
      {
        [J.col.name]: `${title}: nightly`,
        [J.col.operation]: Choices.syncOperation[operation],
        [J.val.provider]: PROVIDER_ID,
        [J.col.jobStatus]: Choices.syncJobStatus.Running,
        [J.col.progress]: 40,
      },
      { queuedForMs: 0, runForMs: 2000, final: { status: 'Succeeded', summary: 'Finished the nightly run.' } },
    );
    const { form } = providerForm();
    await run(p, operation, form);
    expect(jobsCreated(p)).toHaveLength(0);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Already running', `${title}: Succeeded`]);
    expect(p.navigation.dialogs[0].text).toBe(
      `${title} is already running for this record: “${title}: nightly”. Starting another would only wait for it. Follow that job instead?`,
    );
    expect(p.navigation.dialogs[1].text).toContain('Finished the nightly run.');
  });

  it('does nothing but close when the user declines to follow the running job', async () => {
    p.webApi.insert(J.logicalName, {
      [J.col.name]: 'queued one',
      [J.col.operation]: Choices.syncOperation[operation],
      [J.val.provider]: PROVIDER_ID,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
    });
    p.navigation.answers.push(false);
    const { form, refreshed } = providerForm();
    await run(p, operation, form);
    expect(jobsCreated(p)).toHaveLength(0);
    expect(p.navigation.dialogs).toHaveLength(1);
    expect(p.navigation.dialogs[0].text).toContain('is already waiting to start for this record');
    expect(refreshed.form).toBe(0);
    expect(p.utility.shown).toBe(false);
  });

  it('a job of another operation or provider does not count as running', async () => {
    const other = operation === 'VerifyConnectivity' ? 'SyncProviderAccounts' : 'VerifyConnectivity';
    p.webApi.insert(J.logicalName, {
      [J.col.name]: 'other op',
      [J.col.operation]: Choices.syncOperation[other],
      [J.val.provider]: PROVIDER_ID,
      [J.col.jobStatus]: Choices.syncJobStatus.Running,
    });
    p.webApi.insert(J.logicalName, {
      [J.col.name]: 'other provider',
      [J.col.operation]: Choices.syncOperation[operation],
      [J.val.provider]: '11111111-2222-4333-8444-555555555555',
      [J.col.jobStatus]: Choices.syncJobStatus.Running,
    });
    const { form } = providerForm();
    await run(p, operation, form);
    expect(jobsCreated(p)).toHaveLength(1);
  });

  it.each([
    ['never saved', { id: '' }],
    ['with unsaved changes', { dirty: true }],
  ])('asks to save a record %s first, and makes no request', async (_label, options) => {
    const { form, refreshed } = providerForm(options);
    await run(p, operation, form);
    expect(p.webApi.calls).toHaveLength(0);
    expect(p.navigation.dialogs).toEqual([
      { kind: 'alert', title: 'Save first', text: `Save this record first, then choose ${title} again.` },
    ]);
    expect(refreshed.form).toBe(0);
  });

  it('refuses a provider that is not Automatic', async () => {
    const { form } = providerForm({ providerType: Choices.providerType.Manual });
    await run(p, operation, form);
    expect(p.webApi.calls).toHaveLength(0);
    expect(p.navigation.dialogs[0]).toMatchObject({ kind: 'alert', title: 'Not an automatic provider' });
  });

  it('tells the user when the job cannot be created', async () => {
    p.webApi.failCreate = new WebApiError(0x80040220, 'You do not have the privilege to create Sync Jobs.');
    const { form, refreshed } = providerForm();
    await run(p, operation, form);
    expect(p.navigation.dialogs).toEqual([
      {
        kind: 'alert',
        title: 'Could not start',
        text: `${title} could not be started: You do not have the privilege to create Sync Jobs.`,
      },
    ]);
    expect(p.utility.shown).toBe(false);
    expect(refreshed.form).toBe(0);
  });

  it('rides out two failed reads but stops after three in a row, saying the job keeps running', async () => {
    p.webApi.failJobReads = 2;
    const { form } = providerForm();
    await run(p, operation, form);
    expect(p.navigation.dialogs[0].title).toBe(`${title}: Succeeded`);

    const q = platform();
    seedProvider(q.webApi);
    q.webApi.failJobReads = 3;
    await run(q, operation, providerForm().form);
    expect(q.navigation.dialogs[0]).toEqual({
      kind: 'alert',
      title: 'Lost track of the job',
      text: `${title} was started, but its progress cannot be read (The network connection was lost.). The job keeps running: follow it in the Sync Jobs list.`,
    });
  });
});

describe('on the Provider grid (the selected row)', () => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
    seedProvider(p.webApi);
  });

  it('runs on the selected provider and refreshes the grid', async () => {
    let refreshed = 0;
    const grid = { refresh: () => refreshed++ };
    await run(p, 'SyncProviderAccounts', grid, 180, [`{${PROVIDER_ID.toUpperCase()}}`]);
    expect(jobsCreated(p)[0][`${J.nav.provider}@odata.bind`]).toBe(`/${Tables.provider.entitySetName}(${PROVIDER_ID})`);
    expect(p.navigation.dialogs[0].title).toBe('Sync Provider Accounts: Succeeded');
    expect(refreshed).toBe(1);
  });

  it('refuses a selected provider that is not Automatic, and an empty or multiple selection', async () => {
    const manual = seedProvider(
      p.webApi,
      '22222222-3333-4444-8555-666666666666',
      'Manual one',
      Choices.providerType.Manual,
    );
    await run(p, 'VerifyConnectivity', { refresh: () => undefined }, 180, [manual]);
    await run(p, 'VerifyConnectivity', { refresh: () => undefined }, 180, []);
    await run(p, 'VerifyConnectivity', { refresh: () => undefined }, 180, [PROVIDER_ID, manual]);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Not an automatic provider',
      'Select one provider',
      'Select one provider',
    ]);
    expect(jobsCreated(p)).toHaveLength(0);
  });
});

describe('requests a command makes', () => {
  it('one read for a running job, one create, one read per poll with back-off, one read of the warnings', async () => {
    const p = platform();
    seedProvider(p.webApi);
    // Queued 0.5 s, running 12 s: polls at 1, 2.5, 4.75, 8.13, 13.19 s (the last sees it finished).
    p.webApi.scriptFor = () => ({
      queuedForMs: 500,
      runForMs: 12_000,
      final: { status: 'SucceededWithWarnings', summary: 'ok', items: [{ severity: 'Warning', message: 'w' }] },
    });
    await run(p, 'SyncProviderAccounts', providerForm().form);
    expect(p.clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5000]);
    expect(p.webApi.calls.map((c) => `${c.method} ${c.entity}`)).toEqual([
      `retrieveMultipleRecords ${J.logicalName}`,
      `createRecord ${J.logicalName}`,
      ...Array(5).fill(`retrieveRecord ${J.logicalName}`),
      `retrieveMultipleRecords ${Tables.syncJobItem.logicalName}`,
    ]);
    // A poll never reads the (possibly large) result column.
    expect(
      p.webApi.calls.filter((c) => c.method === 'retrieveRecord').every((c) => !c.options?.includes(J.col.result)),
    ).toBe(true);
  });

  it('waits at most 5 s between polls, and cuts the last wait to end at the deadline', async () => {
    const p = platform();
    seedProvider(p.webApi);
    p.webApi.scriptFor = () => ({ final: 'never' });
    await run(p, 'VerifyConnectivity', providerForm().form, 20);
    expect(p.clock.sleeps).toEqual([1000, 1500, 2250, 3375, 5000, 5000, 1875]);
    expect(p.webApi.count('retrieveRecord', J.logicalName)).toBe(7);
  });
});

describe('enable rules', () => {
  it('saved: a form record with an id', () => {
    expect(isRecordSaved(providerForm().form)).toBe(true);
    expect(isRecordSaved(providerForm({ id: '' }).form)).toBe(false);
    expect(isRecordSaved({ refresh: () => undefined })).toBe(false);
  });
});
