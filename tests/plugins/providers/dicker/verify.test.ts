/**
 * Verify Connectivity for Dicker Data, against the sandbox and endpoints that fail the way real ones do:
 * the same fixed set of outcomes as TechData and Ion, the step each stopped at, a message saying what to
 * fix, and no secret in any message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VerifyOutcomes, type ProviderConfig, type VerifyResult } from '../../../../plugins/providers/types';
import { closedPort } from '../helpers/connector';
import { makeConnector, startEnv, type TestEnv } from './helpers';

describe('Dicker Data Verify Connectivity', () => {
  let env: TestEnv;
  const messages: string[] = [];
  const verify = async (config: ProviderConfig, connector = env.connector): Promise<VerifyResult> => {
    const result = await connector.verifyConnectivity(config);
    messages.push(result.message);
    return result;
  };

  beforeAll(async () => {
    env = await startEnv({
      connector: { verifyTimeoutInMs: 300, verifyRetry: { maxTries: 2, sleep: async () => undefined } },
    });
  });
  afterEach(() => env.sandbox.setFaults({}));
  afterAll(() => env.close());

  it('verifies good settings with a fresh access key and one read of the feed', async () => {
    env.sandbox.resetStats();
    const result = await verify(env.config);
    expect(result).toEqual({
      outcome: VerifyOutcomes.Verified,
      step: 'read',
      message: expect.stringMatching(
        new RegExp(
          `^Connected to Dicker Data: .*access key valid until \\d{4}-\\d{2}-\\d{2}T.*; ${env.sandbox.lines().length} subscription lines in the CSP feed`,
        ),
      ),
    });
    expect((await verify(env.config)).outcome).toBe(VerifyOutcomes.Verified);
    // Never a cached key: each Verify proves the stored Account Code and Access Token still work.
    expect(env.sandbox.stats()).toMatchObject({ accessKeysIssued: 2, feedPages: 2 });
  });

  it('names every missing or invalid property before calling anyone', async () => {
    env.sandbox.resetStats();
    const missing = await verify({ ...env.config, userName: undefined, properties: {} });
    expect(missing).toMatchObject({ outcome: VerifyOutcomes.PropertyMissing, step: 'properties' });
    expect(missing.message).toMatch(
      /Account Code is missing.*Currency Code is missing: enter it on the provider under Additional Properties/,
    );
    const invalid = await verify({ ...env.config, properties: { 'Currency Code': 'AUS' } });
    expect(invalid).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'properties' });
    expect(invalid.message).toMatch(/Currency Code 'AUS' is not an ISO 4217 currency code/);
    expect(env.sandbox.stats().requests).toBe(0);
  });

  it("reports refused credentials (no AccessKey in the answer), with Dicker's message", async () => {
    const wrong = await verify({ ...env.config, password: 'WRONG-ACCESS-TOKEN-0000000000' });
    expect(wrong).toMatchObject({ outcome: VerifyOutcomes.CredentialsRejected, step: 'token' });
    expect(wrong.message).toMatch(
      /Dicker Data refused the Account Code or Access Token \(Failed: Invalid Account Code or Access Token\)/,
    );
    env.sandbox.setFaults({ rejectCredentials: true });
    expect((await verify(env.config)).outcome).toBe(VerifyOutcomes.CredentialsRejected);
  });

  it("reports an End Point URL that is not Dicker's, an unreachable one, a TLS failure and a refused one", async () => {
    const other = http.createServer((_req, res) =>
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html>Not Found</html>'),
    );
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const notDicker = await verify({
        ...env.config,
        endpointUrl: `http://127.0.0.1:${(other.address() as AddressInfo).port}`,
      });
      expect(notDicker).toMatchObject({ outcome: VerifyOutcomes.PropertyInvalid, step: 'token' });
      expect(notDicker.message).toMatch(/check it is the Dicker Data B2B API/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    const port = await closedPort();
    expect(await verify({ ...env.config, endpointUrl: `http://127.0.0.1:${port}` })).toMatchObject({
      outcome: VerifyOutcomes.Unreachable,
      step: 'token',
    });
    expect(await verify({ ...env.config, endpointUrl: env.sandbox.url.replace('http://', 'https://') })).toMatchObject({
      outcome: VerifyOutcomes.TlsFailure,
      step: 'token',
    });
    const strict = makeConnector({ urlPolicy: { allowLoopback: false, allowPrivateNetworks: false } }).connector;
    expect(await verify(env.config, strict)).toMatchObject({ outcome: VerifyOutcomes.UrlBlocked, step: 'token' });
  });

  it('reports a slow handshake as a timeout, and a failing feed as a distributor error', async () => {
    env.sandbox.setFaults({ slow: { kind: 'accessKey', always: true, delayInMs: 1_000 } });
    const slow = await verify(env.config);
    expect(slow).toMatchObject({ outcome: VerifyOutcomes.Timeout, step: 'token' });
    env.sandbox.setFaults({ serverError: { kind: 'feed', always: true, status: 503 } });
    const failing = await verify(env.config);
    expect(failing).toMatchObject({ outcome: VerifyOutcomes.DistributorError, step: 'read' });
    expect(failing.message).toMatch(/HTTP 503/);
  });

  it('never puts the access token into a message', () => {
    for (const m of messages) expect(m).not.toContain(env.sandbox.accessToken);
    expect(messages.join('\n')).not.toMatch(/WRONG-ACCESS-TOKEN/);
  });
});
