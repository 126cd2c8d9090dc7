/**
 * Jobs that do not block: a command shows its job's progress as a bar in the form's notification area
 * (or the app's notification bar on a list), never the blocking indicator, and clears it at the end;
 * Cancel Job asks the service to stop a running job and follows it to Cancelled; the Provider's
 * Sync Subscriptions starts a provider-wide job (a provider, no billing contract).
 */
import { Choices, Tables } from '../../solution/schema';
import { POLL_TIMEOUT_IN_SECONDS } from '../../solution/ribbon';
import { pollPolicy } from '../../webresources/src/deps';
import { cancelJob, isJobRunning, isSelectedJobRunning } from '../../webresources/src/cancel-job';
import { progressBar, progressViewFor } from '../../webresources/src/progress';
import { providerTarget } from '../../webresources/src/provider-commands';
import { runJobCommand } from '../../webresources/src/run-job';
import { CANCELLED_SUMMARY } from './fakes/fake-webapi';
import { createdRecords, platform, PROVIDER_ID, providerForm, seedProvider } from './fakes/platform';
import { XrmMockGenerator } from 'xrm-mock';

const J = Tables.syncJob;
const policy = pollPolicy(POLL_TIMEOUT_IN_SECONDS);

describe('progress without blocking', () => {
  it('draws the share done as a ten-cell bar', () => {
    expect(progressBar(0)).toBe('▱▱▱▱▱▱▱▱▱▱');
    expect(progressBar(45)).toBe('▰▰▰▰▰▱▱▱▱▱');
    expect(progressBar(100)).toBe('▰▰▰▰▰▰▰▰▰▰');
    expect(progressBar(250)).toBe('▰▰▰▰▰▰▰▰▰▰');
  });

  it('on a form: the job’s steps in the notification area, cleared at the end; the indicator never shows', async () => {
    const p = platform();
    seedProvider(p.webApi);
    p.webApi.scriptFor = () => ({
      runForMs: 8000,
      progressMessage: 'Reading customers at TechData',
      final: { status: 'Succeeded', summary: 'Done.' },
    });
    const { form, notifications, shown } = providerForm();
    const target = providerTarget('SyncProviderAccounts', { id: PROVIDER_ID, name: 'TechData (test)' });
    await runJobCommand(p.deps, target, policy, progressViewFor(p.deps, form));
    expect(notifications[0]).toBe('Sync Provider Accounts: checking for a job that is already running…');
    expect(notifications).toContain('Sync Provider Accounts: starting…');
    const running = notifications.filter((n) => n.includes('Reading customers'));
    expect(running.length).toBeGreaterThan(1);
    for (const n of running)
      expect(n).toMatch(/^[▰▱]{10} Sync Provider Accounts: Reading customers at TechData \(\d+%\)$/);
    expect(shown()).toBe(0);
    expect(p.utility.progress).toEqual([]);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Sync Provider Accounts: Succeeded']);
  });

  it('on a list: the app’s notification bar, one at a time, gone at the end', async () => {
    const p = platform();
    seedProvider(p.webApi);
    p.webApi.scriptFor = () => ({
      runForMs: 6000,
      progressMessage: 'Working',
      final: { status: 'Succeeded', summary: 'Done.' },
    });
    const grid = { refresh: () => undefined };
    const target = providerTarget('VerifyConnectivity', { id: PROVIDER_ID, name: 'TechData (test)' });
    await runJobCommand(p.deps, target, policy, progressViewFor(p.deps, grid));
    await new Promise((r) => setTimeout(r, 0));
    expect(p.app.added.some((m) => /^[▰▱]{10} Verify Connectivity: Working \(\d+%\)$/.test(m))).toBe(true);
    expect(p.app.mostAtOnce).toBe(1);
    expect(p.app.shown()).toBe(0);
    expect(p.utility.progress).toEqual([]);
  });
});

