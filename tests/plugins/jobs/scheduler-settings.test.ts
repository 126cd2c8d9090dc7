/**
 * The nightly schedule an admin sets in Dynamics: the solution ships the two environment variable
 * definitions (imported into the emulator with it), a value set there moves the next run, and with no
 * value (or a bad one) the service's own configuration stays in force.
 */
import { DataverseClient } from '../../../plugins/dataverse/client';
import { DataverseEnvironmentVariables, nightlySettings } from '../../../plugins/dataverse/environment-variables';
import { NightlyScheduler } from '../../../plugins/jobs/scheduler';
import type { DataverseJobStore } from '../../../plugins/jobs/store';
import { silentLogger } from '../../../plugins/shared/logger';
import { nightlyScheduleVariable, nightlyTimeZoneVariable } from '../../../solution/schema';
import { startApi, type Api } from '../../emulators/dataverse/helpers';

let api: Api;
let dv: DataverseClient;

beforeAll(async () => {
  api = await startApi();
  dv = new DataverseClient({
    webApiUrl: api.emu.webApiUrl,
    tokenProvider: { getToken: async () => api.emu.getToken() },
    ca: api.emu.caPem,
  });
});
afterAll(() => api.close());

const noQueue = {
  enqueue: async () => undefined,
  consume: () => undefined,
  close: async () => undefined,
  pending: () => 0,
};

function scheduler(): NightlyScheduler {
  return new NightlyScheduler({
    cron: '0 2 * * *',
    timeZone: 'UTC',
    dv,
    store: {} as DataverseJobStore,
    queue: noQueue,
    logger: silentLogger(),
    settings: () => nightlySettings(new DataverseEnvironmentVariables(dv)),
  });
}

/** Waits for the scheduler's asynchronous read of the settings at start. */
async function nextRunSettled(s: NightlyScheduler): Promise<string | undefined> {
  let last: string | undefined;
  for (let i = 0; i < 40; i += 1) {
    await new Promise((r) => setTimeout(r, 25));
    last = s.nextRun()?.toISOString();
  }
  return last;
}

async function setValue(schemaName: string, value: string): Promise<void> {
  const [definition] = await dv.all('environmentvariabledefinitions', {
    select: ['environmentvariabledefinitionid'],
    filter: `schemaname eq '${schemaName}'`,
  });
  await dv.create('environmentvariablevalues', {
    schemaname: schemaName,
    value,
    'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${String(definition.environmentvariabledefinitionid)})`,
  });
}

it('ships both definitions, without values', async () => {
  const defs = await dv.all('environmentvariabledefinitions', { select: ['schemaname', 'defaultvalue', 'type'] });
  expect(defs.map((d) => [d.schemaname, d.defaultvalue, d.type])).toEqual(
    expect.arrayContaining([
      [nightlyScheduleVariable.schemaName, null, 100000000],
      [nightlyTimeZoneVariable.schemaName, null, 100000000],
    ]),
  );
});

it('keeps the configured schedule while the environment sets none, and moves to the one it sets', async () => {
  const first = scheduler();
  first.start();
  const configured = await nextRunSettled(first);
  first.stop();
  expect(configured).toMatch(/T02:00:00\.000Z$/);

  await setValue(nightlyScheduleVariable.schemaName, '30 4 * * *');
  await setValue(nightlyTimeZoneVariable.schemaName, 'Asia/Tokyo');
  const second = scheduler();
  second.start();
  const moved = await nextRunSettled(second);
  second.stop();
  // 04:30 in Tokyo (UTC+9) is 19:30 UTC the day before.
  expect(moved).toMatch(/T19:30:00\.000Z$/);
});

it('keeps the current schedule when the environment sets one that is not valid', async () => {
  const s = new NightlyScheduler({
    cron: '0 2 * * *',
    timeZone: 'UTC',
    dv,
    store: {} as DataverseJobStore,
    queue: noQueue,
    logger: silentLogger(),
    settings: async () => ({ cron: 'every night please', timeZone: 'Mars/Olympus' }),
  });
  s.start();
  const next = await nextRunSettled(s);
  s.stop();
  expect(next).toMatch(/T02:00:00\.000Z$/);
});
