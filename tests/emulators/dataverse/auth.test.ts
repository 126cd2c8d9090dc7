/**
 * Identity: the token endpoint and OpenID metadata that @azure/msal-node's client-credentials flow
 * uses, and 401s for calls without a valid bearer token.
 */
import { generateKeyPairSync } from 'node:crypto';
import * as https from 'node:https';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { TokenSigner } from '../../../emulators/dataverse/auth/tokens';
import { startApi, type Api } from './helpers';

let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

function post(url: string, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(form).toString();
    const req = https.request(
      url,
      { method: 'POST', ca: api.emu.caPem, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tokenUrl = () => `${api.emu.authority}/oauth2/v2.0/token`;
const creds = () => ({
  grant_type: 'client_credentials',
  client_id: 'w365-sync-service',
  client_secret: 'emulator-secret-change-me',
  scope: `${api.emu.url}/.default`,
});

describe('@azure/msal-node client credentials against the emulator', () => {
  test('acquires a token with authority = emu.authority and knownAuthorities = [host]; the token works on the Web API; the second call is cached', async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: api.emu.defaultClient.clientId,
        clientSecret: api.emu.defaultClient.clientSecret,
        authority: api.emu.authority,
        knownAuthorities: [new URL(api.emu.url).host],
      },
      // Trust the emulator's CA for msal's own requests (works in msal-node 3.8).
      system: { customAgentOptions: { ca: api.emu.caPem } },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [`${api.emu.url}/.default`] });
    expect(result?.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(result?.tokenType).toBe('Bearer');
    const who = await api.request('GET', 'WhoAmI', { token: result!.accessToken });
    expect(who.status).toBe(200);
    const again = await app.acquireTokenByClientCredential({ scopes: [`${api.emu.url}/.default`] });
    expect(again?.fromCache).toBe(true);
  });

  test("a wrong secret is refused by msal with Entra's AADSTS7000215", async () => {
    const app = new ConfidentialClientApplication({
      auth: {
        clientId: 'w365-sync-service',
        clientSecret: 'wrong',
        authority: api.emu.authority,
        knownAuthorities: [new URL(api.emu.url).host],
      },
      system: { customAgentOptions: { ca: api.emu.caPem } },
    });
    await expect(app.acquireTokenByClientCredential({ scopes: [`${api.emu.url}/.default`] })).rejects.toThrow(
      /AADSTS7000215/,
    );
  });
});

describe('token endpoint and metadata', () => {
  test('OpenID configuration names the token endpoint, issuer and JWKS under the authority', async () => {
    const r = await api.request('GET', `${api.emu.authority}/v2.0/.well-known/openid-configuration`, { token: null });
    expect(r.status).toBe(200);
    expect(r.json.token_endpoint).toBe(`${api.emu.authority}/oauth2/v2.0/token`);
    expect(r.json.issuer).toBe(`${api.emu.authority}/v2.0`);
    const jwks = await api.request('GET', r.json.jwks_uri, { token: null });
    expect(jwks.json.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });

  test('client credentials: a Bearer token for the environment', async () => {
    const r = await post(tokenUrl(), creds());
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = JSON.parse(Buffer.from(String(r.json.access_token).split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ aud: api.emu.url, appid: 'w365-sync-service', tid: api.emu.tenantId });
  });

  test("errors in Entra's shape: unknown client, wrong secret, wrong resource, scope without /.default, wrong grant", async () => {
    const unknown = await post(tokenUrl(), { ...creds(), client_id: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    const secret = await post(tokenUrl(), { ...creds(), client_secret: 'nope' });
    expect(secret.status).toBe(401);
    expect(secret.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(String(secret.json.error_description)).not.toContain('nope');
    const resource = await post(tokenUrl(), { ...creds(), scope: 'https://other.crm.dynamics.com/.default' });
    expect(resource.json).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
    const scope = await post(tokenUrl(), { ...creds(), scope: api.emu.url });
    expect(scope.json).toMatchObject({ error: 'invalid_scope' });
    const grant = await post(tokenUrl(), { ...creds(), grant_type: 'password' });
    expect(grant.json).toMatchObject({ error: 'unsupported_grant_type' });
  });

  test('the audience may be spelled 127.0.0.1 or with a trailing slash (both name this environment)', async () => {
    const port = new URL(api.emu.url).port;
    const r = await post(tokenUrl(), { ...creds(), scope: `https://127.0.0.1:${port}//.default` });
    expect(r.status).toBe(200);
    expect((await api.request('GET', 'WhoAmI', { token: String(r.json.access_token) })).status).toBe(200);
  });
});

describe('401 without a valid bearer token', () => {
  const expect401 = (r: {
    status: number;
    headers: Record<string, string>;
    json: { error: { code: string; message: string } };
  }) => {
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe(
      `Bearer authorization_uri=${api.emu.authority}/oauth2/authorize, resource_id=${api.emu.url}/`,
    );
    expect(r.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  };

  test('no token', async () => {
    expect401(await api.request('GET', 'WhoAmI', { token: null }));
  });

  test('a malformed token, or one signed by another key', async () => {
    expect401(await api.request('GET', 'WhoAmI', { token: 'not.a.token' }));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forger = new TokenSigner(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'forged');
    const now = Math.floor(Date.now() / 1000);
    const forged = forger.sign({
      aud: api.emu.url,
      iss: 'x',
      iat: now,
      nbf: now,
      exp: now + 600,
      appid: 'w365-sync-service',
      appidacr: '1',
      idtyp: 'app',
      oid: 'x',
      sub: 'x',
      tid: 'x',
      ver: '1.0',
    });
    expect401(await api.request('GET', 'WhoAmI', { token: forged }));
  });

  test('an expired token', async () => {
    const expired = await startApi({ tokenLifetimeInS: 1 });
    try {
      const token = expired.emu.getToken();
      expect((await expired.request('GET', 'WhoAmI', { token })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2100));
      const r = await expired.request('GET', 'WhoAmI', { token });
      expect(r.status).toBe(401);
      expect(r.json.error.message).toBe('The token is expired.');
    } finally {
      await expired.close();
    }
  });
});

test('TokenSigner refuses tokens outside their lifetime and tokens with alg none', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const s = new TokenSigner(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'k1');
  const t = s.sign({
    aud: 'a',
    iss: 'i',
    iat: 1000,
    nbf: 1000,
    exp: 2000,
    appid: 'c',
    appidacr: '1',
    idtyp: 'app',
    oid: 'o',
    sub: 'o',
    tid: 't',
    ver: '1.0',
  });
  expect(s.verify(t, 1500)).toMatchObject({ appid: 'c' });
  expect(s.verify(t, 2000)).toEqual({ invalid: 'The token is expired.' });
  const [, payload] = t.split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.`;
  expect(s.verify(none, 1500)).toHaveProperty('invalid');
});
