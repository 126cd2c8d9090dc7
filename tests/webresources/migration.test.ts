/**
 * Migrate Manual Subscriptions on the Provider form: a dry run whose plan (the job's w365_result) is
 * shown for confirmation, then the apply run; and the same failure, timeout, already-running and
 * unsaved cases as every command.
 */
import { Choices, Tables } from '../../solution/schema';
import { pollPolicy } from '../../webresources/src/deps';
import { migrateManualSubscriptions, parsePlan, planText } from '../../webresources/src/migration';
import type { JobScript } from './fakes/fake-webapi';
import {
  createdRecords as created,
  platform,
  PROVIDER_ID,
  providerForm,
  seedProvider,
  type Platform,
} from './fakes/platform';

const J = Tables.syncJob;

const sub = (name: string, quantity: number, movableEntries = 0) => ({
  id: name,
  name,
  quantity,
  movableEntries,
  movableDelta: 0,
});
const PLAN = {
  pairs: [
    { manual: sub('Office 365 E3 for Contoso (manual)', 10, 3), synced: sub('Office 365 E3 for Contoso', 10) },
    { manual: sub('Power BI Pro for Fabrikam (manual)', 5, 1), synced: sub('Power BI Pro for Fabrikam', 6) },
  ],
  unpaired: [
    { manual: sub('Visio for Northwind (manual)', 2), reason: 'No synced subscription of Northwind has SKU VIS-2.' },
  ],
  ambiguous: [],
  applied: false,
};

function scripts(
  dryRun: JobScript,
  apply: JobScript = {
    final: {
      status: 'Succeeded',
      summary: 'Migrated 2 subscriptions. Moved 4 log entries; the manual subscriptions are deactivated.',
      counts: { updated: 2 },
    },
  },
) {
  return (job: Record<string, unknown>) => (String(job[J.col.parameters]).includes('"apply":true') ? apply : dryRun);
}

const run = (p: Platform, form: unknown, timeoutInSeconds?: number) =>
  migrateManualSubscriptions(p.deps, form, pollPolicy(timeoutInSeconds));

