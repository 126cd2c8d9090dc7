/**
 * Sync Subscriptions on the Billing Contract form: one job per automatic provider the customer is
 * mapped to, scoped to the contract; success, failure, timeout, a job already running (for the
 * contract or a whole-provider sync), unsaved records, and customers that cannot be synced.
 */
import { Choices, Tables } from '../../solution/schema';
import { isContractSaved, syncSubscriptions } from '../../webresources/src/billing-contract-commands';
import { pollPolicy } from '../../webresources/src/deps';
import { refreshAfterJob } from '../../webresources/src/record';
import {
  createdRecords as created,
  CONTRACT_ID,
  contractForm,
  CUSTOMER_ID,
  platform,
  PROVIDER_ID,
  seedProvider,
  type Platform,
} from './fakes/platform';

const J = Tables.syncJob;
const PA = Tables.providerAccount;
const ION_ID = '44444444-5555-4666-8777-888888888888';

function mapCustomer(p: Platform, providerId: string, name = 'Contoso Ltd') {
  p.webApi.insert(PA.logicalName, {
    [PA.col.name]: name,
    [PA.val.provider]: providerId,
    [PA.val.account]: CUSTOMER_ID,
    statecode: 0,
  });
}

async function run(p: Platform, form: unknown, timeoutInSeconds?: number) {
  if (await syncSubscriptions(p.deps, form, pollPolicy(timeoutInSeconds))) await refreshAfterJob(form);
}

