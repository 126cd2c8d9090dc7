/**
 * The core of the names modules the browser builds generate from solution/schema
 * (pcf-controls/build/names.ts -> pcf-controls/shared/generated/names.ts, webresources/build/names.ts
 * -> webresources/src/generated/names.ts): the logical names, entity set names, lookup read names,
 * navigation properties and choice values that browser code uses, as TypeScript source.
 *
 * Bundling the schema module itself would ship every table's definition to the browser (tens of KB,
 * paid on every form open); a module of only the names in use keeps the bundles small while no
 * browser script spells a `w365_` name by hand. Each build lists what it uses and keeps its own error
 * codes (docs/error-codes.md) and header; the rules below are the same for both.
 *
 * Field-secured columns are refused here, so no browser code can even name one.
 */
import type { ChoiceDef, TableDef } from '../../solution/schema';

/** Any table of the schema module, with its name maps read by short name. */
export type AnyTable = TableDef & { col: object; val: object; nav: object };
const lookupIn = (names: object, short: string): string | undefined =>
  (names as Record<string, string | undefined>)[short];

export interface TableSpec {
  readonly table: AnyTable;
  /** Short column names (keys of `Tables.x.col`) the browser code reads or writes. */
  readonly columns: readonly string[];
}

export interface NamesErrorCodes {
  /** A listed short name the table does not have. */
  readonly UnknownColumn: string;
  /** A listed column that is field-secured. */
  readonly SecuredColumn: string;
}

export interface NamesModuleSpec {
  /** The module's first line: which generator wrote it and which command rewrites it. */
  readonly header: string;
  /** Export name -> table and the columns used. */
  readonly tables: Readonly<Record<string, TableSpec>>;
  /** Export name -> choice. */
  readonly choices: Readonly<Record<string, ChoiceDef>>;
  readonly errorCodes: NamesErrorCodes;
  /**
   * `always`: every table carries `val` and `nav`, empty where it has no lookup (the PCF controls'
   * module); `lookups`: only a table with a lookup column carries them (the ribbon scripts' module).
   * Two settings so that neither generated module changed when the builds began to share this code.
   */
  readonly lookupMaps: 'always' | 'lookups';
}

function tableSource(exportName: string, spec: TableSpec, module: NamesModuleSpec): string {
  const { table } = spec;
  const { errorCodes } = module;
  const col: Record<string, string> = {};
  // defineTable gives every lookup a read name and (having a target) a navigation property; one
  // missing is left out of the module, so that code naming it fails to compile instead of binding ''.
  const val: Record<string, string | undefined> = {};
  const nav: Record<string, string | undefined> = {};
  for (const short of spec.columns) {
    const logical = lookupIn(table.col, short);
    if (!logical) throw new Error(`${errorCodes.UnknownColumn}: ${table.logicalName} has no column '${short}'.`);
    const def = table.columns.find((c) => c.logicalName === logical);
    if (def?.secured)
      throw new Error(
        `${errorCodes.SecuredColumn}: ${table.logicalName}.${logical} is field-secured and must never reach the browser.`,
      );
    col[short] = logical;
    if (def?.type === 'lookup') {
      val[short] = lookupIn(table.val, short);
      nav[short] = lookupIn(table.nav, short);
    }
  }
  const withMaps = module.lookupMaps === 'always' || Object.keys(val).length > 0;
  const body = {
    logicalName: table.logicalName,
    entitySetName: table.entitySetName,
    col,
    ...(withMaps ? { val, nav } : {}),
  };
  return `export const ${exportName} = ${JSON.stringify(body, null, 2)} as const;\n`;
}

function choiceSource(exportName: string, choice: ChoiceDef): string {
  const values = Object.fromEntries(choice.options.map((o) => [o.name, o.value]));
  return `/** ${choice.name} */\nexport const ${exportName} = ${JSON.stringify(values, null, 2)} as const;\n`;
}

/** The generated module's text (deterministic: same schema, same bytes). */
export function namesModuleSource(module: NamesModuleSpec): string {
  return [
    `${module.header}\n`,
    ...Object.entries(module.tables).map(([name, spec]) => tableSource(name, spec, module)),
    ...Object.entries(module.choices).map(([name, choice]) => choiceSource(name, choice)),
  ].join('\n');
}
