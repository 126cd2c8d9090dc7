/**
 * The full flow for a StreamOne Ion provider, as a CRM user runs it: Verify Connectivity, Sync Provider
 * Accounts (with automap on tenant id, domain and name), Sync Subscriptions (products resolved, Product
 * Mappings written with the Microsoft licence, term and billing), then a quantity change at Ion. The
 * real service runs on the Dataverse emulator with the Dataverse token store; the engine is unchanged.
 */
import { Choices, Tables } from '../../../../solution/schema';
import { startIonSandbox, type IonSandbox } from '../../../../emulators/ion';
import { eq } from '../../../../plugins/dataverse/odata';
import { createDataverseTokenStore } from '../../../../plugins/dataverse/token-store';
import { decodeState } from '../../../../plugins/providers/ion/token-state';
import { createAccount, createDefaultContract, createProduct, createProviderRow } from '../helpers/dataverse-rows';
import { startServiceHarness, type ServiceHarness } from '../helpers/service-harness';

const CONTOSO_TENANT = '0b3c9e5e-1f4a-4c1d-9a7e-2b1f6c0d8e11';

describe('StreamOne Ion: the full flow through the service', () => {
  let h: ServiceHarness;
  let sandbox: IonSandbox;
  let providerId: string;
  const accounts: Record<string, string> = {};

  beforeAll(async () => {
    h = await startServiceHarness({ tokenStore: (dv) => createDataverseTokenStore(dv, { ownerName: 'flow-test' }) });
    sandbox = await startIonSandbox({
      seed: 'flow',
      customers: 10,
      subscriptionsPerCustomer: 3,
      anchors: [
        { name: 'Contoso Ltd', country: 'GB', tenantId: CONTOSO_TENANT, domain: 'contosoltd.onmicrosoft.com' },
        { name: 'Fabrikam, Inc.', country: 'US' },
        { name: 'Northwind Traders Pty Ltd', country: 'AU', domain: 'northwindtraders.com.au' },
      ],
    });
    // CRM accounts as a partner has them: the same tenant under another name, the same name written
    // differently, the same domain (on the website) under another name.
    accounts.contoso = await createAccount(h.dv, { name: 'Contoso Head Office', tenantId: CONTOSO_TENANT });
    accounts.fabrikam = await createAccount(h.dv, { name: 'Fabrikam Inc' });
    accounts.northwind = await createAccount(h.dv, {
      name: 'NW Holdings',
      website: 'https://www.northwindtraders.com.au',
    });
    for (const key of ['contoso', 'fabrikam', 'northwind'])
      await createDefaultContract(h.dv, accounts[key], `${key} licences`);
    // One product the partner already sells, keyed by Ion's part number of a Contoso line.
    const contosoLine = sandbox
      .subscriptions()
      .find((s) => s.customerId === sandbox.customers()[0].customerId && s.mfgPartNumber);
    await createProduct(h.dv, 'Licence sold to Contoso', contosoLine!.mfgPartNumber!, 30);
    const cfg = sandbox.providerConfig();
    providerId = await createProviderRow(h.dv, { ...cfg, name: 'TD SYNNEX Ion (flow test)' });
  });
  afterAll(async () => {
    await sandbox?.close();
    await h?.close();
  });

  it('Verify Connectivity marks the provider verified and stores the first renewal in the secured Token State', async () => {
    const job = await h.runJob('VerifyConnectivity', providerId);
    expect(job.status).toBe('Succeeded');
    expect(job.summary).toMatch(/^Verified: Connected to TD SYNNEX StreamOne Ion/);
    const P = Tables.provider;
    const row = await h.dv.retrieve(P.entitySetName, providerId, [
      P.col.connectivityStatus,
      P.col.connectivityCode,
      P.col.tokenState,
      P.col.tokenLeaseOwner,
    ]);
    expect(row?.[P.col.connectivityStatus]).toBe(Choices.connectivityStatus.Verified);
    expect(row?.[P.col.connectivityCode]).toBe('VERIFIED');
    const state = decodeState(String(row?.[P.col.tokenState]));
    expect(state.kind === 'ok' && state.state.generation).toBe(1);
    expect(row?.[P.col.tokenLeaseOwner]).toBeNull();
    // The admin's refresh token is used up; the live one is only in the Token State.
    expect(sandbox.liveRefreshTokens()).toEqual([state.kind === 'ok' ? state.state.refreshToken : '']);
  });

  it('Sync Provider Accounts lists every customer with its tenant and maps three automatically', async () => {
    const job = await h.runJob('SyncProviderAccounts', providerId);
    expect(['Succeeded', 'SucceededWithWarnings']).toContain(job.status);
    expect(job.counts.created).toBe(10);
    const PA = Tables.providerAccount;
    const rows = await h.dv.all(PA.entitySetName, { filter: eq(PA.val.provider, { guid: providerId }) });
    expect(rows).toHaveLength(10);
    const byName = new Map(rows.map((r) => [String(r[PA.col.name]), r]));
    const contoso = byName.get('Contoso Ltd');
    expect(contoso?.[PA.col.tenantId]).toBe(CONTOSO_TENANT);
    expect(contoso?.[PA.col.providerSpecificId]).toBe(sandbox.customers()[0].customerId);
    for (const [name, key] of [
      ['Contoso Ltd', 'contoso'],
      ['Fabrikam, Inc.', 'fabrikam'],
      ['Northwind Traders Pty Ltd', 'northwind'],
    ]) {
      const row = byName.get(name);
      expect([name, row?.[PA.col.mappingStatus], row?.[PA.val.account]]).toEqual([
        name,
        Choices.mappingStatus.Mapped,
        accounts[key],
      ]);
    }
  });

  it("Sync Subscriptions creates the mapped customers' subscriptions and a Product Mapping per part number", async () => {
    const job = await h.runJob('SyncSubscriptions', providerId);
    expect(['Succeeded', 'SucceededWithWarnings']).toContain(job.status);
    const mappedCustomers = new Set(
      sandbox
        .customers()
        .slice(0, 3)
        .map((c) => c.customerId),
    );
    const expected = sandbox
      .subscriptions()
      .filter((s) => s.cloudProviderId === '30' && mappedCustomers.has(s.customerId));
    const S = Tables.subscription;
    const subs = await h.dv.all(S.entitySetName, { filter: eq(S.val.provider, { guid: providerId }) });
    expect(subs.map((s) => String(s[S.col.providerSubscriptionId])).sort()).toEqual(expected.map((s) => s.id).sort());
    for (const line of expected) {
      const row = subs.find((s) => s[S.col.providerSubscriptionId] === line.id)!;
      expect([line.id, row[S.col.quantity], row[S.col.providerPartNumber]]).toEqual([
        line.id,
        line.quantity,
        line.mfgPartNumber ?? `${line.ccpProductId}/${line.ccpSkuId}/${line.ccpPlanId}`,
      ]);
      expect(row[S.val.billingContract]).toBeTruthy();
    }
    const PM = Tables.productMapping;
    const mappings = await h.dv.all(PM.entitySetName, { filter: eq(PM.val.provider, { guid: providerId }) });
    const skus = new Set(expected.map((s) => s.mfgPartNumber ?? `${s.ccpProductId}/${s.ccpSkuId}/${s.ccpPlanId}`));
    expect(mappings.map((m) => String(m[PM.col.providerSku])).sort()).toEqual([...skus].sort());
    const licence = expected.find((s) => s.mfgPartNumber)!;
    const mapping = mappings.find((m) => m[PM.col.providerSku] === licence.mfgPartNumber)!;
    // The three parts of a product mapping: the Microsoft licence, the distributor item and its terms.
    expect(mapping).toMatchObject({
      [PM.col.microsoftOfferId]: licence.microsoftOfferId,
      [PM.col.term]: licence.billingTerm,
      [PM.col.billingCycle]:
        licence.billingCycle === 'annual' ? Choices.billingCycle.Annual : Choices.billingCycle.Monthly,
    });
    expect(mappings.filter((m) => m[PM.col.mappingStatus] === Choices.productMappingStatus.Mapped)).toHaveLength(1);
  });

  it('a quantity change at Ion becomes a License Change Log entry on the next sync, still without another renewal', async () => {
    const mapped = new Set(
      sandbox
        .customers()
        .slice(0, 3)
        .map((c) => c.customerId),
    );
    const line = sandbox
      .subscriptions()
      .find((s) => mapped.has(s.customerId) && s.mfgPartNumber && s.status === 'active')!;
    sandbox.setSubscription({ ...line, quantity: line.quantity + 5 });
    const job = await h.runJob('SyncSubscriptions', providerId);
    expect(job.counts.updated).toBe(1);
    const L = Tables.licenseChangeLog;
    const logs = await h.dv.all(L.entitySetName, { filter: `${L.col.changeType} eq ${Choices.changeType.Increase}` });
    expect(logs.map((l) => [l[L.col.quantityDelta], l[L.col.quantityAfter]])).toEqual([[5, line.quantity + 5]]);
    // Four jobs, one renewal: every later job used the stored access token.
    expect(sandbox.authStats()).toMatchObject({ renewals: 1, reusedRefreshTokens: 0 });
    // No token in anything the service logged.
    const state = decodeState(
      String(
        (await h.dv.retrieve(Tables.provider.entitySetName, providerId, [Tables.provider.col.tokenState]))?.[
          Tables.provider.col.tokenState
        ],
      ),
    );
    const log = h.logLines.join('\n');
    if (state.kind === 'ok')
      for (const secret of [state.state.refreshToken, state.state.accessToken ?? 'none', sandbox.refreshToken])
        expect(log).not.toContain(secret);
  });
});
