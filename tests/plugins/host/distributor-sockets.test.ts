/**
 * Sockets to a distributor do not pile up job after job: the service has one keep-alive client, so the
 * second and third jobs reuse the connections the first opened, and closing the service closes them.
 * The probe saw +4 descriptors per job (a new client per job, never destroyed).
 */
import { countingRelay, startStack, type Stack } from './helpers/stack';

let stack: Stack;
let relay: Awaited<ReturnType<typeof countingRelay>>;
beforeAll(async () => {
  stack = await startStack();
  relay = await countingRelay(stack.techdata.url);
});
afterAll(async () => {
  await stack?.close();
  await relay?.close();
});

/** The sandbox's URL with the relay's origin. */
const viaRelay = (url: string) => `${relay.url}${new URL(url).pathname}${new URL(url).search}`;

describe('sockets to a distributor', () => {
  it('are reused across jobs and closed with the service', async () => {
    const cfg = stack.techdata.providerConfig();
    const providerId = await stack.addProvider('TechData (through a relay)', {
      endpointUrl: viaRelay(cfg.endpointUrl),
      apiUrl: viaRelay(cfg.properties['API End Point URL']),
    });
    expect((await stack.runJob('VerifyConnectivity', providerId)).status).toBe('Succeeded');
    const afterFirst = relay.opened();
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect((await stack.runJob('VerifyConnectivity', providerId)).status).toBe('Succeeded');
    expect(relay.opened()).toBe(afterFirst);
    expect(relay.open()).toBeLessThanOrEqual(afterFirst);

    await stack.service.close();
    for (let i = 0; i < 200 && relay.open() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(relay.open()).toBe(0);
  });
});
