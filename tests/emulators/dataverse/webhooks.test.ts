/**
 * dataverse.md §7 item 12: webhooks registered through the Web API (serviceendpoint + steps, bound
 * the way integrators bind them), delivered with the RemoteExecutionContext JSON, the x-ms-dynamics-*
 * headers and the endpoint's auth; 60 s timeout (shortened here), one retry on 502/503/504; a failing
 * synchronous step rolls the operation back; asynchronous steps do not hold up the response.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Choices, Tables } from '../../../solution/schema';
import { startApi, type Api } from './helpers';

const SE = Tables.serviceEndpoint;
const ST = Tables.sdkMessageProcessingStep;
const J = Tables.syncJob;
const P = Tables.provider;

interface Received {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  raw: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the RemoteExecutionContext is read field by field
  body: any;
}

let api: Api;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** Per path: the statuses to answer in turn (last one repeats), and a delay. */
const behaviour = new Map<string, { statuses: number[]; delayInMs?: number }>();

beforeAll(async () => {
  api = await startApi({ webhookTimeoutInMs: 500 });
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, raw, body: JSON.parse(raw) });
      const b = behaviour.get(url.pathname) ?? { statuses: [200] };
      const status = b.statuses.length > 1 ? b.statuses.shift()! : b.statuses[0];
      setTimeout(() => {
        res.statusCode = status;
        res.end('ignored body');
      }, b.delayInMs ?? 0);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  base = `http://localhost:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.close();
  await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
  received.length = 0;
});

async function messageId(name: string): Promise<string> {
  const r = await api.get(
    `${Tables.sdkMessage.entitySetName}?$select=${Tables.sdkMessage.col.name}&$filter=${encodeURIComponent(`${Tables.sdkMessage.col.name} eq '${name}'`)}`,
  );
  return r.json.value[0][Tables.sdkMessage.col.id];
}

async function filterId(message: string, table: string): Promise<string> {
  const F = Tables.sdkMessageFilter;
  const r = await api.get(
    `${F.entitySetName}?$filter=${encodeURIComponent(`${F.col.primaryObjectTypeCode} eq '${table}' and ${F.val.message} eq ${await messageId(message)}`)}`,
  );
  return r.json.value[0][F.col.id];
}

/** Registers an endpoint and a step the way integrators do it through the Web API. */
async function register(o: {
  path: string;
  authType: number;
  authValue: string;
  message: string;
  table: string;
  mode: number;
  stage: number;
  filtering?: string;
}): Promise<{ endpointId: string; stepId: string }> {
  const endpointId = await api.create(SE.entitySetName, {
    [SE.col.name]: `hook ${o.path}`,
    [SE.col.url]: `${base}${o.path}`,
    [SE.col.contract]: Choices.serviceEndpointContract.Webhook,
    [SE.col.authType]: o.authType,
    [SE.col.authValue]: o.authValue,
    [SE.col.messageFormat]: Choices.serviceEndpointMessageFormat.Json,
  });
  const stepId = await api.create(ST.entitySetName, {
    [ST.col.name]: `step ${o.path}`,
    [ST.col.mode]: o.mode,
    [ST.col.stage]: o.stage,
    [ST.col.rank]: 1,
    [ST.col.supportedDeployment]: Choices.stepSupportedDeployment.ServerOnly,
    ...(o.filtering ? { [ST.col.filteringAttributes]: o.filtering } : {}),
    [`${ST.nav.eventHandler}@odata.bind`]: `/${SE.entitySetName}(${endpointId})`,
    [`${ST.nav.message}@odata.bind`]: `/${Tables.sdkMessage.entitySetName}(${await messageId(o.message)})`,
    [`${ST.nav.messageFilter}@odata.bind`]: `/${Tables.sdkMessageFilter.entitySetName}(${await filterId(o.message, o.table)})`,
  });
  return { endpointId, stepId };
}

const jobBody = (name: string) => ({
  [J.col.name]: name,
  [J.col.operation]: Choices.syncOperation.SyncSubscriptions,
  [J.col.jobStatus]: Choices.syncJobStatus.Queued,
});
const attr = (entity: { Attributes: { key: string; value: unknown }[] }, key: string) =>
  entity.Attributes.find((a) => a.key === key)?.value;

test('the polymorphic eventhandler lookup binds through eventhandler_serviceendpoint', () => {
  expect(ST.nav.eventHandler).toBe('eventhandler_serviceendpoint');
});

test('async Create step, Webhook Key auth: RemoteExecutionContext, headers, ?code=, WCF dates, id in OutputParameters [I]', async () => {
  const { stepId } = await register({
    path: '/async-create',
    authType: Choices.serviceEndpointAuthType.WebhookKey,
    authValue: 'KEY-1',
    message: 'Create',
    table: J.logicalName,
    mode: Choices.stepMode.Asynchronous,
    stage: Choices.stepStage.PostOperation,
  });
  const jobId = await api.create(J.entitySetName, jobBody('Webhook job'));
  await api.emu.webhooksIdle();
  const hits = received.filter((r) => r.path === '/async-create');
  expect(hits).toHaveLength(1);
  const h = hits[0];
  expect(h.query.get('code')).toBe('KEY-1');
  expect(h.headers['x-ms-dynamics-entity-name']).toBe(J.logicalName);
  expect(h.headers['x-ms-dynamics-request-name']).toBe('Create');
  expect(h.headers['x-ms-dynamics-organization']).toBe(new URL(api.emu.url).host);
  expect(h.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  expect(h.body).toMatchObject({
    MessageName: 'Create',
    PrimaryEntityName: J.logicalName,
    PrimaryEntityId: jobId,
    Mode: 1,
    Stage: 40,
    Depth: 1,
    SecondaryEntityName: 'none',
  });
  expect(h.body.OwningExtension).toMatchObject({ Id: stepId, LogicalName: ST.logicalName });
  const target = h.body.InputParameters.find((p: { key: string }) => p.key === 'Target').value;
  expect(target.__type).toBe('Entity:http://schemas.microsoft.com/xrm/2011/Contracts');
  expect(target.LogicalName).toBe(J.logicalName);
  expect(attr(target, J.col.name)).toBe('Webhook job');
  expect(attr(target, J.col.operation)).toEqual({
    __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts',
    Value: Choices.syncOperation.SyncSubscriptions,
  });
  expect(h.body.OutputParameters).toEqual([{ key: 'id', value: jobId }]);
  expect(h.body.OperationCreatedOn).toMatch(/^\/Date\(\d+\)\/$/);
  expect(h.raw).toMatch(/"OperationCreatedOn":"\\\/Date\(\d+\)\\\/"/);
  const delivery = api.emu.webhookDeliveries().find((d) => d.stepId === stepId)!;
  expect(delivery).toMatchObject({ ok: true, status: 200, attempts: 1 });
  expect(delivery.url).not.toContain('KEY-1');
});

test('Http Header and Http Query String auth read <settings> from authvalue [I: format unconfirmed]', async () => {
  await register({
    path: '/hdr',
    authType: Choices.serviceEndpointAuthType.HttpHeader,
    authValue: '<settings><setting name="x-w365-webhook-key" value="H&amp;1"/></settings>',
    message: 'Create',
    table: P.logicalName,
    mode: 1,
    stage: 40,
  });
  await register({
    path: '/qs',
    authType: Choices.serviceEndpointAuthType.HttpQueryString,
    authValue: "<settings><setting value='Q1' name='key'/><setting name='tenant' value='t'/></settings>",
    message: 'Create',
    table: P.logicalName,
    mode: 1,
    stage: 40,
  });
  await api.create(P.entitySetName, { [P.col.name]: 'hooked', [P.col.internalName]: 'td' });
  await api.emu.webhooksIdle();
  expect(received.find((r) => r.path === '/hdr')!.headers['x-w365-webhook-key']).toBe('H&1');
  const qs = received.find((r) => r.path === '/qs')!;
  expect([qs.query.get('key'), qs.query.get('tenant')]).toEqual(['Q1', 't']);
});

test('Update steps honour filteringattributes; Delete sends an EntityReference Target', async () => {
  await register({
    path: '/upd',
    authType: 4,
    authValue: 'k',
    message: 'Update',
    table: J.logicalName,
    mode: 1,
    stage: 40,
    filtering: `${J.col.jobStatus},${J.col.progress}`,
  });
  await register({
    path: '/del',
    authType: 4,
    authValue: 'k',
    message: 'Delete',
    table: J.logicalName,
    mode: 1,
    stage: 40,
  });
  const id = await api.create(J.entitySetName, jobBody('filtered'));
  await api.patch(`${J.entitySetName}(${id})`, { [J.col.summary]: 'not a filtering attribute' });
  await api.patch(`${J.entitySetName}(${id})`, { [J.col.progress]: 50 });
  await api.del(`${J.entitySetName}(${id})`);
  await api.emu.webhooksIdle();
  const updates = received.filter((r) => r.path === '/upd');
  expect(updates).toHaveLength(1);
  const target = updates[0].body.InputParameters[0].value;
  expect(attr(target, J.col.progress)).toBe(50);
  const del = received.find((r) => r.path === '/del')!;
  expect(del.body.InputParameters[0].value).toMatchObject({
    __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts',
    Id: id,
    LogicalName: J.logicalName,
  });
});

test('a failing synchronous step aborts the operation: error response, nothing written', async () => {
  behaviour.set('/sync-fail', { statuses: [500] });
  const { stepId } = await register({
    path: '/sync-fail',
    authType: 4,
    authValue: 'k',
    message: 'Create',
    table: Tables.productMapping.logicalName,
    mode: 0,
    stage: 20,
  });
  const PM = Tables.productMapping;
  const before = Number((await api.get(`${PM.entitySetName}/$count`)).text);
  const providerId = await api.create(P.entitySetName, { [P.col.name]: 'pm provider', [P.col.internalName]: 'td' });
  const r = await api.post(PM.entitySetName, {
    [PM.col.name]: 'mapping',
    [PM.col.providerSku]: 'SKU-1',
    [PM.col.mappingStatus]: Choices.productMappingStatus.NotMapped,
    [`${PM.nav.provider}@odata.bind`]: `/${P.entitySetName}(${providerId})`,
  });
  expect(r.status).toBe(400);
  expect(r.json.error.message).toMatch(/^Endpoint unavailable/);
  expect(Number((await api.get(`${PM.entitySetName}/$count`)).text)).toBe(before);
  // a 500 is not retried
  expect(api.emu.webhookDeliveries().find((d) => d.stepId === stepId)).toMatchObject({
    ok: false,
    status: 500,
    attempts: 1,
  });
  await api.patch(`${ST.entitySetName}(${stepId})`, { [ST.col.stateCode]: 1 }); // disable it again
});

test('a synchronous post-operation step that succeeds runs before the response; 503 is retried once', async () => {
  behaviour.set('/sync-ok', { statuses: [503, 200] });
  const { stepId } = await register({
    path: '/sync-ok',
    authType: 4,
    authValue: 'k',
    message: 'Create',
    table: Tables.uomSchedule.logicalName,
    mode: 0,
    stage: 40,
  });
  const U = Tables.uomSchedule;
  const r = await api.post(U.entitySetName, { [U.col.name]: 'Units', [U.col.baseUomName]: 'each' });
  expect(r.status).toBe(204);
  expect(received.filter((x) => x.path === '/sync-ok')).toHaveLength(2);
  expect(api.emu.webhookDeliveries().find((d) => d.stepId === stepId)).toMatchObject({
    ok: true,
    status: 200,
    attempts: 2,
  });
  expect(received[0].body.IsInTransaction).toBe(true);
});

test('a synchronous step that times out aborts the operation', async () => {
  behaviour.set('/slow', { statuses: [200], delayInMs: 1500 });
  const { stepId } = await register({
    path: '/slow',
    authType: 4,
    authValue: 'k',
    message: 'Create',
    table: Tables.uom.logicalName,
    mode: 0,
    stage: 20,
  });
  const U = Tables.uom;
  const sched = await api.create(Tables.uomSchedule.entitySetName, {
    [Tables.uomSchedule.col.name]: 'S',
    [Tables.uomSchedule.col.baseUomName]: 'b',
  });
  const r = await api.post(U.entitySetName, {
    [U.col.name]: 'unit',
    [`${U.nav.schedule}@odata.bind`]: `/${Tables.uomSchedule.entitySetName}(${sched})`,
  });
  expect(r.status).toBe(400);
  expect(r.json.error.message).toMatch(/no answer within 500 ms/);
  expect(Number((await api.get(`${U.entitySetName}/$count`)).text)).toBe(0);
  await api.patch(`${ST.entitySetName}(${stepId})`, { [ST.col.stateCode]: 1 });
});

test('asynchronous steps do not hold up the response; disabled steps do not fire', async () => {
  behaviour.set('/async-slow', { statuses: [200], delayInMs: 400 });
  const { stepId } = await register({
    path: '/async-slow',
    authType: 4,
    authValue: 'k',
    message: 'Create',
    table: Tables.billingContract.logicalName,
    mode: 1,
    stage: 40,
  });
  const B = Tables.billingContract;
  const customer = await api.create(Tables.account.entitySetName, { [Tables.account.col.name]: 'Customer' });
  const body = {
    [B.col.name]: 'BC',
    [`${B.nav.customer}@odata.bind`]: `/${Tables.account.entitySetName}(${customer})`,
  };
  const t = performance.now();
  expect((await api.post(B.entitySetName, body)).status).toBe(204);
  expect(performance.now() - t).toBeLessThan(300);
  await api.emu.webhooksIdle();
  expect(received.filter((x) => x.path === '/async-slow')).toHaveLength(1);
  await api.patch(`${ST.entitySetName}(${stepId})`, { [ST.col.stateCode]: 1, [ST.col.statusCode]: 2 });
  await api.post(B.entitySetName, body);
  await api.emu.webhooksIdle();
  expect(received.filter((x) => x.path === '/async-slow')).toHaveLength(1);
});

test('MSCRM.BypassCustomPluginExecution: true skips registered steps [I: webhooks included]', async () => {
  await register({
    path: '/bypass',
    authType: 4,
    authValue: 'k',
    message: 'Create',
    table: Tables.syncJobItem.logicalName,
    mode: 0,
    stage: 40,
  });
  behaviour.set('/bypass', { statuses: [500] });
  const job = await api.create(J.entitySetName, jobBody('for items'));
  const I = Tables.syncJobItem;
  const body = {
    [I.col.name]: 'item',
    [I.col.code]: 'C',
    [I.col.severity]: Choices.severity.Info,
    [`${I.nav.syncJob}@odata.bind`]: `/${J.entitySetName}(${job})`,
  };
  expect((await api.post(I.entitySetName, body, { 'MSCRM.BypassCustomPluginExecution': 'true' })).status).toBe(204);
  expect((await api.post(I.entitySetName, body)).status).toBe(400);
});
