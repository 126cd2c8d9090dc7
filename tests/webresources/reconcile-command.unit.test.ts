/**
 * Reconcile on the Distributor Invoice form: a Reconcile job for the invoice's provider naming the
 * invoice, followed with the form's progress bar and the outcome dialog; a job already running for the
 * provider, an unsaved invoice and an invoice without a provider.
 */
import { Choices, Tables } from '../../solution/schema';
import { pollPolicy } from '../../webresources/src/deps';
import { isInvoiceSaved, reconcileInvoice } from '../../webresources/src/reconcile-command';
import { refreshAfterJob } from '../../webresources/src/record';
import {
  createdRecords as created,
  INVOICE_ID,
  invoiceForm,
  platform,
  PROVIDER_ID,
  seedProvider,
  type Platform,
} from './fakes/platform';

const J = Tables.syncJob;

async function run(p: Platform, form: unknown) {
  if (await reconcileInvoice(p.deps, form, pollPolicy(180))) await refreshAfterJob(form);
}

describe('Reconcile on a Distributor Invoice', () => {
  let p: Platform;
  beforeEach(() => {
    p = platform();
    seedProvider(p.webApi);
  });

  it('creates a Reconcile job naming the invoice, shows its progress on the form, then the outcome', async () => {
    p.webApi.scriptFor = () => ({
      runForMs: 4000,
      progressMessage: 'Comparing invoice lines',
      final: {
        status: 'SucceededWithWarnings',
        summary: 'Reconciled INV-2025-06-0042: 120 lines, 3 variances (quantity 2, unit cost 1).',
        counts: { created: 3 },
        items: [{ severity: 'Warning', message: 'Quantity 40 on the invoice, 38 in CRM', recordName: 'Contoso Ltd' }],
      },
    });
    const { form, refreshed, notifications, shown } = invoiceForm();
    await run(p, form);
    expect(created(p)).toEqual([
      {
        [J.col.name]: 'Reconcile: INV-2025-06-0042',
        [J.col.operation]: Choices.syncOperation.Reconcile,
        [J.col.trigger]: Choices.syncTrigger.Manual,
        [J.col.jobStatus]: Choices.syncJobStatus.Queued,
        [`${J.nav.provider}@odata.bind`]: `/${Tables.provider.entitySetName}(${PROVIDER_ID})`,
        [J.col.parameters]: JSON.stringify({ invoiceId: INVOICE_ID }),
      },
    ]);
    expect(notifications.some((m) => /^[▰▱]{10} Reconcile: Comparing invoice lines \(\d+%\)$/.test(m))).toBe(true);
    expect(p.utility.progress).toEqual([]);
    expect(shown()).toBe(0);
    const outcome = p.navigation.dialogs[0];
    expect(outcome.title).toBe('Reconcile: Succeeded With Warnings');
    expect(outcome.text).toContain('3 variances (quantity 2, unit cost 1).');
    expect(outcome.text).toContain('• Contoso Ltd: Quantity 40 on the invoice, 38 in CRM');
    // The variances subgrid shows the new rows.
    expect(refreshed).toEqual({ form: 1, subgrids: 1 });
  });

  it('offers to follow a Reconcile already running for the provider instead of starting another', async () => {
    p.webApi.insert(
      J.logicalName,
      {
        [J.col.name]: 'Reconcile: INV-2025-05-0031',
        [J.col.operation]: Choices.syncOperation.Reconcile,
        [J.col.jobStatus]: Choices.syncJobStatus.Running,
        [J.val.provider]: PROVIDER_ID,
      },
      { final: 'never' },
    );
    p.navigation.answers.push(false);
    const { form, refreshed } = invoiceForm();
    await run(p, form);
    expect(created(p)).toEqual([]);
    expect(p.navigation.dialogs[0].title).toBe('Already running');
    expect(p.navigation.dialogs[0].text).toContain('“Reconcile: INV-2025-05-0031”');
    expect(refreshed).toEqual({ form: 0, subgrids: 0 });
  });

  it('asks to save an unsaved or changed invoice first, and starts nothing', async () => {
    for (const options of [{ id: '' }, { dirty: true }]) {
      const q = platform();
      const { form } = invoiceForm(options);
      await reconcileInvoice(q.deps, form, pollPolicy(180));
      expect(created(q)).toEqual([]);
      expect(q.navigation.dialogs).toEqual([
        { kind: 'alert', title: 'Save first', text: 'Save this record first, then choose Reconcile again.' },
      ]);
    }
    expect(isInvoiceSaved(invoiceForm({ id: '' }).form)).toBe(false);
    expect(isInvoiceSaved(invoiceForm().form)).toBe(true);
  });

  it('says an invoice without a provider has nothing to reconcile against', async () => {
    const { form } = invoiceForm({ provider: false });
    await run(p, form);
    expect(created(p)).toEqual([]);
    expect(p.navigation.dialogs[0].title).toBe('No provider');
  });

  it('tells the user when the job cannot be created', async () => {
    const { WebApiError } = await import('./fakes/fake-webapi');
    p.webApi.failCreate = new WebApiError(0x80040220, 'You do not have prvCreatew365_syncjob.');
    const { form, refreshed } = invoiceForm();
    await run(p, form);
    expect(p.navigation.dialogs[0]).toMatchObject({
      title: 'Could not start',
      text: 'Reconcile could not be started: You do not have prvCreatew365_syncjob.',
    });
    expect(refreshed).toEqual({ form: 0, subgrids: 0 });
  });
});
