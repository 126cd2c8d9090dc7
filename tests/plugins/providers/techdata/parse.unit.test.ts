/**
 * The pure parts of the connector on recorded pages (tests/fixtures/techdata): envelope, page frame,
 * record mapping and problems, property validation, the reseller relationship link.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readEnvelope } from '../../../../plugins/providers/techdata/envelope';
import { parseCustomer, parseSubscription, readPageFrame } from '../../../../plugins/providers/techdata/parse';
import { checkCurrencyCode, checkServiceUrl } from '../../../../plugins/providers/common/properties';
import {
  checkSoin,
  readTechDataSettings,
  validateTechDataConfig,
} from '../../../../plugins/providers/techdata/properties';
import { checkResellerRelationshipUrl } from '../../../../plugins/providers/techdata';
import type { ProviderConfig } from '../../../../plugins/providers/types';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures/techdata', name), 'utf8'));

function page(json: unknown, listField: string) {
  const envelope = readEnvelope(json);
  if (!envelope?.ok) throw new Error('not a success envelope');
  return readPageFrame(envelope.body, listField, 'test page');
}

describe('TechData pages and records', () => {
  it('maps a recorded customers page', () => {
    const frame = page(fixture('customers-page-1.json'), 'endCustomers');
    expect(frame.totalPages).toBe(1);
    const parsed = frame.items.map((c, i) => parseCustomer(c, 1, i));
    expect(parsed.every((p) => p.ok)).toBe(true);
    const [first] = parsed;
    expect(first.ok && first.value).toMatchObject({
      providerSpecificId: '1000006',
      name: 'Contoso Ltd',
      email: 'it@contoso.co.uk',
      status: 'Active',
    });
  });

  it('maps a recorded subscriptions page (single-key objects keyed by subscription id)', () => {
    const frame = page(fixture('subscriptions-page-1.json'), 'subscriptions');
    const first = parseSubscription(frame.items[0], 1, 0, 'GBP');
    expect(first).toEqual({
      ok: true,
      value: {
        providerSubscriptionId: '70000003',
        customerId: '1000006',
        sku: '14100011',
        microsoftOfferId: 'CFQ7TTC0LH18:0001',
        microsoftSubscriptionId: '14bcef23-f09c-497b-927c-5d03942aca90',
        description: 'Microsoft 365 Business Basic',
        quantity: 225,
        status: 'active',
        unitPrice: 6,
        unitCost: 5.49,
        currencyCode: 'GBP',
        billingCycle: 'monthly',
        term: 'P1Y',
        startDate: '2025-03-20',
        endDate: '2026-03-19',
        autoRenew: true,
      },
    });
  });

  it('accepts the variations a real feed has and drops identifiers it cannot trust', () => {
    const odd = fixture('odd-records.json') as { customers: unknown; subscriptions: unknown };
    const customers = page(odd.customers, 'endCustomers').items.map((c, i) => parseCustomer(c, 1, i));
    expect(customers[0]).toEqual({
      ok: true,
      value: {
        providerSpecificId: '1000123',
        name: 'Wingtip Toys Pty Ltd',
        email: 'it@wingtiptoys.com.au',
        status: 'Active',
        tenantId: '5b1c6e1a-8f3d-4f7b-9b0a-2c4d6e8f0a1b',
        primaryDomain: 'wingtiptoys.onmicrosoft.com',
      },
    });
    expect(customers[1]).toEqual({ ok: true, value: { providerSpecificId: '1000124', name: 'Trey Research LLC' } });
    expect(customers.slice(2).map((c) => (c.ok ? 'ok' : c.problem.message))).toEqual([
      'customer #3 on page 1 has no endCustomerId',
      'customer 1000126 has no company name',
      'customer #5 on page 1 is not a JSON object',
    ]);
  });

  it('reports each malformed subscription by id and why', () => {
    const odd = fixture('odd-records.json') as { subscriptions: unknown };
    const subs = page(odd.subscriptions, 'subscriptions').items.map((s, i) => parseSubscription(s, 2, i, 'EUR'));
    expect(subs[0]).toEqual({
      ok: true,
      value: {
        providerSubscriptionId: '80000001',
        customerId: '1000123',
        sku: '14100031',
        description: 'Microsoft 365 Business Premium',
        quantity: 7,
        status: 'active',
        unitPrice: 22,
        currencyCode: 'EUR',
        billingCycle: 'annual',
        term: 'P1Y',
        startDate: '2025-01-15',
        autoRenew: false,
      },
    });
    expect(subs[1]).toMatchObject({ ok: true, value: { status: 'cancelled', quantity: 0, description: '14100050' } });
    expect(subs.slice(2).map((s) => (s.ok ? 'ok' : `${s.problem.record}: ${s.problem.message}`))).toEqual([
      'subscription 80000003: subscription 80000003 has quantity 2.5, which is not a whole number of licences of 0 or more',
      'subscription #4 on page 2: subscription #4 on page 2 is not an object keyed by one subscription id',
      'subscription #5 on page 2: subscription #5 on page 2 is not a JSON object',
      'subscription 80000006: subscription 80000006 has unitPrice "n/a", which is not a number',
      'subscription 80000007: subscription 80000007 has no sku (the TechData part number)',
      'subscription 80000008: subscription 80000008 has lineStatus null, which is not a known status (active, suspended, cancelled, expired, pending)',
    ]);
  });

  it('refuses a page whose frame is wrong, so the listing cannot silently come up short', () => {
    expect(() => readPageFrame({ endCustomers: [] }, 'endCustomers', 'customers page 2')).toThrow(
      /customers page 2 could not be read \(totalPages is not a whole number\)/,
    );
    expect(() => readPageFrame({ totalPages: 3 }, 'endCustomers', 'customers page 2')).toThrow(/no endCustomers list/);
    expect(() => readPageFrame('oops', 'endCustomers', 'customers page 2')).toThrow(/BodyText is not an object/);
  });

  it('reads failure envelopes in the shapes TechData may use', () => {
    expect(
      readEnvelope({ Result: 'Failed', BodyText: { errorCode: 'INVALID_SOIN', errorMessage: 'Bad SOIN' } }),
    ).toEqual({ ok: false, detail: 'Bad SOIN', code: 'INVALID_SOIN' });
    expect(readEnvelope({ Result: 'Failed', BodyText: 'Something broke' })).toEqual({
      ok: false,
      detail: 'Something broke',
    });
    expect(readEnvelope({ Result: 'Failed', ErrorMessage: 'Top level' })).toEqual({ ok: false, detail: 'Top level' });
    expect(readEnvelope({ error: 'not an envelope' })).toBeUndefined();
  });
});

describe('TechData properties', () => {
  const good: ProviderConfig = {
    providerId: 'p1',
    name: 'TechData',
    internalName: 'Providers.TechDataCspProvider',
    userName: 'client-id',
    password: 'client-secret-value',
    endpointUrl: 'https://sso.techdata.com/as/token.oauth2',
    properties: {
      'TechData SOIN': '0123456789abcdef0123456789ABCDEF01234567',
      'currency code': ' gbp ',
      'API End Point URL': 'https://partnerapi.tdstreamone.com',
    },
  };

  it('accepts a complete setup (property names in any case) and reads it', () => {
    expect(validateTechDataConfig(good)).toEqual([]);
    expect(readTechDataSettings(good)).toMatchObject({
      currencyCode: 'GBP',
      apiBaseUrl: 'https://partnerapi.tdstreamone.com/',
      soin: '0123456789abcdef0123456789ABCDEF01234567',
    });
  });

  it('lists every missing and invalid property by its label', () => {
    const problems = validateTechDataConfig({
      ...good,
      userName: '',
      password: undefined,
      properties: { 'TechData SOIN': 'xyz' },
    });
    expect(problems.map((p) => `${p.code} ${p.field}`)).toEqual([
      'PROVIDER_PROPERTY_MISSING Client ID',
      'PROVIDER_PROPERTY_MISSING Client Secret',
      'PROVIDER_PROPERTY_INVALID TechData SOIN',
      'PROVIDER_PROPERTY_MISSING Currency Code',
      'PROVIDER_PROPERTY_MISSING API End Point URL',
    ]);
  });

  it('validates the SOIN, currency and URLs', () => {
    expect(checkSoin('a'.repeat(40))).toBeUndefined();
    expect(checkSoin('a'.repeat(39))).toMatch(/has 39 characters/);
    expect(checkSoin('g'.repeat(40))).toMatch(/40 hexadecimal/);
    expect(checkCurrencyCode('usd')).toBeUndefined();
    expect(checkCurrencyCode('US')).toMatch(/three-letter/);
    expect(checkCurrencyCode('XYZ')).toMatch(/not an ISO 4217/);
    expect(checkServiceUrl('API End Point URL', 'ftp://x.example')).toMatch(/must start with https/);
    expect(checkServiceUrl('API End Point URL', 'http://partnerapi.tdstreamone.com/')).toMatch(/must start with https/);
    expect(checkServiceUrl('API End Point URL', 'http://127.0.0.1:8080/')).toBeUndefined();
    expect(checkServiceUrl('API End Point URL', 'https://user:pw@host.example/')).toMatch(
      /must not contain a user name/,
    );
    expect(checkServiceUrl('API End Point URL', 'not a url')).toMatch(/not a valid URL/);
  });

  it('checks the shape of the indirect reseller relationship link', () => {
    const tenant = '8c1b0389-9328-49ab-a065-82efccd95c16';
    const base = `https://admin.microsoft.com/Adminportal/Home?invType=IndirectResellerRelationship&partnerId=${tenant}&msppId=5872588`;
    expect(
      checkResellerRelationshipUrl(`${base}&indirectCSPId=${tenant}&DAP=true#/BillingAccounts/partner-invitation`),
    ).toBeUndefined();
    expect(checkResellerRelationshipUrl(`${base}#/partners/invitation`)).toBeUndefined();
    expect(
      checkResellerRelationshipUrl(
        base.replace('admin.microsoft.com/Adminportal/Home', 'businessstore.microsoft.com/manage/partner-invitation'),
      ),
    ).toBeUndefined();
    expect(checkResellerRelationshipUrl(base.replace('IndirectResellerRelationship', 'ResellerRelationship'))).toMatch(
      /indirect reseller link/,
    );
    expect(checkResellerRelationshipUrl(base.replace('admin.microsoft.com', 'admin.micros0ft.com'))).toMatch(
      /Microsoft admin center link/,
    );
    expect(checkResellerRelationshipUrl(base.replace(tenant, 'contoso'))).toMatch(/partnerId/);
    expect(checkResellerRelationshipUrl(base.replace('5872588', '0'))).toMatch(/msppId/);
    expect(checkResellerRelationshipUrl(`${base}&indirectCSPId=techdata`)).toMatch(/indirectCSPId/);
    expect(checkResellerRelationshipUrl(`${base}&DAP=yes`)).toMatch(/DAP/);
  });
});
