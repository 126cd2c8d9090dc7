/**
 * Reads Dataverse environment variables: a definition's current value is its environment variable
 * value row if one exists, else its default value [C] (environmentvariabledefinition reference:
 * "Default variable value to be used if no associated EnvironmentVariableValue entities exist"). A
 * variable with neither, or whose definition is not installed, reads as undefined, so the caller keeps
 * its own configuration.
 */
import { nightlyScheduleVariable, nightlyTimeZoneVariable } from '../../solution/schema';
import type { DataverseClient } from './client';
import { inList } from './odata';

const DEFINITIONS = 'environmentvariabledefinitions';
/** The definition's collection of values [C] (EnvironmentVariableDefinition relationships). */
const VALUES = 'environmentvariabledefinition_environmentvariablevalue';

export interface EnvironmentVariableReader {
  /** Current values by schema name (undefined where none is set). */
  read(schemaNames: readonly string[]): Promise<Map<string, string | undefined>>;
}

const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export class DataverseEnvironmentVariables implements EnvironmentVariableReader {
  constructor(private readonly dv: Pick<DataverseClient, 'all'>) {}

  async read(schemaNames: readonly string[]): Promise<Map<string, string | undefined>> {
    const out = new Map<string, string | undefined>(schemaNames.map((n) => [n, undefined]));
    if (schemaNames.length === 0) return out;
    const rows = await this.dv.all(DEFINITIONS, {
      select: ['schemaname', 'defaultvalue'],
      filter: inList('schemaname', schemaNames),
      expand: `${VALUES}($select=value)`,
    });
    for (const row of rows) {
      const name = schemaNames.find((n) => n.toLowerCase() === String(row.schemaname).toLowerCase());
      if (!name) continue;
      const values = Array.isArray(row[VALUES]) ? (row[VALUES] as Record<string, unknown>[]) : [];
      out.set(name, values.map((v) => nonEmpty(v.value)).find(Boolean) ?? nonEmpty(row.defaultvalue));
    }
    return out;
  }
}

/** The nightly schedule as the environment sets it (the solution's two variables). */
export async function nightlySettings(
  reader: EnvironmentVariableReader,
): Promise<{ cron?: string; timeZone?: string }> {
  const cron = nightlyScheduleVariable.schemaName;
  const timeZone = nightlyTimeZoneVariable.schemaName;
  const values = await reader.read([cron, timeZone]);
  return { cron: values.get(cron), timeZone: values.get(timeZone) };
}
