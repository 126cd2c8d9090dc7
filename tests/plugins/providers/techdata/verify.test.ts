/**
 * Verify Connectivity against the sandbox and against endpoints that fail the way real ones do: each
 * outcome, the step it stopped at, a message that says what to fix, and no secret in any message or log.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { startTechDataSandbox } from '../../../../emulators/techdata';
import { TechDataConnector } from '../../../../plugins/providers/techdata';
import { VerifyOutcomes, type ProviderConfig, type VerifyResult } from '../../../../plugins/providers/types';
import { silentLogger } from '../../../../plugins/shared/logger';
import { Redactor } from '../../../../plugins/shared/redact';
import { AxiosHttpClient } from '../../../../plugins/shared/http';
import { closedPort, LOOPBACK_POLICY } from '../helpers/connector';
import { makeHttp, startEnv, withProperty, type TestEnv } from './helpers';

describe('TechData Verify Connectivity', () => {
  let env: TestEnv;
  const results: VerifyResult[] = [];
  const wrongSecret = 'wrong-secret-0123456789';
  const verify = async (config: ProviderConfig, connector: TechDataConnector = env.connector) => {
    const result = await connector.verifyConnectivity(config);
    results.push(result);
    return result;
  };

  beforeAll(async () => {
    env = await startEnv({ connector: { verifyTimeoutInMs: 300 } });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it('verifies good settings with a fresh token and one read of customers page 1', async () => {
    env.sandbox.resetStats();
    const result = await verify(env.config);
    expect(result).toEqual({
      outcome: VerifyOutcomes.Verified,
      step: 'read',
      message: expect.stringMatching(/^Connected to TechData: .*10 customers on the first page, 3 pages in all/),
    });
    const again = await verify(env.config);
    expect(again.outcome).toBe(VerifyOutcomes.Verified);
    // Never a cached token: each Verify proves the stored secret still works.
    expect(env.sandbox.stats()).toMatchObject({ tokensIssued: 2, pages: { customers: 2, subscriptions: 0 } });
  });

  it('names every missing property before calling anyone', async () => {
    env.sandbox.resetStats();
    const config = withProperty(withProperty(env.config, 'Currency Code', undefined), 'API End Point URL', '  ');
    const result = await verify(config);
    expect(result.outcome).toBe(VerifyOutcomes.PropertyMissing);
    expect(result.step).toBe('properties');
    expect(result.message).toMatch(/Currency Code is missing/);
    expect(result.message).toMatch(/API End Point URL is missing/);
    expect(env.sandbox.stats().requests).toBe(0);
  });

  it('says what is wrong with an invalid SOIN, currency or URL', async () => {
    const soin = await verify(withProperty(env.config, 'TechData SOIN', 'ABC-123'));
    expect(soin).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'properties' });
    expect(soin.message).toMatch(/TechData SOIN must be exactly 40 hexadecimal characters/);
    const currency = await verify(withProperty(env.config, 'Currency Code', 'EUD'));
    expect(currency.message).toMatch(/Currency Code 'EUD' is not an ISO 4217 currency code/);
    const url = await verify({ ...env.config, endpointUrl: 'http://sso.techdata.com/as/token.oauth2' });
    expect(url.message).toMatch(/End Point URL must start with https:\/\//);
    const link = await verify(
      withProperty(
        env.config,
        'TechData Reseller Relationship URL',
        'https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=x',
      ),
    );
    expect(link.message).toMatch(/must be an indirect reseller link/);
  });

  it('reports a wrong client secret as rejected credentials', async () => {
    const result = await verify({ ...env.config, password: wrongSecret });
    expect(result).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'token' });
    expect(result.message).toMatch(/refused the Client ID or Client Secret/);
    expect(result.message).toMatch(/invalid_client/);
  });

  it('reports credentials the token endpoint refuses outright', async () => {
    env.sandbox.setFaults({ rejectCredentials: true });
    const result = await verify(env.config);
    expect(result).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'token' });
  });

  it('reports a SOIN TechData does not accept', async () => {
    const result = await verify(withProperty(env.config, 'TechData SOIN', 'ab'.repeat(20)));
    expect(result).toMatchObject({ outcome: VerifyOutcomes.AccountRejected, step: 'read' });
    expect(result.message).toMatch(/TechData refused the TechData SOIN/);
    expect(result.message).not.toMatch(/abab/);
    env.sandbox.setFaults({ rejectSoin: true });
    expect((await verify(env.config)).outcome).toBe(VerifyOutcomes.AccountRejected);
  });

  it('reports a token the API does not know (End Point URL and API End Point URL of different environments)', async () => {
    const other = await startTechDataSandbox({ seed: 'tests', customers: 3 });
    try {
      const result = await verify(withProperty(env.config, 'API End Point URL', other.apiUrl));
      expect(result).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'read' });
      expect(result.message).toMatch(/same TechData environment/);
    } finally {
      await other.close();
    }
  });

  it('reports an End Point URL that is not a token endpoint, and an API URL that is not the API', async () => {
    const token = await verify({ ...env.config, endpointUrl: `${env.sandbox.url}/as/authorize` });
    expect(token).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'token' });
    expect(token.message).toMatch(/not TechData's token URL/);
    const api = await verify(withProperty(env.config, 'API End Point URL', `${env.sandbox.url}/partner/v9/`));
    expect(api).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'read' });
    expect(api.message).toMatch(/base URL of the TechData partner API/);
  });

  it('reports an unreachable endpoint quickly (few retries)', async () => {
    env.sleeps.length = 0;
    const port = await closedPort();
    const result = await verify({ ...env.config, endpointUrl: `http://127.0.0.1:${port}/as/token.oauth2` });
    expect(result).toMatchObject({ outcome: VerifyOutcomes.Unreachable, step: 'token' });
    expect(result.message).toMatch(
      new RegExp(`The End Point URL \\(127.0.0.1:${port}\\) cannot be reached \\(ECONNREFUSED\\)`),
    );
    expect(env.sleeps.length).toBe(1);
    expect(env.sleeps[0]).toBeLessThanOrEqual(2000);
  });

  it('reports a TLS failure when https meets a plain http port', async () => {
    const result = await verify({ ...env.config, endpointUrl: env.sandbox.tokenUrl.replace('http://', 'https://') });
    expect(result).toMatchObject({ outcome: VerifyOutcomes.TlsFailure, step: 'token' });
    expect(result.message).toMatch(/secure \(TLS\) connection to the End Point URL/);
  });

  it('reports a TLS failure for an untrusted (self-signed) certificate', async () => {
    const pems = selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 1024, days: 1 });
    const server = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await verify(withProperty(env.config, 'API End Point URL', `https://127.0.0.1:${port}/`));
      expect(result).toMatchObject({ outcome: VerifyOutcomes.TlsFailure, step: 'read' });
      expect(result.message).toMatch(/API End Point URL/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reports a distributor that keeps failing', async () => {
    env.sandbox.setFaults({ serverError: { always: true, kind: 'customers', status: 503 } });
    const read = await verify(env.config);
    expect(read).toMatchObject({ outcome: VerifyOutcomes.DistributorError, step: 'read' });
    expect(read.message).toMatch(/HTTP 503/);
    env.sandbox.setFaults({ serverError: { always: true, kind: 'token' } });
    const token = await verify(env.config);
    expect(token).toMatchObject({ outcome: VerifyOutcomes.DistributorError, step: 'token' });
    expect(token.message).toMatch(/answered HTTP 500/);
  });

  it('reports a timeout when the API is too slow for Verify', async () => {
    env.sandbox.setLatency(1500);
    try {
      const started = Date.now();
      const result = await verify(env.config);
      expect(result).toMatchObject({ outcome: VerifyOutcomes.Timeout, step: 'read' });
      expect(result.message).toMatch(/The API End Point URL .* did not answer in time/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      env.sandbox.setLatency(0);
    }
  });

  it('reports an answer larger than the service reads (W365_MAX_PROVIDER_RESPONSE_MB)', async () => {
    const small = new AxiosHttpClient({ urlPolicy: LOOPBACK_POLICY, maxResponseBytes: 1024 });
    try {
      const capped = new TechDataConnector({ http: small, logger: silentLogger(), redactor: new Redactor() });
      // The token answer fits in 1 KB; a page of ten customers does not.
      const result = await verify(env.config, capped);
      expect(result).toMatchObject({ outcome: VerifyOutcomes.ResponseTooLarge, step: 'read' });
      expect(result.message).toMatch(/The API End Point URL .* answered with more than 1 KB/);
    } finally {
      small.close();
    }
  });

  it('reports URLs the network policy refuses', async () => {
    const sleeps: number[] = [];
    const strict = new TechDataConnector({
      http: makeHttp(sleeps, { urlPolicy: { allowLoopback: false, allowPrivateNetworks: false } }),
      logger: silentLogger(),
      redactor: new Redactor(),
    });
    const plain = await verify(env.config, strict);
    expect(plain).toMatchObject({ outcome: VerifyOutcomes.UrlBlocked, step: 'token' });
    expect(plain.message).toMatch(/must use https/);
    const loopback = await verify({ ...env.config, endpointUrl: 'https://localhost:9/as/token.oauth2' }, strict);
    expect(loopback.outcome).toBe(VerifyOutcomes.UrlBlocked);
    expect(loopback.message).toMatch(/loopback/);
  });

  it('never echoes a secret or a token in any message or log line', () => {
    const secrets = [env.sandbox.clientSecret, wrongSecret, ...env.http.issuedTokens()];
    expect(env.http.issuedTokens().length).toBeGreaterThan(3);
    expect(results.length).toBeGreaterThan(15);
    const text = [...results.map((r) => r.message), ...env.logLines].join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
    // The outcomes seen cover the whole fixed set.
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(Object.values(VerifyOutcomes)));
  });
});
