/**
 * The Ion sandbox itself: deterministic data, the strict OAuth (rotation, a reused refresh token refused
 * and its chain revoked, expiring access tokens), tamper-evident page tokens, the /_sandbox/ controls,
 * and `w365 sandbox ion` (one JSON ready line, clean stop on SIGTERM).
 */
import { generateIonDataset, startIonSandbox, TOKEN_ERROR, type IonSandbox } from '../../../../emulators/ion';
import { spawnW365 } from '../helpers/sandbox-cli';

async function post(
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Ion sandbox', () => {
  let sandbox: IonSandbox;
  beforeAll(async () => {
    sandbox = await startIonSandbox({ seed: 'sandbox', customers: 12 });
  });
  afterAll(() => sandbox.close());

  it('generates the same data for the same seed, and puts anchors first', () => {
    const a = generateIonDataset('x', { customers: 10 });
    expect(generateIonDataset('x', { customers: 10 })).toEqual(a);
    expect(generateIonDataset('y', { customers: 10 }).customers.map((c) => c.organization)).not.toEqual(
      a.customers.map((c) => c.organization),
    );
    const anchored = generateIonDataset('x', {
      customers: 3,
      anchors: [{ name: 'Contoso Ltd', tenantId: '0b3c9e5e-1f4a-4c1d-9a7e-2b1f6c0d8e11' }],
    });
    expect(anchored.customers[0]).toMatchObject({
      organization: 'Contoso Ltd',
      microsoft: { tenantId: '0b3c9e5e-1f4a-4c1d-9a7e-2b1f6c0d8e11', enabled: true },
    });
  });

  it("rotates refresh tokens, refuses a reused one with Ion's error and revokes what came from it", async () => {
    const first = sandbox.newCredentials();
    const renewed = await post(sandbox.tokenUrl, { grant_type: 'refresh_token', refresh_token: first });
    expect(renewed).toMatchObject({ status: 200, body: { expires_in: 7200, token_type: 'Bearer' } });
    const second = String(renewed.body.refresh_token);
    expect(second).not.toBe(first);
    expect(sandbox.liveRefreshTokens()).toEqual([second]);
    expect(await post(sandbox.tokenUrl, { grant_type: 'refresh_token', refresh_token: first })).toEqual({
      status: 400,
      body: { error: TOKEN_ERROR },
    });
    // The reuse revoked the chain: the second token and the access token no longer work.
    expect(sandbox.liveRefreshTokens()).toEqual([]);
    const api = await fetch(`${sandbox.apiUrl}customers?pageSize=1`, {
      headers: { Authorization: `Bearer ${String(renewed.body.access_token)}` },
    });
    expect(api.status).toBe(401);
    expect((await post(sandbox.tokenUrl, { grant_type: 'client_credentials' })).status).toBe(400);
  });

  it('expires access tokens after their lifetime', async () => {
    const short = await startIonSandbox({ seed: 'short', customers: 2, accessTokenTtlInSeconds: 1 });
    try {
      const token = await post(short.tokenUrl, { grant_type: 'refresh_token', refresh_token: short.refreshToken });
      const call = () =>
        fetch(`${short.apiUrl}customers?pageSize=1`, {
          headers: { Authorization: `Bearer ${String(token.body.access_token)}` },
        });
      expect((await call()).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_100));
      const expired = await call();
      expect(expired.status).toBe(401);
      expect(await expired.json()).toMatchObject({
        error: 'UNAUTHENTICATED',
        message: 'access token expired',
        code: 401,
      });
    } finally {
      await short.close();
    }
  });

  it('refuses a page token it did not issue', async () => {
    const token = await post(sandbox.tokenUrl, {
      grant_type: 'refresh_token',
      refresh_token: sandbox.newCredentials(),
    });
    const auth = { headers: { Authorization: `Bearer ${String(token.body.access_token)}` } };
    const first = (await (await fetch(`${sandbox.apiUrl}customers?pageSize=5`, auth)).json()) as {
      nextPageToken: string;
    };
    expect(first.nextPageToken).toEqual(expect.any(String));
    const forged = Buffer.from('5.forgedmac').toString('base64url');
    const res = await fetch(`${sandbox.apiUrl}customers?pageSize=5&pageToken=${forged}`, auth);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'INVALID_REQUEST', message: 'invalid page_token' });
  });

  it('exposes its controls over HTTP', async () => {
    const info = (await (await fetch(`${sandbox.url}/_sandbox/info`)).json()) as Record<string, string>;
    expect(info).toMatchObject({ name: 'ion', accountId: sandbox.accountId });
    const fresh = (await (await fetch(`${sandbox.url}/_sandbox/credentials`, { method: 'POST' })).json()) as {
      refreshToken: string;
    };
    expect((await (await fetch(`${sandbox.url}/_sandbox/refresh-tokens`)).json()) as unknown).toEqual({
      live: [fresh.refreshToken],
    });
    const put = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rejectAccount: true }),
    });
    expect(await put.json()).toEqual({ rejectAccount: true });
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    const changes = (await (
      await fetch(`${sandbox.url}/_sandbox/change-quantities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fraction: 0.5, seed: 1 }),
      })
    ).json()) as { changes: unknown[] };
    expect(changes.changes.length).toBeGreaterThan(0);
  });
});

describe('w365 sandbox ion', () => {
  it('prints one JSON ready line, serves, and stops on SIGTERM', async () => {
    const { child, exited, readyLine } = spawnW365([
      'sandbox',
      'ion',
      '--port',
      '0',
      '--customers',
      '9',
      '--seed',
      'cli',
      '--reject-account',
    ]);
    try {
      const ready = JSON.parse(await readyLine) as Record<string, string>;
      expect(Object.keys(ready).sort()).toEqual([
        'accountId',
        'apiUrl',
        'currencyCode',
        'name',
        'refreshToken',
        'tokenUrl',
        'url',
      ]);
      expect(ready.name).toBe('ion');
      const renewed = await post(ready.tokenUrl, { grant_type: 'refresh_token', refresh_token: ready.refreshToken });
      expect(renewed.status).toBe(200);
      const customers = await fetch(`${ready.apiUrl}customers?pageSize=5`, {
        headers: { Authorization: `Bearer ${String(renewed.body.access_token)}` },
      });
      expect(customers.status).toBe(403);
      const truth = (await (await fetch(`${ready.url}/_sandbox/customers`)).json()) as Array<{ organization: string }>;
      expect(truth.map((c) => c.organization)).toEqual(
        generateIonDataset('cli', { customers: 9 }).customers.map((c) => c.organization),
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