describe('Sync Subscriptions on a Billing Contract', () => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
    seedProvider(p.webApi);
  });

  it('creates a job scoped to the contract for the customer’s provider, then shows the new subscriptions', async () => {
    mapCustomer(p, PROVIDER_ID);
    p.webApi.scriptFor = () => ({
      runForMs: 5000,
      progressMessage: 'Writing subscriptions',
      final: {
        status: 'Succeeded',
        summary:
          'Synced subscriptions for billing contract Contoso - Microsoft licences: 4 listed. New (4): Power BI Pro for Contoso Ltd (38).',
        counts: { created: 4 },
      },
    });
    const { form, refreshed, notifications, shown } = contractForm();
    await run(p, form);
    expect(created(p)).toEqual([
      {
        [J.col.name]: 'Sync Subscriptions: Contoso - Microsoft licences (TechData (test))',
        [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
        [J.col.trigger]: Choices.syncTrigger.Manual,
        [J.col.jobStatus]: Choices.syncJobStatus.Queued,
        [`${J.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
        [`${J.nav.billingContract}@odata.bind`]: `/${Tables.billingContract.entitySetName}(${CONTRACT_ID})`,
      },
    ]);
    // Progress is a bar in the form's notification area, not the blocking indicator; gone once it ends.
    expect(notifications.some((m) => /^[▰▱]{10} Sync Subscriptions: Writing subscriptions \(\d+%\)$/.test(m))).toBe(
      true,
    );
    expect(p.utility.progress).toEqual([]);
    expect(shown()).toBe(0);
    expect(p.navigation.dialogs[0].title).toBe('Sync Subscriptions: Succeeded');
    expect(p.navigation.dialogs[0].text).toContain(
      'New (4): Power BI Pro for Contoso Ltd (38).\n\nCreated 4, updated 0, unchanged 0, skipped 0, failed 0.',
    );
    expect(refreshed).toEqual({ form: 1, subgrids: 1 });
  });

  it('runs one job per automatic provider, in turn; manual providers and inactive accounts are left out', async () => {
    seedProvider(p.webApi, ION_ID, 'Ion (test)');
    const manual = seedProvider(
      p.webApi,
      '55555555-6666-4777-8888-999999999999',
      'By hand',
      Choices.providerType.Manual,
    );
    mapCustomer(p, PROVIDER_ID);
    mapCustomer(p, ION_ID);
    mapCustomer(p, manual);
    p.webApi.insert(PA.logicalName, {
      [PA.col.name]: 'old',
      [PA.val.provider]: '66666666-6666-4777-8888-999999999999',
      [PA.val.account]: CUSTOMER_ID,
      statecode: 1,
    });
    await run(p, contractForm().form);
    expect(created(p).map((j) => j[`${J.nav.provider}@odata.bind`])).toEqual([
      `/${Tables.provider.entitySetName}(${ION_ID})`,
      `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
    ]);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual([
      'Sync Subscriptions: Succeeded',
      'Sync Subscriptions: Succeeded',
    ]);
  });

  it('reports a failed job', async () => {
    mapCustomer(p, PROVIDER_ID);
    p.webApi.scriptFor = () => ({
      final: {
        status: 'Failed',
        summary: "Not synced: the provider's settings need fixing first: TechData SOIN is missing.",
        errorCode: 'CONFIG_MISSING',
      },
    });
    await run(p, contractForm().form);
    expect(p.navigation.dialogs[0]).toMatchObject({ title: 'Sync Subscriptions: Failed' });
    expect(p.navigation.dialogs[0].text).toContain('TechData SOIN is missing.');
  });

  it('times out, and does not start the next provider’s job behind a slow one', async () => {
    seedProvider(p.webApi, ION_ID, 'Ion (test)');
    mapCustomer(p, PROVIDER_ID);
    mapCustomer(p, ION_ID);
    p.webApi.scriptFor = () => ({ final: 'never' });
    await run(p, contractForm().form, 90);
    expect(created(p)).toHaveLength(1);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Still running']);
  });

  it('offers a whole-provider subscription sync that is already running for the customer’s provider', async () => {
    mapCustomer(p, PROVIDER_ID);
    p.webApi.insert(
      J.logicalName,
      {
        [J.col.name]: 'Nightly: Sync Subscriptions',
        [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
        [J.val.provider]: PROVIDER_ID,
        [J.col.jobStatus]: Choices.syncJobStatus.Running,
      },
      { queuedForMs: 0, runForMs: 3000, final: { status: 'Succeeded', summary: 'Nightly done.' } },
    );
    await run(p, contractForm().form);
    expect(created(p)).toHaveLength(0);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['Already running', 'Sync Subscriptions: Succeeded']);
  });

  it('offers a job already running for this contract', async () => {
    mapCustomer(p, PROVIDER_ID);
    p.webApi.insert(J.logicalName, {
      [J.col.name]: 'Contract sync',
      [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
      [J.val.billingContract]: CONTRACT_ID,
      [J.val.provider]: PROVIDER_ID,
      [J.col.jobStatus]: Choices.syncJobStatus.Queued,
    });
    p.navigation.answers.push(false);
    await run(p, contractForm().form);
    expect(created(p)).toHaveLength(0);
    expect(p.navigation.dialogs).toHaveLength(1);
  });

  it.each([
    ['never saved', { id: '' }],
    ['with unsaved changes', { dirty: true }],
  ])('asks to save a contract %s first, with no request', async (_label, options) => {
    const { form, refreshed } = contractForm(options);
    await run(p, form);
    expect(p.webApi.calls).toHaveLength(0);
    expect(p.navigation.dialogs).toEqual([
      { kind: 'alert', title: 'Save first', text: 'Save this record first, then choose Sync Subscriptions again.' },
    ]);
    expect(refreshed.form).toBe(0);
  });

  it('explains a contract without a customer, and a customer mapped to no automatic provider', async () => {
    await run(p, contractForm({ customer: false }).form);
    await run(p, contractForm().form);
    expect(p.navigation.dialogs.map((d) => d.title)).toEqual(['No customer', 'Customer not mapped']);
    expect(p.navigation.dialogs[1].text).toContain(
      'Contoso Ltd is not mapped to a provider account of any automatic provider',
    );
    expect(created(p)).toHaveLength(0);
  });

  it('enable rule: the contract is saved', () => {
    expect(isContractSaved(contractForm().form)).toBe(true);
    expect(isContractSaved(contractForm({ id: '' }).form)).toBe(false);
  });
});
