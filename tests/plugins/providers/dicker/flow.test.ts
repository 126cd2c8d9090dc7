/**
 * The full flow for a Dicker Data provider, as a CRM user runs it: Verify Connectivity, Sync Provider
 * Accounts (tenants from the feed, automap on tenant id and name), Sync Subscriptions (stock codes to
 * Product Mappings holding the Microsoft licence, the Dicker stock item and the CRM product; a malformed
 * line reported and skipped), then a quantity change. The real service runs on the Dataverse emulator;
 * the engine is unchanged. (The service harness is shared with the Ion flow test.)
 */
import { Choices, Tables } from '../../../../solution/schema';
import { startDickerSandbox, type DickerSandbox } from '../../../../emulators/dicker';
import { eq } from '../../../../plugins/dataverse/odata';
import { createAccount, createDefaultContract, createProduct, createProviderRow } from '../helpers/dataverse-rows';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness';

const CONTOSO_TENANT = '5a1e7c3d-2b4f-4e6a-8c9d-0e1f2a3b4c5d';

describe('Dicker Data: the full flow through the service', () => {
  let h: ServiceHarness;
  let sandbox: DickerSandbox;
  let providerId: string;
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    h = await startServiceHarness();
    sandbox = await startDickerSandbox({
      seed: 'flow',
      tenants: 8,
      linesPerTenant: 3,
      anchors: [{ name: 'Contoso Pty Ltd', tenantId: CONTOSO_TENANT }, { name: 'Fabrikam Pty Ltd' }],
    });
    accounts.contoso = await createAccount(h.dv, { name: 'Contoso (Head Office)', tenantId: CONTOSO_TENANT });
    accounts.fabrikam = await createAccount(h.dv, { name: 'FABRIKAM PTY LIMITED' });
    await createDefaultContract(h.dv, accounts.contoso, 'Contoso licences');
    await createDefaultContract(h.dv, accounts.fabrikam, 'Fabrikam licences');
    const contosoLine = sandbox.lines().find((l) => l.tenantId === CONTOSO_TENANT && l.chargeType === 'Recurring')!;
    await createProduct(h.dv, 'Contoso licence', contosoLine.stockCode, 40);
    providerId = await createProviderRow(h.dv, { ...sandbox.providerConfig(), name: 'Dicker Data (flow test)' });
  });
  afterAll(async () => {
    await sandbox?.close();
    await h?.close();
  });

  it('Verify Connectivity marks the provider verified', async () => {
    const job = await h.runJob('VerifyConnectivity', providerId);
    expect(job.status).toBe('Succeeded');
    expect(job.summary).toMatch(/^Verified: Connected to Dicker Data/);
    const row = await h.dv.retrieve(Tables.provider.entitySetName, providerId, [
      Tables.provider.col.connectivityStatus,
    ]);
    expect(row?.[Tables.provider.col.connectivityStatus]).toBe(Choices.connectivityStatus.Verified);
  });

  it("Sync Provider Accounts brings in the feed's tenants and maps two automatically", async () => {
    const job = await h.runJob('SyncProviderAccounts', providerId);
    expect(['Succeeded', 'SucceededWithWarnings']).toContain(job.status);
    const PA = Tables.providerAccount;
    const rows = await h.dv.all(PA.entitySetName, { filter: eq(PA.val.provider, { guid: providerId }) });
    expect(rows.map((r) => String(r[PA.col.providerSpecificId])).sort()).toEqual(
      sandbox
        .tenants()
        .map((t) => t.tenantId)
        .sort(),
    );
    // The tenant id is the provider-specific id and the Microsoft tenant id.
    expect(rows.every((r) => r[PA.col.tenantId] === r[PA.col.providerSpecificId])).toBe(true);
    const mapped = rows
      .filter((r) => r[PA.col.mappingStatus] === Choices.mappingStatus.Mapped)
      .map((r) => [r[PA.col.name], r[PA.val.account]]);
    expect(mapped.sort()).toEqual([
      ['Contoso Pty Ltd', accounts.contoso],
      ['Fabrikam Pty Ltd', accounts.fabrikam],
    ]);
  });

  it("Sync Subscriptions writes the mapped tenants' lines and a Product Mapping per stock code; a malformed line is reported and skipped", async () => {
    const victim = sandbox.lines().find((l) => l.tenantId === CONTOSO_TENANT)!;
    sandbox.setFaults({ malformedLines: 1 });
    const broken = [...sandbox.malformed().keys()][0];
    const job = await h.runJob('SyncSubscriptions', providerId);
    sandbox.setFaults({});
    expect(job.status).toBe('SucceededWithWarnings');
    expect(job.items.filter((i) => i.code === 'RECORD_MALFORMED')).toHaveLength(1);
    const mappedTenants = new Set([CONTOSO_TENANT, sandbox.tenants()[1].tenantId]);
    const expected = sandbox.lines().filter((l) => mappedTenants.has(l.tenantId) && l.subscriptionId !== broken);
    const S = Tables.subscription;
    const subs = await h.dv.all(S.entitySetName, { filter: eq(S.val.provider, { guid: providerId }) });
    expect(subs.map((s) => s[S.col.providerSubscriptionId]).sort()).toEqual(
      expected.map((l) => l.subscriptionId).sort(),
    );
    const row = subs.find((s) => s[S.col.providerSubscriptionId] === victim.subscriptionId);
    expect(victim.subscriptionId).not.toBe(broken);
    expect(row).toMatchObject({ [S.col.providerPartNumber]: victim.stockCode, [S.col.quantity]: victim.qty });
    const PM = Tables.productMapping;
    const mappings = await h.dv.all(PM.entitySetName, { filter: eq(PM.val.provider, { guid: providerId }) });
    expect(mappings.map((m) => m[PM.col.providerSku]).sort()).toEqual(
      [...new Set(expected.map((l) => l.stockCode))].sort(),
    );
    // The CSP Portal seed's three parts: Microsoft licence, Dicker stock item (with term and billing), CRM product.
    const annual = mappings.find((m) => String(m[PM.col.providerSku]).startsWith('P1Y:'));
    expect(annual).toMatchObject({
      [PM.col.microsoftOfferId]: String(annual?.[PM.col.providerSku]).split(':').slice(1, 3).join(':'),
      [PM.col.term]: 'P1Y',
    });
    expect(
      mappings.filter((m) => m[PM.col.mappingStatus] === Choices.productMappingStatus.Mapped).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('a quantity change in the feed becomes a License Change Log entry on the next sync', async () => {
    const line = sandbox
      .lines()
      .find((l) => l.tenantId === CONTOSO_TENANT && l.status === 'Active' && l.chargeType === 'Recurring')!;
    sandbox.setLine({ ...line, qty: line.qty + 3 });
    const job = await h.runJob('SyncSubscriptions', providerId);
    expect(job.counts.updated).toBeGreaterThanOrEqual(1);
    const L = Tables.licenseChangeLog;
    const logs = await h.dv.all(L.entitySetName, { filter: `${L.col.changeType} eq ${Choices.changeType.Increase}` });
    expect(logs.map((l) => [l[L.col.quantityDelta], l[L.col.quantityAfter]])).toContainEqual([3, line.qty + 3]);
    expect(h.logLines.join('\n')).not.toContain(sandbox.accessToken);
  });
});
