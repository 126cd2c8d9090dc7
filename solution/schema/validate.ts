/**
 * Checks a set of table definitions the way Dataverse would refuse them at import, so that a schema
 * mistake fails `w365 solution build` with a message naming it instead of failing an admin's import.
 */
import { PUBLISHER_PREFIX } from './define';
import type { ColumnType, RelationshipDef, TableDef } from './types';

export const SchemaErrorCodes = {
  DuplicateName: 'SCHEMA_DUPLICATE_NAME',
  MissingPrefix: 'SCHEMA_MISSING_PREFIX',
  UnknownLookupTarget: 'SCHEMA_UNKNOWN_LOOKUP_TARGET',
  KeyUnknownColumn: 'SCHEMA_KEY_UNKNOWN_COLUMN',
  KeySecuredColumn: 'SCHEMA_KEY_SECURED_COLUMN',
  KeyColumnType: 'SCHEMA_KEY_COLUMN_TYPE',
  KeyTooLarge: 'SCHEMA_KEY_TOO_LARGE',
  DuplicateChoiceValue: 'SCHEMA_DUPLICATE_CHOICE_VALUE',
  BadPrimaryName: 'SCHEMA_BAD_PRIMARY_NAME',
  BadState: 'SCHEMA_BAD_STATE',
  BadLength: 'SCHEMA_BAD_LENGTH',
  CurrencyWithoutMoney: 'SCHEMA_CURRENCY_WITHOUT_MONEY',
} as const;
export type SchemaErrorCode = (typeof SchemaErrorCodes)[keyof typeof SchemaErrorCodes];

export interface SchemaProblem {
  code: SchemaErrorCode;
  message: string;
}

/** Column types Dataverse accepts in an alternate key (Decimal, Whole Number, Text, Date Time, Lookup, Choice). */
export const KEY_COLUMN_TYPES: readonly ColumnType[] = ['string', 'integer', 'decimal', 'datetime', 'lookup', 'choice'];

/**
 * Columns the platform adds to every custom table; they carry no publisher prefix. The currency lookup
 * and exchange rate are the platform's too, but only beside money columns (checked below).
 */
const PLATFORM_COLUMNS = new Set([
  'createdon',
  'modifiedon',
  'versionnumber',
  'statecode',
  'statuscode',
  'transactioncurrencyid',
  'exchangerate',
]);
const CURRENCY_COLUMNS = new Set(['transactioncurrencyid', 'exchangerate']);

/** Dataverse's largest multiple lines of text column [C] (MemoAttributeMetadata.MaxLength: 1,048,576). */
const MAX_MEMO_LENGTH = 1048576;

/**
 * [I] SQL Server limits an index key to 900 bytes; Dataverse refuses keys above it. Strings count
 * two bytes a character, lookups and GUIDs 16, numbers and dates 8.
 */
const MAX_KEY_BYTES = 900;

function keyBytes(type: ColumnType, maxLength: number | undefined): number {
  if (type === 'string') return (maxLength ?? 0) * 2;
  if (type === 'lookup') return 16;
  return 8;
}

/**
 * Dataverse creates a table's currency lookup and exchange rate itself, next to its first money column,
 * and an import that must create them anywhere else has to create a non-prefixed custom attribute,
 * which it refuses ("Custom attribute names must start with a valid customization prefix") [C]
 * (ImportAttributeNameError). Its relationship is `TransactionCurrency_<table SchemaName>` [C].
 */
function currencyProblems(t: TableDef, add: (code: SchemaErrorCode, message: string) => void): void {
  const hasMoney = t.columns.some((c) => c.type === 'money');
  for (const c of t.columns) {
    if (!CURRENCY_COLUMNS.has(c.logicalName) || hasMoney) continue;
    add(
      SchemaErrorCodes.CurrencyWithoutMoney,
      `Column '${c.logicalName}' in table '${t.logicalName}' exists only beside a money column, and the table has none; remove it or add a money column.`,
    );
  }
  const currency = t.columns.find((c) => c.logicalName === 'transactioncurrencyid');
  const expected = `TransactionCurrency_${t.schemaName}`;
  if (hasMoney && currency?.type === 'lookup' && currency.targets[0]?.relationshipName !== expected) {
    add(
      SchemaErrorCodes.CurrencyWithoutMoney,
      `The currency relationship of table '${t.logicalName}' must be named '${expected}', as the platform names it.`,
    );
  }
}

