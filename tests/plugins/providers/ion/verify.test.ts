/**
 * Verify Connectivity for StreamOne Ion, against the sandbox and endpoints that fail the way real ones
 * do: the same fixed set of outcomes as TechData, the step each stopped at, a message saying what to
 * fix, and no secret in any message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VerifyOutcomes, type ProviderConfig, type VerifyResult } from '../../../../plugins/providers/types';
import { Tables } from '../../../../solution/schema';
import { closedPort } from '../helpers/connector';
import { createProvider, makeWorker, startEnv, storedState, type Env } from './helpers';
import { IonConnector } from '../../../../plugins/providers/ion';
import { AxiosHttpClient } from '../../../../plugins/shared/http';
import { Redactor } from '../../../../plugins/shared/redact';
import { silentLogger } from '../../../../plugins/shared/logger';

describe('Ion Verify Connectivity', () => {
  let env: Env;
  const messages: string[] = [];
  const verify = async (config: ProviderConfig, name = 'verify', token = {}): Promise<VerifyResult> => {
    const w = makeWorker(env, {
      name,
      journalDir: `${env.dir}/${name}`,
      token,
      connector: { verifyTimeoutInMs: 400, verifyRetry: { maxTries: 2, sleep: async () => undefined } },
    });
    const result = await w.connector.verifyConnectivity(config);
    messages.push(result.message);
    return result;
  };
  /** A provider with fresh credentials (each renewal uses the refresh token up). */
  const fresh = async () => createProvider(env, env.sandbox.newCredentials());

  beforeAll(async () => {
    env = await startEnv({ customers: 8 });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it('verifies good settings: one renewal, how long the refresh token lasts, one read of customers', async () => {
    const config = await fresh();
    env.sandbox.resetStats();
    const result = await verify(config);
    expect(result).toEqual({
      outcome: VerifyOutcomes.Verified,
      step: 'read',
      message: expect.stringMatching(
        /^Connected to TD SYNNEX StreamOne Ion: .*\(8 customers on the first page\); the stored refresh token is good for 31 more days/,
      ),
    });
    // A second Verify uses the stored access token: no renewal (each renewal is a crash window).
    expect((await verify(config, 'verify-2')).outcome).toBe(VerifyOutcomes.Verified);
    expect(env.sandbox.stats()).toMatchObject({ renewals: 1, pages: { customers: 2 } });
  });

  it('reports a stored refresh token that someone else has used (validateAccess says it has no time left)', async () => {
    const config = await fresh();
    expect((await verify(config, 'shared-1')).outcome).toBe(VerifyOutcomes.Verified);
    // Another system holding the same credentials renews with the stored refresh token.
    const { state } = await storedState(env, config.providerId);
    const stolen = await fetch(env.sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: state!.refreshToken }).toString(),
    });
    expect(stolen.status).toBe(200);
    const result = await verify(config, 'shared-2');
    expect(result).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'token' });
    expect(result.message).toMatch(/already used by another system.*Request New Credentials/);
  });

  it('names every missing or invalid property before calling anyone', async () => {
    const config = await fresh();
    env.sandbox.resetStats();
    const missing = await verify({ ...config, userName: ' ', password: undefined });
    expect(missing).toMatchObject({ outcome: VerifyOutcomes.PropertyMissing, step: 'properties' });
    expect(missing.message).toMatch(/^Fix these 2 provider settings.*Account ID is missing.*Refresh Token is missing/);
    const invalid = await verify({
      ...config,
      endpointUrl: 'http://ion.tdsynnex.com',
      properties: { 'Ion Microsoft Provider ID': 'Microsoft' },
    });
    expect(invalid).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'properties' });
    expect(invalid.message).toMatch(/End Point URL must start with https:\/\//);
    expect(invalid.message).toMatch(/Ion Microsoft Provider ID must be a whole number/);
    expect(env.sandbox.stats().requests).toBe(0);
  });

  it('reports a refresh token Ion refuses as rejected credentials, with the steps to get new ones', async () => {
    const result = await verify({ ...(await fresh()), password: 'NOTATOKENIONKNOWS0000000000000000' });
    expect(result).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'token' });
    expect(result.message).toMatch(/refused the stored refresh token \(cannot validate token: redis: nil\)/);
    expect(result.message).toMatch(/Settings > Users > Edit user > OAuth credentials > Request New Credentials/);
  });

  it('reports an Account ID the credentials cannot access', async () => {
    const config = await fresh();
    const wrong = await verify({ ...config, userName: '10001' });
    expect(wrong).toMatchObject({ outcome: VerifyOutcomes.AccountRejected, step: 'read' });
    expect(wrong.message).toMatch(
      /refused access to this Account ID \(PERMISSION_DENIED: permission denied to access accounts\/10001\)/,
    );
  });

  it('reports an End Point URL that is not Ion', async () => {
    const other = http.createServer((_req, res) =>
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html>Not Found</html>'),
    );
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      const result = await verify({ ...(await fresh()), endpointUrl: `http://127.0.0.1:${port}` });
      expect(result).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'token' });
      expect(result.message).toMatch(/answered HTTP 404 for \/oauth\/token: it is not the StreamOne Ion host/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('reports an unreachable host, a TLS failure, a refused URL and a slow token endpoint', async () => {
    const config = await fresh();
    const port = await closedPort();
    const unreachable = await verify({ ...config, endpointUrl: `http://127.0.0.1:${port}` });
    expect(unreachable).toMatchObject({ outcome: VerifyOutcomes.Unreachable, step: 'token' });
    expect(unreachable.message).toMatch(
      new RegExp(`End Point URL \\(127.0.0.1:${port}\\) cannot be reached \\(ECONNREFUSED\\)`),
    );
    const tls = await verify({ ...config, endpointUrl: env.sandbox.url.replace('http://', 'https://') });
    expect(tls).toMatchObject({ outcome: VerifyOutcomes.TlsFailure, step: 'token' });
    const strict = new IonConnector({
      http: new AxiosHttpClient({ urlPolicy: { allowLoopback: false, allowPrivateNetworks: false } }),
      logger: silentLogger(),
      redactor: new Redactor(),
      tokenStore: { withLease: (_id, fn) => fn({ read: async () => undefined, write: async () => undefined }) },
    });
    const blocked = await strict.verifyConnectivity(config);
    expect(blocked).toMatchObject({ outcome: VerifyOutcomes.UrlBlocked, step: 'token' });
    env.sandbox.setFaults({ slow: { kind: 'token', always: true, delayInMs: 1_000 } });
    const slow = await verify(config, 'slow', { renewalDeadlineInMs: 200 });
    expect(slow).toMatchObject({ outcome: VerifyOutcomes.Timeout, step: 'token' });
    expect(slow.message).toMatch(/did not answer in time/);
  });

  it('reports Ion failing on the read, and another job holding the token lease', async () => {
    const config = await fresh();
    env.sandbox.setFaults({ serverError: { kind: 'customers', always: true, status: 500 } });
    const failing = await verify(config);
    expect(failing).toMatchObject({ outcome: VerifyOutcomes.DistributorError, step: 'read' });
    expect(failing.message).toMatch(/HTTP 500: INTERNAL_ERROR/);
    env.sandbox.setFaults({});
    await env.dv.update(Tables.provider.entitySetName, config.providerId, {
      [Tables.provider.col.tokenLeaseOwner]: 'other-job#1',
      [Tables.provider.col.tokenLeaseUntil]: new Date(Date.now() + 600_000).toISOString(),
      [Tables.provider.col.tokenState]: null,
    });
    const w = makeWorker(env, { name: 'busy', journalDir: `${env.dir}/busy`, store: { maxWaitInMs: 50 } });
    const busy = await w.connector.verifyConnectivity(config);
    expect(busy).toMatchObject({ outcome: VerifyOutcomes.Timeout, step: 'token' });
    expect(busy.message).toMatch(/Another job of this provider is renewing the Ion token/);
  });

  it('never puts a token into a message', () => {
    const secrets = env.sandbox.liveRefreshTokens();
    for (const m of messages) for (const s of secrets) expect(m).not.toContain(s);
    expect(messages.join('\n')).not.toMatch(/NOTATOKENIONKNOWS/);
  });
});