describe('Migrate Manual Subscriptions', () => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
    seedProvider(p.webApi);
  });

  it('runs a dry run, shows the plan, and on Apply runs the migration', async () => {
    p.webApi.scriptFor = scripts({
      final: {
        status: 'SucceededWithWarnings',
        summary: 'Dry run. 2 pairs.',
        counts: { unchanged: 2 },
        result: PLAN,
        items: [{ severity: 'Warning', message: 'unpaired' }],
      },
    });
    await expect(run(p, providerForm().form)).resolves.toBe(true);

    const jobs = created(p);
    expect(jobs.map((j) => [j[J.col.name], j[J.col.parameters], j[J.col.operation]])).toEqual([
      [
        'Migrate Manual Subscriptions (dry run): TechData (test)',
        '{"apply":false}',
        Choices.syncOperation.MigrateManualSubscriptions,
      ],
      [
        'Migrate Manual Subscriptions: TechData (test)',
        '{"apply":true}',
        Choices.syncOperation.MigrateManualSubscriptions,
      ],
    ]);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Migration plan (dry run)',
      'Migrate Manual Subscriptions: Succeeded',
    ]);
    expect(p.navigation.dialogs[0].text).toBe(
      [
        'The dry run found 2 manual subscriptions to migrate:',
        '• Office 365 E3 for Contoso (manual) (manual, 10) → Office 365 E3 for Contoso (synced, 10): 3 log entries move',
        '• Power BI Pro for Fabrikam (manual) (manual, 5) → Power BI Pro for Fabrikam (synced, 6): 1 log entry moves',
        '',
        '1 cannot be paired and stay as they are:',
        '• Visio for Northwind (manual): No synced subscription of Northwind has SKU VIS-2.',
        '',
        'Apply the migration? Their License Change Log history moves to the synced subscriptions and the manual subscriptions are deactivated.',
      ].join('\n'),
    );
    expect(p.navigation.dialogs[1].text).toContain('Migrated 2 subscriptions.');
    // The dry run's result was read once, after it finished, and never during polls.
    expect(p.webApi.calls.filter((c) => c.options === `?$select=${J.col.result}`)).toHaveLength(1);
  });

  it('does not repeat a record name its warning already starts with', async () => {
    p.webApi.scriptFor = scripts({
      final: {
        status: 'SucceededWithWarnings',
        summary: 'Dry run.',
        result: { pairs: [], unpaired: [], ambiguous: [], applied: false },
        items: [
          {
            severity: 'Warning',
            recordName: 'Visio (by hand)',
            message: 'Visio (by hand): No synced subscription has SKU VIS-2.',
          },
          { severity: 'Warning', recordName: 'Visio (by hand)', message: 'No synced twin.' },
        ],
      },
    });
    await run(p, providerForm().form);
    expect(p.navigation.dialogs[0].text).toContain(
      'Warnings:\n• Visio (by hand): No synced subscription has SKU VIS-2.\n• Visio (by hand): No synced twin.',
    );
  });

  it('applies nothing when the user cancels the plan', async () => {
    p.webApi.scriptFor = scripts({ final: { status: 'NoChange', summary: 'Dry run. 2 pairs.', result: PLAN } });
    p.navigation.answers.push(false);
    await run(p, providerForm().form);
    expect(created(p)).toHaveLength(1);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Migration plan (dry run)']);
  });

  it('shows the dry run outcome, without asking, when there is nothing to migrate', async () => {
    p.webApi.scriptFor = scripts({
      final: {
        status: 'NoChange',
        summary: 'Dry run. Nothing to migrate.',
        result: { pairs: [], unpaired: [], ambiguous: [], applied: false },
      },
    });
    await run(p, providerForm().form);
    expect(created(p)).toHaveLength(1);
    expect(p.navigation.dialogs.map((d) => [d.title, d.text.split('\n')[0]])).toEqual([
      ['Migrate Manual Subscriptions (dry run): No Change', 'Dry run. Nothing to migrate.'],
    ]);
  });

  it('reports a failed dry run and offers no plan', async () => {
    p.webApi.scriptFor = scripts({
      final: { status: 'Failed', summary: 'Failed: Dataverse refused the read.', errorCode: 'JOB_FAILED' },
    });
    await run(p, providerForm().form);
    expect(created(p)).toHaveLength(1);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Migrate Manual Subscriptions (dry run): Failed']);
    expect(p.navigation.dialogs[0].text).toContain('Dataverse refused the read.');
  });

  it('says so when the dry run finished but its plan cannot be read', async () => {
    p.webApi.scriptFor = scripts({ final: { status: 'Succeeded', summary: 'Dry run.', result: 'not a plan' } });
    await run(p, providerForm().form);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Migration plan (dry run)',
      'Migrate Manual Subscriptions (dry run): Succeeded',
    ]);
    expect(created(p)).toHaveLength(1);
  });

  it('times out on a slow dry run without applying anything', async () => {
    p.webApi.scriptFor = scripts({ final: 'never' });
    await run(p, providerForm().form, 60);
    expect(created(p)).toHaveLength(1);
    expect(p.navigation.dialogs[0].title).toBe('Still running');
    expect(p.navigation.dialogs[0].text).toContain('still running after 60 seconds');
  });

  it('times out on a slow apply run', async () => {
    p.webApi.scriptFor = scripts(
      { final: { status: 'NoChange', summary: 'Dry run.', result: PLAN } },
      { final: 'never' },
    );
    await run(p, providerForm().form, 120);
    expect(created(p)).toHaveLength(2);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Migration plan (dry run)', 'Still running']);
    expect(p.navigation.dialogs[1].text).toContain('still running after 2 minutes');
  });

  it('follows a migration already running for the provider; an apply run is not offered again', async () => {
    p.webApi.insert(
      J.logicalName,
      {
        [J.col.name]: 'Migrate: earlier',
        [J.col.operation]: Choices.syncOperation.MigrateManualSubscriptions,
        [J.val.provider]: PROVIDER_ID,
        [J.col.jobStatus]: Choices.syncJobStatus.Running,
        [J.col.parameters]: '{"apply":true}',
      },
      {
        queuedForMs: 0,
        runForMs: 1500,
        final: { status: 'Succeeded', summary: 'Migrated 2.', result: { ...PLAN, applied: true } },
      },
    );
    await run(p, providerForm().form);
    expect(created(p)).toHaveLength(0);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Already running',
      'Migrate Manual Subscriptions (dry run): Succeeded',
    ]);
  });

  it('asks to save first, with no request', async () => {
    await expect(run(p, providerForm({ dirty: true }).form)).resolves.toBe(false);
    await run(p, providerForm({ id: '' }).form);
    expect(p.webApi.calls).toHaveLength(0);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Save first', 'Save first']);
  });
});

describe('the plan text', () => {
  it('lists at most 8 pairs and says how many more the job holds', () => {
    const pairs = Array.from({ length: 11 }, (_, i) => ({ manual: sub(`M${i}`, 1, 1), synced: sub(`S${i}`, 1) }));
    const text = planText(parsePlan({ pairs, unpaired: [] })!);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(8);
    expect(text).toContain('…and 3 more (see the dry-run job).');
  });

  it('refuses shapes that are not a plan', () => {
    expect(parsePlan(undefined)).toBeUndefined();
    expect(parsePlan({ pairs: 'x' })).toBeUndefined();
    expect(parsePlan({ pairs: [{}] })?.pairs[0].manual).toEqual({ name: '', quantity: 0, movableEntries: 0 });
  });
});