export function validateSchema(
  tables: readonly TableDef[],
  relationships: readonly RelationshipDef[],
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const add = (code: SchemaErrorCode, message: string) => problems.push({ code, message });
  const prefix = `${PUBLISHER_PREFIX}_`;
  const tableNames = new Set<string>();
  const keyNames = new Set<string>();

  for (const t of tables) {
    if (tableNames.has(t.logicalName))
      add(SchemaErrorCodes.DuplicateName, `Table '${t.logicalName}' is defined twice.`);
    tableNames.add(t.logicalName);
    if (!t.standard && !t.logicalName.startsWith(prefix)) {
      add(
        SchemaErrorCodes.MissingPrefix,
        `Table '${t.logicalName}' does not start with the publisher prefix '${prefix}'.`,
      );
    }
  }

  for (const t of tables) {
    const where = `table '${t.logicalName}'`;
    if (!t.standard) currencyProblems(t, add);
    const seen = new Set<string>();
    for (const c of t.columns) {
      if (seen.has(c.logicalName))
        add(SchemaErrorCodes.DuplicateName, `Column '${c.logicalName}' is defined twice in ${where}.`);
      seen.add(c.logicalName);
      const platform = PLATFORM_COLUMNS.has(c.logicalName) || c.type === 'primarykey';
      if (!t.standard && !platform && !c.logicalName.startsWith(prefix)) {
        add(SchemaErrorCodes.MissingPrefix, `Column '${c.logicalName}' in ${where} does not start with '${prefix}'.`);
      }
      if (c.type === 'lookup') {
        for (const target of c.targets) {
          if (!tableNames.has(target.table)) {
            add(
              SchemaErrorCodes.UnknownLookupTarget,
              `Lookup '${c.logicalName}' in ${where} refers to unknown table '${target.table}'.`,
            );
          }
        }
      }
      if (c.type === 'choice') {
        const values = new Set<number>();
        for (const o of c.choice.options) {
          if (values.has(o.value)) {
            add(
              SchemaErrorCodes.DuplicateChoiceValue,
              `Choice '${c.choice.name}' (column '${c.logicalName}' in ${where}) uses value ${o.value} twice.`,
            );
          }
          values.add(o.value);
        }
      }
      // Some platform columns are longer than a custom column may be (sdkmessageprocessingstep.configuration).
      const memoMax = c.logicalName.startsWith(prefix) ? MAX_MEMO_LENGTH : 1073741823;
      if (
        (c.type === 'string' && (c.maxLength < 1 || c.maxLength > 4000)) ||
        (c.type === 'memo' && (c.maxLength < 1 || c.maxLength > memoMax))
      ) {
        add(
          SchemaErrorCodes.BadLength,
          `Column '${c.logicalName}' in ${where} has an invalid maximum length ${c.maxLength}.`,
        );
      }
    }
    const primaryName = t.columns.find((c) => c.logicalName === t.primaryNameAttribute);
    if (!primaryName || primaryName.type !== 'string') {
      add(
        SchemaErrorCodes.BadPrimaryName,
        `Primary name '${t.primaryNameAttribute}' of ${where} is not a text column.`,
      );
    }
    const stateValues = new Set<number>();
    const statusValues = new Set<number>();
    for (const s of t.states) {
      if (stateValues.has(s.value)) add(SchemaErrorCodes.BadState, `State ${s.value} of ${where} is defined twice.`);
      stateValues.add(s.value);
      if (!s.statuses.some((x) => x.value === s.defaultStatus)) {
        add(
          SchemaErrorCodes.BadState,
          `Default status ${s.defaultStatus} of state '${s.label}' in ${where} is not one of its statuses.`,
        );
      }
      for (const x of s.statuses) {
        if (statusValues.has(x.value))
          add(SchemaErrorCodes.DuplicateChoiceValue, `Status value ${x.value} of ${where} is used twice.`);
        statusValues.add(x.value);
      }
    }
    for (const k of t.keys) {
      if (keyNames.has(k.logicalName)) add(SchemaErrorCodes.DuplicateName, `Key '${k.logicalName}' is defined twice.`);
      keyNames.add(k.logicalName);
      let bytes = 0;
      for (const name of k.columns) {
        const c = t.columns.find((x) => x.logicalName === name);
        if (!c) {
          add(SchemaErrorCodes.KeyUnknownColumn, `Key '${k.logicalName}' of ${where} uses unknown column ${name}.`);
          continue;
        }
        if (c.secured) {
          add(
            SchemaErrorCodes.KeySecuredColumn,
            `Key '${k.logicalName}' of ${where} uses secured column '${name}'; Dataverse does not allow field-secured columns in keys.`,
          );
        }
        if (!KEY_COLUMN_TYPES.includes(c.type)) {
          add(
            SchemaErrorCodes.KeyColumnType,
            `Key '${k.logicalName}' of ${where} uses column '${name}' of type ${c.type}; keys allow only ${KEY_COLUMN_TYPES.join(', ')}.`,
          );
        }
        bytes += keyBytes(c.type, c.type === 'string' ? c.maxLength : undefined);
      }
      if (bytes > MAX_KEY_BYTES) {
        add(
          SchemaErrorCodes.KeyTooLarge,
          `Key '${k.logicalName}' of ${where} needs ${bytes} bytes; Dataverse keys are limited to ${MAX_KEY_BYTES}.`,
        );
      }
    }
  }

  const relNames = new Set<string>();
  for (const r of relationships) {
    if (relNames.has(r.schemaName.toLowerCase()))
      add(SchemaErrorCodes.DuplicateName, `Relationship '${r.schemaName}' is defined twice.`);
    relNames.add(r.schemaName.toLowerCase());
  }
  return problems;
}
