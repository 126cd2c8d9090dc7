/**
 * One oversized distributor answer fails that job, clearly, and nothing else: the service reads at most
 * W365_MAX_PROVIDER_RESPONSE_MB of an answer (counted as it streams in, so the rest is never read, let
 * alone parsed), the job ends Failed with PROVIDER_RESPONSE_TOO_LARGE, and the service keeps answering
 * and running other jobs. The probe's 300 MB answer crashed the whole service at a 192 MB heap.
 */
import { oversizedServer, startStack, type Stack } from './helpers/stack';

const CAP_IN_MB = 1;
const OFFERED_BYTES = 64 * 1024 * 1024;

let stack: Stack;
let oversized: Awaited<ReturnType<typeof oversizedServer>>;
beforeAll(async () => {
  stack = await startStack({ W365_MAX_PROVIDER_RESPONSE_MB: String(CAP_IN_MB) });
  oversized = await oversizedServer(OFFERED_BYTES);
});
afterAll(async () => {
  await stack?.close();
  await oversized?.close();
});

describe('an answer over the response cap', () => {
  it('fails that job with PROVIDER_RESPONSE_TOO_LARGE, stops reading, and leaves the service and other jobs alive', async () => {
    const healthy = await stack.addProvider('TechData (healthy)');
    const flooding = await stack.addProvider('TechData (oversized answers)', { apiUrl: `${oversized.url}/` });

    const failed = await stack.runJob('SyncProviderAccounts', flooding);
    expect(failed).toMatchObject({ status: 'Failed', errorCode: 'PROVIDER_RESPONSE_TOO_LARGE' });
    expect(failed.summary).toMatch(/more than 1 MB/);
    expect(failed.summary).toMatch(/W365_MAX_PROVIDER_RESPONSE_MB/);
    // The client hung up soon after the cap: most of the 64 MB offered was never sent.
    expect(oversized.sentBytes()).toBeLessThan(OFFERED_BYTES / 4);

    const verify = await stack.runJob('VerifyConnectivity', flooding);
    expect(verify).toMatchObject({ status: 'Failed', errorCode: 'PROVIDER_RESPONSE_TOO_LARGE' });

    const health = await fetch(`${stack.service.url}/healthz`);
    expect(health.status).toBe(200);
    const other = await stack.runJob('SyncProviderAccounts', healthy);
    expect(other.status).toMatch(/^Succeeded/);
  });
});