describe('Sync Subscriptions on a Provider', () => {
  it('creates one provider-wide job: the provider, no billing contract', async () => {
    const p = platform();
    seedProvider(p.webApi);
    const { form } = providerForm();
    const target = providerTarget('SyncSubscriptions', { id: PROVIDER_ID, name: 'TechData (test)' });
    await runJobCommand(p.deps, target, policy, progressViewFor(p.deps, form));
    const [job] = createdRecords(p);
    expect(job).toEqual({
      [J.col.name]: 'Sync Subscriptions: TechData (test)',
      [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [J.col.trigger]: Choices.syncTrigger.Manual,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
      [`${J.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
    });
  });
});

function jobForm(jobId: string, status: number): Xrm.FormContext {
  XrmMockGenerator.initialise();
  XrmMockGenerator.Attribute.createString({ name: J.col.name, value: 'Sync Subscriptions: TechData (test)' });
  XrmMockGenerator.Attribute.createOptionSet(J.col.jobStatus, status);
  const form = XrmMockGenerator.getFormContext() as unknown as Xrm.FormContext;
  (form.data.entity as unknown as { id: string }).id = `{${jobId.toUpperCase()}}`;
  form.data.refresh = () => ({ then: (f: () => void) => (f(), undefined) }) as never;
  return form;
}

function runningJob(p: ReturnType<typeof platform>): string {
  return p.webApi.insert(
    J.logicalName,
    {
      [J.col.name]: 'Sync Subscriptions: TechData (test)',
      [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [J.col.jobStatus]: Choices.syncJobStatus.Running,
      [J.col.progress]: 30,
    },
    { queuedForMs: 0, final: 'never' },
  );
}

describe('Cancel Job', () => {
  it('asks, sets Cancel Requested, and follows the job to Cancelled', async () => {
    const p = platform();
    const jobId = runningJob(p);
    const form = jobForm(jobId, Choices.syncJobStatus.Running);
    expect(isJobRunning(form)).toBe(true);
    expect(await cancelJob(p.deps, form, policy)).toBe(true);
    expect(p.webApi.calls.filter((c) => c.method === 'updateRecord')).toEqual([
      { method: 'updateRecord', entity: J.logicalName, id: jobId, data: { [J.col.cancelRequested]: true } },
    ]);
    expect(p.navigation.dialogs.map((d) => [d.kind, d.title])).toEqual([
      ['confirm', 'Cancel the job?'],
      ['confirm', 'Sync Subscriptions: Cancelled'],
    ]);
    expect(p.navigation.dialogs[0].text).toMatch(
      /^Cancel “Sync Subscriptions: TechData \(test\)”\? The sync service stops it at its next checkpoint/,
    );
    expect(p.navigation.dialogs[1].text).toContain(CANCELLED_SUMMARY);
    expect(p.webApi.rows(J.logicalName)[0][J.col.jobStatus]).toBe(Choices.syncJobStatus.Cancelled);
  });

  it('changes nothing when the person keeps the job running', async () => {
    const p = platform();
    const jobId = runningJob(p);
    p.navigation.answers.push(false);
    expect(await cancelJob(p.deps, jobForm(jobId, Choices.syncJobStatus.Running), policy)).toBe(false);
    expect(p.webApi.count('updateRecord')).toBe(0);
  });

  it('says why a job that is not running cannot be cancelled', async () => {
    const p = platform();
    const done = p.webApi.insert(J.logicalName, {
      [J.col.name]: 'Verify Connectivity: TechData (test)',
      [J.col.jobStatus]: Choices.syncJobStatus.Succeeded,
    });
    expect(await cancelJob(p.deps, jobForm(done, Choices.syncJobStatus.Succeeded), policy)).toBe(false);
    expect(p.navigation.dialogs[0]).toMatchObject({
      kind: 'alert',
      title: 'Not running',
      text: '“Verify Connectivity: TechData (test)” is Succeeded, not running: only a running job can be cancelled.',
    });
    expect(p.webApi.count('updateRecord')).toBe(0);
    expect(isJobRunning(jobForm(done, Choices.syncJobStatus.Succeeded))).toBe(false);
  });

  it('on the list: one selected running job (asked of Dataverse)', async () => {
    const p = platform();
    const running = runningJob(p);
    const done = p.webApi.insert(J.logicalName, { [J.col.name]: 'x', [J.col.jobStatus]: Choices.syncJobStatus.Failed });
    await expect(isSelectedJobRunning(p.deps, [`{${running.toUpperCase()}}`])).resolves.toBe(true);
    await expect(isSelectedJobRunning(p.deps, [done])).resolves.toBe(false);
    await expect(isSelectedJobRunning(p.deps, [running, done])).resolves.toBe(false);
    expect(await cancelJob(p.deps, { refresh: () => undefined }, policy, [running, done])).toBe(false);
    expect(p.navigation.dialogs[0]).toMatchObject({ kind: 'alert', title: 'Select one job' });
  });
});
