/**
 * The webhook's organisation check through the HTTP shell (on a port of its own): a context
 * from another organisation is 403 and nothing is queued; while the environment's organisation is not
 * known yet (its Dataverse did not answer WhoAmI) the job is queued on the key alone, and that is
 * logged; each environment's route opens with its own key only.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DataverseClient } from '../../../plugins/dataverse/client';
import type { OrganizationVerdict } from '../../../plugins/host/organization';
import { buildServer } from '../../../plugins/host/server';
import { InProcessJobQueue } from '../../../plugins/jobs/queue';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';

const OPERATOR = 'operator-key-0123456789abcdef-0123456789';
const KEY = 'contoso-key-0123456789abcdef-0123456789';
const ORG = 'aaaaaaaa-1111-2222-3333-444444444444';
const FOREIGN = 'bbbbbbbb-1111-2222-3333-444444444444';
const JOB_ID = '8d2b7f0e-1c3a-4b5d-9e6f-0a1b2c3d4e5f';

/** What the environment knows of its organisation: a fixed id, or none yet. */
class FixedOrganization {
  constructor(private readonly id: string | undefined) {}
  async check(organizationId: string): Promise<OrganizationVerdict> {
    if (!this.id) return { kind: 'unknown' };
    return organizationId === this.id ? { kind: 'match' } : { kind: 'mismatch', expected: this.id };
  }
}

interface Shell {
  app: FastifyInstance;
  url: string;
  queue: InProcessJobQueue;
  logs: string[];
}

async function shell(organizationId: string | undefined): Promise<Shell> {
  const queue = new InProcessJobQueue();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const redactor = new Redactor();
  redactor.addSecret(KEY);
  redactor.addSecret(OPERATOR);
  const app = await buildServer({
    logger: createLogger({ redactor, destination }),
    redactor,
    environments: [
      {
        name: 'contoso',
        // Never called here: the organisation comes from the fake.
        dv: new DataverseClient({
          webApiUrl: 'https://127.0.0.1:9/api/data/v9.2/',
          tokenProvider: { getToken: async () => 'x' },
        }),
        queue,
        webhookKey: KEY,
        organization: new FixedOrganization(organizationId),
      },
    ],
    webhookKey: OPERATOR,
    version: '9.9.9',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, queue, logs };
}

const context = (organizationId: string) => ({
  MessageName: 'Create',
  PrimaryEntityName: 'w365_syncjob',
  PrimaryEntityId: JOB_ID,
  OrganizationId: organizationId,
  InputParameters: [{ key: 'Target' }],
});

async function post(s: Shell, key: string, organizationId: string) {
  const res = await fetch(`${s.url}/api/environments/contoso/webhooks/dataverse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-w365-webhook-key': key },
    body: JSON.stringify(context(organizationId)),
  });
  return { statusCode: res.status, body: (await res.json()) as Record<string, unknown> & { error: { code: string } } };
}

it('another organisation’s context is 403 WEBHOOK_ORGANIZATION_MISMATCH, logged with both ids, nothing queued', async () => {
  const s = await shell(ORG);
  const res = await post(s, KEY, FOREIGN);
  expect(res.statusCode).toBe(403);
  expect(res.body).toEqual({
    error: { code: 'WEBHOOK_ORGANIZATION_MISMATCH', message: expect.stringContaining(FOREIGN) },
  });
  expect(s.queue.pending()).toBe(0);
  expect(JSON.parse(s.logs.join(''))).toMatchObject({ environment: 'contoso', expected: ORG, received: FOREIGN });
  const own = await post(s, KEY, ORG);
  expect([own.statusCode, own.body]).toEqual([202, { accepted: true, jobId: JOB_ID }]);
  expect(s.queue.pending()).toBe(1);
  await s.app.close();
});

it('while the organisation is unknown, the job is queued on the key alone, and the log says so', async () => {
  const s = await shell(undefined);
  const res = await post(s, KEY, FOREIGN);
  expect(res.statusCode).toBe(202);
  expect(s.queue.pending()).toBe(1);
  expect(s.logs.join('')).toContain('without the organization check');
  await s.app.close();
});

it("the environment's route opens with its own key only, not the operator's; nothing is read or queued", async () => {
  const s = await shell(ORG);
  const res = await post(s, OPERATOR, ORG);
  expect([res.statusCode, res.body.error.code]).toEqual([401, 'WEBHOOK_UNAUTHORIZED']);
  expect(s.queue.pending()).toBe(0);
  expect(s.logs.join('')).not.toContain(KEY);
  await s.app.close();
});
