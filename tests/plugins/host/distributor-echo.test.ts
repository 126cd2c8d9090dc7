/**
 * A distributor that echoes the client secret back, URL-encoded, in part and base64-encoded, in its
 * refusal (the probe's fake on 3540): nothing of the secret reaches the Provider's Connectivity Message
 * (a column every user can read), the job summary, its items or the service log.
 */
import { Tables } from '../../../solution/schema';
import { echoingTokenServer, startStack, type Stack } from './helpers/stack';

const SECRET = 'Zx9+Qw/Er7=TpL0v#Kd8!uYc';

/** Every form of the secret the echo uses, and runs of 8 or more of its characters. */
const FORBIDDEN = [
  SECRET,
  SECRET.slice(0, 12),
  SECRET.slice(0, 8),
  SECRET.slice(10, 18),
  encodeURIComponent(SECRET),
  encodeURIComponent(SECRET).slice(0, 14),
  Buffer.from(SECRET).toString('base64'),
];

let stack: Stack;
let echo: Awaited<ReturnType<typeof echoingTokenServer>>;
beforeAll(async () => {
  stack = await startStack();
  echo = await echoingTokenServer();
});
afterAll(async () => {
  await stack?.close();
  await echo?.close();
});

describe('a distributor that echoes the secret', () => {
  it('never gets any form of it into a readable column, a job record or the log', async () => {
    const providerId = await stack.addProvider('TechData (echoes secrets)', {
      endpointUrl: `${echo.url}/oauth/token`,
      password: SECRET,
    });
    const verify = await stack.runJob('VerifyConnectivity', providerId);
    expect(verify).toMatchObject({ status: 'Failed', errorCode: 'PROVIDER_CREDENTIALS_REJECTED' });
    const sync = await stack.runJob('SyncProviderAccounts', providerId);
    expect(sync.status).toBe('Failed');

    const P = Tables.provider;
    const row = await stack.dv.retrieve(P.entitySetName, providerId, [P.col.connectivityMessage]);
    const connectivityMessage = String(row?.[P.col.connectivityMessage] ?? '');
    // The echo did reach the message, redacted: the distributor's words are kept around it.
    expect(connectivityMessage).toMatch(/\[REDACTED\]/);
    const readable = [
      connectivityMessage,
      verify.summary,
      sync.summary,
      ...verify.items.map((i) => i.message),
      ...sync.items.map((i) => i.message),
      ...stack.logs,
    ].join('\n');
    for (const form of FORBIDDEN) expect(readable).not.toContain(form);
  });
});
