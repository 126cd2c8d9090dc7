import { Tables } from '../../../solution/schema';
import { buildBatchBody, parseBatchResponse } from '../../../plugins/dataverse/batch';
import { diff, selectFor } from '../../../plugins/dataverse/diff';
import { createRow, toOperation, updateRow } from '../../../plugins/dataverse/intents';
import { eq, inList, keySegment, queryString, recordPath, stringLiteral } from '../../../plugins/dataverse/odata';

describe('OData literals', () => {
  it("escapes a customer called O'Brien & Sons in filters and keys", () => {
    expect(stringLiteral("O'Brien & Sons")).toBe("'O''Brien & Sons'");
    expect(eq('name', "O'Brien & Sons")).toBe("name eq 'O''Brien & Sons'");
    // & must be URL-encoded once in the query string, or it would start a new query option.
    expect(queryString({ filter: eq('name', "O'Brien & Sons") })).toBe(
      `?$filter=${encodeURIComponent("name eq 'O''Brien & Sons'")}`,
    );
    expect(recordPath('accounts', { accountnumber: "O'B&S" })).toBe(
      `accounts(accountnumber=${encodeURIComponent("'O''B&S'")})`,
    );
  });

  it('addresses lookups in alternate keys by their _x_value name', () => {
    const key = keySegment(Tables.providerAccount, 'w365_provideraccount_providerid', {
      w365_providerid: { guid: '11111111-2222-3333-4444-555555555555' },
      w365_providerspecificid: 'C-1',
    });
    expect(recordPath(Tables.providerAccount.entitySetName, key)).toBe(
      "w365_provideraccounts(_w365_providerid_value=11111111-2222-3333-4444-555555555555,w365_providerspecificid='C-1')",
    );
  });

  it('refuses a non-GUID where a GUID is needed', () => {
    expect(() => recordPath('accounts', '1) or (1 eq 1')).toThrow(/Not a GUID/);
  });

  it('builds an In() filter', () => {
    expect(inList('w365_providersku', ['A"1', 'B'])).toBe(
      `Microsoft.Dynamics.CRM.In(PropertyName='w365_providersku',PropertyValues=["A\\"1","B"])`,
    );
  });
});

describe('compare before write', () => {
  const S = Tables.subscription;
  const provider = { table: Tables.provider, id: 'aaaaaaaa-0000-0000-0000-000000000001' };
  const current = {
    [S.col.quantity]: 10,
    [S.col.unitPrice]: 12.5,
    [S.col.name]: 'Microsoft 365 E3',
    [S.col.startDate]: '2026-01-01',
    [S.val.provider]: provider.id,
  };

  it('writes nothing when nothing changed', () => {
    const d = {
      values: { [S.col.quantity]: 10, [S.col.unitPrice]: 12.5, [S.col.startDate]: '2026-01-01T00:00:00Z' },
      lookups: { [S.col.provider]: provider },
    };
    expect(diff(S, current, d)).toBeNull();
  });

  it('sends only the changed columns, lookups as binds', () => {
    const other = { table: Tables.provider, id: 'aaaaaaaa-0000-0000-0000-000000000002' };
    const d = {
      values: { [S.col.quantity]: 12, [S.col.name]: 'Microsoft 365 E3' },
      lookups: { [S.col.provider]: other },
    };
    const changes = diff(S, current, d);
    expect(changes).toEqual({ values: { [S.col.quantity]: 12 }, lookups: { [S.col.provider]: other } });
    expect(toOperation(updateRow(S, 'aaaaaaaa-0000-0000-0000-0000000000ff', changes!, { etag: 'W/"7"' }))).toEqual({
      method: 'PATCH',
      path: 'w365_subscriptions(aaaaaaaa-0000-0000-0000-0000000000ff)',
      body: { [S.col.quantity]: 12, 'w365_ProviderId@odata.bind': `/w365_providers(${other.id})` },
      headers: { 'If-Match': 'W/"7"' },
    });
    expect(selectFor(d)).toEqual([S.col.quantity, S.col.name, S.val.provider]);
  });

  it('builds a create body', () => {
    expect(
      toOperation(createRow(S, { values: { [S.col.quantity]: 1 }, lookups: { [S.col.provider]: provider } })),
    ).toEqual({
      method: 'POST',
      path: 'w365_subscriptions',
      body: { [S.col.quantity]: 1, 'w365_ProviderId@odata.bind': `/w365_providers(${provider.id})` },
    });
  });
});

describe('$batch bodies', () => {
  it('writes change sets with Content-IDs and parses a nested answer', () => {
    const { contentType, body } = buildBatchBody('/api/data/v9.2', [
      {
        changeSet: [
          { method: 'POST', path: 'accounts', body: { name: 'A' } },
          { method: 'PATCH', path: 'accounts(x)', body: { name: 'B' } },
        ],
      },
      { get: { method: 'GET', path: 'accounts?$select=name' } },
    ]);
    expect(contentType).toMatch(/^multipart\/mixed; boundary=batch_/);
    expect(body).toContain('Content-ID: 1');
    expect(body).toContain('Content-ID: 2');
    expect(body).toContain('POST /api/data/v9.2/accounts HTTP/1.1');
    expect(body).toContain('Content-Type: application/json; type=entry');
    const answer = [
      '--batchresponse_1',
      'Content-Type: multipart/mixed; boundary=changesetresponse_2',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'HTTP/1.1 204 No Content',
      'OData-EntityId: https://org/api/data/v9.2/accounts(11111111-1111-1111-1111-111111111111)',
      '',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'HTTP/1.1 412 Precondition Failed',
      'Content-Type: application/json; odata.metadata=minimal',
      '',
      '{"error":{"code":"0x80060892","message":"dup"}}',
      '--changesetresponse_2--',
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json',
      '',
      '{"value":[]}',
      '--batchresponse_1--',
      '',
    ].join('\r\n');
    const parsed = parseBatchResponse('multipart/mixed; boundary=batchresponse_1', answer);
    expect(parsed.map((p) => [p.status, p.contentId])).toEqual([
      [204, '1'],
      [412, '2'],
      [200, undefined],
    ]);
    expect(parsed[0].headers['odata-entityid']).toContain('11111111-1111-1111-1111-111111111111');
    expect(JSON.parse(parsed[1].body).error.code).toBe('0x80060892');
    expect(JSON.parse(parsed[2].body)).toEqual({ value: [] });
  });
});
