/**
 * One key per partner: a service serving two Dataverse environments (two emulator instances) from an
 * environments file where each has its own webhook key (Contoso's from a variable, Fabrikam's from a
 * file). One partner's key opens neither the other's webhook nor its /status; the operator's
 * service-wide key reads every /status; a webhook from another organisation than the route's
 * environment is refused; each environment's endpoint is registered with its own key.
 *
 * The two emulators have organisation ids of their own, as two real environments do: Contoso's
 * context on Fabrikam's route, with Fabrikam's key, is refused.
 */
import { randomUUID } from 'node:crypto';
import { registerWebhooksFromFile } from '../../../plugins/host/register-environments';
import { ENDPOINT_NAME, keyFingerprint } from '../../../plugins/host/register-webhooks';
import { Redactor } from '../../../plugins/shared/redact';
import { WEBHOOK_PATH } from '../../../plugins/host/server';
import { Tables } from '../../../solution/schema';
import { eq } from '../../../plugins/dataverse/odata';
import { FABRIKAM_ORGANIZATION_ID, startPartners, type Partner, type Partners } from './helpers/partners';

jest.setTimeout(180_000);

const HEADER = 'x-w365-webhook-key';

let p: Partners;
let contoso: Partner;
let fabrikam: Partner;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  p = await startPartners({}, { ownKeys: true });
  ({ contoso, fabrikam } = p);
  keyA = p.keys.contoso as string;
  keyB = p.keys.fabrikam as string;
});

afterAll(async () => {
  await p?.close();
});

/** A RemoteExecutionContext for the Create of a Sync Job, as Dataverse posts it. */
function context(jobId: string, organizationId: string) {
  return {
    MessageName: 'Create',
    PrimaryEntityName: 'w365_syncjob',
    PrimaryEntityId: jobId,
    OrganizationId: organizationId,
    CorrelationId: randomUUID(),
    Stage: 40,
    Mode: 1,
    Depth: 1,
    InputParameters: [{ key: 'Target', value: { LogicalName: 'w365_syncjob', Id: jobId } }],
  };
}

