/**
 * Settings an admin changes in Dynamics rather than in the service's configuration: Dataverse
 * environment variable definitions the solution ships (root component type 380). They carry no default
 * value on purpose: where an environment sets no value, the service keeps its own configuration
 * (W365_SCHEDULE, W365_TIME_ZONE), so shipping the definition changes nothing until an admin sets one.
 */

/** Environment variable data types (the `type` choice of environmentvariabledefinition) [C]. */
export const EnvironmentVariableType = {
  String: 100000000,
  Number: 100000001,
  Boolean: 100000002,
  Json: 100000003,
  DataSource: 100000004,
  Secret: 100000005,
} as const;

export interface EnvironmentVariableDef {
  /** The variable's schema name: its identity in every environment (`w365_NightlySchedule`). */
  schemaName: string;
  displayName: string;
  description: string;
  type: (typeof EnvironmentVariableType)[keyof typeof EnvironmentVariableType];
}

export const nightlyScheduleVariable: EnvironmentVariableDef = {
  schemaName: 'w365_NightlySchedule',
  displayName: 'Nightly Sync Schedule',
  description:
    'Cron expression of the nightly subscription sync (e.g. 0 2 * * *). Empty: the service configuration (W365_SCHEDULE).',
  type: EnvironmentVariableType.String,
};

export const nightlyTimeZoneVariable: EnvironmentVariableDef = {
  schemaName: 'w365_NightlyTimeZone',
  displayName: 'Nightly Sync Time Zone',
  description:
    'IANA time zone of the nightly schedule (e.g. Europe/London). Empty: the service configuration (W365_TIME_ZONE).',
  type: EnvironmentVariableType.String,
};

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariableDef[] = [
  nightlyScheduleVariable,
  nightlyTimeZoneVariable,
];
