/**
 * `w365 import-invoice` and `w365 reconcile` as their actions run them (in process, over the emulator):
 * the local file is uploaded as a note on the provider and imported; the invoice is reconciled; both
 * say NoChange the second time; conflicting options and unreadable files are refused by name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { syncProviderAccounts } from '../../../plugins/sync/accounts/operation';
import type { SyncDeps } from '../../../plugins/sync/deps';
import { syncSubscriptions } from '../../../plugins/sync/subscriptions/operation';
import { importInvoiceTool } from '../../../scripts/commands/import-invoice';
import { reconcileTool } from '../../../scripts/commands/reconcile';
import { outcomeText } from '../../../scripts/commands/tool-job';
import { startHarness, type Harness } from '../../helpers/harness';
import { depsFor, newJob } from '../../helpers/sync';
import { crmSubscriptions, invoiceCsv, lineOf } from '../../plugins/sync/invoice-import/fixture';

jest.setTimeout(120_000);

describe('w365 import-invoice and w365 reconcile', () => {
  let h: Harness;
  let deps: SyncDeps;
  let dir: string;

  beforeAll(async () => {
    h = await startHarness({ techdata: { customers: 8, subscriptionsPerCustomer: 3 }, registerWebhooks: false });
    deps = depsFor(h);
    await syncProviderAccounts(deps, await newJob(h, 'SyncProviderAccounts'));
    await syncSubscriptions(deps, await newJob(h, 'SyncSubscriptions'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-invoice-'));
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a local file through a note on the provider, reconciles it, and does nothing the second time', async () => {
    const subs = await crmSubscriptions(h);
    const lines = subs.map(lineOf);
    lines[0] = { ...lines[0], quantity: lines[0].quantity + 1 };
    const file = path.join(dir, 'nov.csv');
    fs.writeFileSync(file, invoiceCsv('CLI-1', lines));

    const imported = await importInvoiceTool(deps, h.providerId, { file });
    expect(imported.status).toBe('Succeeded');
    expect(outcomeText(imported)).toMatch(/^Succeeded: Imported invoice CLI-1: \d+ lines/);
    const N = Tables.annotation;
    const notes = await h.dv.all(N, {
      select: [N.col.fileName],
      filter: eq(N.val.objectId, { guid: h.providerId }),
    });
    expect(notes.map((n) => n[N.col.fileName])).toContain('nov.csv');
    expect((await importInvoiceTool(deps, h.providerId, { file })).status).toBe('NoChange');

    const reconciled = await reconcileTool(deps, h.providerId, { invoice: 'CLI-1' });
    expect(reconciled.status).toBe('Succeeded');
    expect(reconciled.result).toMatchObject({ byType: { quantity: 1 } });
    expect(outcomeText(reconciled)).toContain('Quantity: 1 (USD ');
    const again = await reconcileTool(deps, h.providerId, { period: '2026-11' });
    expect(again.status).toBe('NoChange');
  });

  it('refuses conflicting options, a bad tolerance and a file it cannot read, by name', async () => {
    await expect(reconcileTool(deps, h.providerId, {})).rejects.toMatchObject({ code: 'CLI_OPTIONS_CONFLICT' });
    await expect(reconcileTool(deps, h.providerId, { invoice: 'CLI-1', toleranceAmount: 'five' })).rejects.toThrow(
      '--tolerance-amount must be a number of 0 or more, not "five".',
    );
    await expect(
      importInvoiceTool(deps, h.providerId, { file: path.join(dir, 'x.csv'), period: '2026-11' }),
    ).rejects.toMatchObject({ code: 'CLI_OPTIONS_CONFLICT' });
    await expect(importInvoiceTool(deps, h.providerId, { file: path.join(dir, 'missing.csv') })).rejects.toThrow(
      /--file .*missing\.csv cannot be read: ENOENT/,
    );
  });
});