async function post(environment: string, key: string | undefined, body: unknown) {
  const res = await fetch(`${p.service.url}/api/environments/${environment}/webhooks/dataverse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { [HEADER]: key } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

async function status(path: string, key?: string) {
  const res = await fetch(`${p.service.url}${path}`, { headers: key ? { [HEADER]: key } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

/** Whether the service logged queueing the job (it logs before it answers 202). */
const queued = (jobId: string) =>
  p.logs
    .join('')
    .split('\n')
    .filter(Boolean)
    .some((l) => {
      const line = JSON.parse(l) as { jobId?: string; msg?: string };
      return line.jobId === jobId && line.msg === 'job queued by webhook';
    });
const pending = () => contoso.runtime.queue.pending() + fabrikam.runtime.queue.pending();

it("each environment's endpoint is registered with its own key, and its own webhook queues its job", async () => {
  for (const [partner, key] of [
    [contoso, keyA],
    [fabrikam, keyB],
  ] as const) {
    const E = Tables.serviceEndpoint;
    const [endpoint] = await partner.runtime.dv.all(E, {
      select: [E.col.url, E.col.description],
      filter: eq(E.col.name, ENDPOINT_NAME),
    });
    expect(endpoint[E.col.url]).toBe(`${p.service.url}/api/environments/${partner.name}/webhooks/dataverse`);
    expect(endpoint[E.col.description]).toContain(`Key fingerprint: ${keyFingerprint(key)}`);
  }
  const jobId = await p.verify(fabrikam, 'Verify with Fabrikam’s own key');
  expect((await fabrikam.runtime.waitForJob(jobId, 30_000)).status).toBe('Succeeded');
  expect(fabrikam.emulator.webhookDeliveries()).toEqual([expect.objectContaining({ ok: true })]);
  // The organisation id was learned from Fabrikam's WhoAmI, and its own webhook's context matched it.
  expect(fabrikam.runtime.organization.known()).toBe(FABRIKAM_ORGANIZATION_ID);
});

it('registering every environment of the file again, each with its own key, changes nothing', async () => {
  const results = await registerWebhooksFromFile(p.environmentsFile, {
    serviceUrl: p.service.url,
    redactor: new Redactor(),
    env: p.secrets,
  });
  expect(results.map((r) => [r.environment, r.changes])).toEqual([
    ['contoso', []],
    ['fabrikam', []],
  ]);
});

it("one partner's key on the other's webhook is 401, and nothing is queued in either", async () => {
  const jobId = randomUUID();
  const before = pending();
  for (const key of [keyA, p.webhookKey, undefined]) {
    const res = await post('fabrikam', key, context(jobId, FABRIKAM_ORGANIZATION_ID));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('WEBHOOK_UNAUTHORIZED');
  }
  expect((await post('contoso', keyB, context(jobId, contoso.emulator.organizationId))).status).toBe(401);
  expect(pending()).toBe(before);
  expect(queued(jobId)).toBe(false);
});

it('a context from another organisation, on the right route with the right key, is 403 WEBHOOK_ORGANIZATION_MISMATCH; nothing queued', async () => {
  const jobId = randomUUID();
  const foreign = contoso.emulator.organizationId; // the other partner's environment
  expect(foreign).not.toBe(FABRIKAM_ORGANIZATION_ID);
  const res = await post('fabrikam', keyB, context(jobId, foreign));
  expect(res).toEqual({
    status: 403,
    body: { error: { code: 'WEBHOOK_ORGANIZATION_MISMATCH', message: expect.stringContaining(foreign) } },
  });
  const line = p.logs
    .join('')
    .split('\n')
    .find((l) => l.includes(jobId));
  expect(JSON.parse(line as string)).toMatchObject({
    environment: 'fabrikam',
    expected: FABRIKAM_ORGANIZATION_ID,
    received: foreign,
    msg: expect.stringContaining('OrganizationId'),
  });
  expect(queued(jobId)).toBe(false);
  expect(fabrikam.runtime.queue.pending()).toBe(0);
});

it("/status with a partner's key shows that partner only; with the operator's key, both", async () => {
  const a = await status('/status', keyA);
  expect(a.status).toBe(200);
  expect(a.body.environments).toEqual({ contoso: expect.objectContaining({ dataverse: expect.anything() }) });
  expect(JSON.stringify(a.body)).not.toContain('fabrikam');
  const all = await status('/status', p.webhookKey);
  expect(Object.keys(all.body.environments as object)).toEqual(['contoso', 'fabrikam']);
  expect((await status('/status')).status).toBe(401);
  expect((await status('/status', 'not-a-key-of-this-service-0123456789')).status).toBe(401);
});

it("/api/environments/<name>/status opens with that environment's key (or the operator's), never the other's", async () => {
  const own = await status('/api/environments/contoso/status', keyA);
  expect(own.status).toBe(200);
  expect(Object.keys(own.body.environments as object)).toEqual(['contoso']);
  expect((await status('/api/environments/contoso/status', p.webhookKey)).status).toBe(200);
  const other = await status('/api/environments/contoso/status', keyB);
  expect([other.status, other.body.error?.code]).toEqual([401, 'WEBHOOK_UNAUTHORIZED']);
});

it("a route of no environment is 404 for a key holder, naming only what the key opens; the old route has no 'default'", async () => {
  const unknown = await post('nowhere', keyA, {});
  expect(unknown.status).toBe(404);
  expect(unknown.body.error).toEqual({
    code: 'JOB_ENVIRONMENT_UNKNOWN',
    message: expect.stringContaining("'contoso'"),
  });
  expect(unknown.body.error?.message).not.toContain('fabrikam');
  expect((await post('nowhere', 'not-a-key-of-this-service-0123456789', {})).status).toBe(401);
  const old = await fetch(`${p.service.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [HEADER]: keyB },
    body: '{}',
  });
  expect(old.status).toBe(404);
  expect(await old.json()).toEqual({
    error: { code: 'JOB_ENVIRONMENT_UNKNOWN', message: expect.not.stringContaining('contoso') },
  });
});

it('no key in the log, and no shared-key warning (each environment has its own)', () => {
  const log = p.logs.join('');
  for (const key of [keyA, keyB, p.webhookKey]) expect(log).not.toContain(key);
  expect(log).not.toContain('share one webhook key');
  expect(log).not.toContain('uses the service-wide W365_WEBHOOK_KEY');
});
