/**
 * Environment variables as Dataverse resolves them: the value row wins, then the definition's default,
 * and a variable with neither (or not installed) reads as undefined so the service keeps its own setting.
 */
import type { DataverseClient, Row } from '../../../plugins/dataverse/client';
import { DataverseEnvironmentVariables, nightlySettings } from '../../../plugins/dataverse/environment-variables';
import { nightlyScheduleVariable, nightlyTimeZoneVariable } from '../../../solution/schema';

const VALUES = 'environmentvariabledefinition_environmentvariablevalue';

class FakeDataverse implements Pick<DataverseClient, 'all'> {
  readonly queries: { entitySet: string; filter?: string; expand?: string }[] = [];
  constructor(private readonly rows: Row[]) {}
  async all(entitySet: string, query: { filter?: string; expand?: string } = {}): Promise<Row[]> {
    this.queries.push({ entitySet, filter: query.filter, expand: query.expand });
    return this.rows;
  }
}

it('prefers the value row, then the default value, and leaves the rest undefined', async () => {
  const dv = new FakeDataverse([
    { schemaname: 'w365_A', defaultvalue: 'default-a', [VALUES]: [{ value: 'set-a' }] },
    { schemaname: 'W365_b', defaultvalue: 'default-b', [VALUES]: [] },
    { schemaname: 'w365_C', defaultvalue: null, [VALUES]: [{ value: '  ' }] },
  ]);
  const values = await new DataverseEnvironmentVariables(dv).read(['w365_A', 'w365_B', 'w365_C', 'w365_D']);
  expect([...values]).toEqual([
    ['w365_A', 'set-a'],
    ['w365_B', 'default-b'],
    ['w365_C', undefined],
    ['w365_D', undefined],
  ]);
  expect(dv.queries).toEqual([
    {
      entitySet: 'environmentvariabledefinitions',
      filter: `Microsoft.Dynamics.CRM.In(PropertyName='schemaname',PropertyValues=["w365_A","w365_B","w365_C","w365_D"])`,
      expand: `${VALUES}($select=value)`,
    },
  ]);
});

it('reads the nightly schedule and time zone the solution defines', async () => {
  const dv = new FakeDataverse([
    { schemaname: nightlyScheduleVariable.schemaName, defaultvalue: null, [VALUES]: [{ value: '30 4 * * *' }] },
  ]);
  expect(await nightlySettings(new DataverseEnvironmentVariables(dv))).toEqual({
    cron: '30 4 * * *',
    timeZone: undefined,
  });
  expect(nightlyTimeZoneVariable.schemaName).toBe('w365_NightlyTimeZone');
});
