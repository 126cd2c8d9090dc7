/**
 * Option sets. Our choices are global option sets (`<optionsets>` at the root of customizations.xml,
 * root component type 9) because several tables share one (Billing Cycle is on both Product Mapping and
 * Subscription); a choice column refers to its set by `<OptionSetName>` [I] (how exports write columns
 * bound to a global set). State, status and yes/no columns carry a local set inline, named
 * `<table>_<column>`, exactly as Microsoft's UpsertSample writes `sample_product_statecode`.
 */
import type { BooleanColumn, ChoiceDef, StateDef, TableDef } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';
import { descriptions, displayNames, labels } from './labels';
import type { ManagedPolicy } from './managed';
import { el, leaf, type XmlElement } from './xml';

/** Every choice used by a column the solution carries, once, in first-use order. */
export function choicesOf(
  tables: readonly TableDef[],
  ownsColumn: (table: TableDef, column: string) => boolean,
): ChoiceDef[] {
  const byName = new Map<string, ChoiceDef>();
  for (const table of tables) {
    for (const column of table.columns) {
      if (column.type !== 'choice' || !ownsColumn(table, column.logicalName)) continue;
      const known = byName.get(column.choice.name);
      if (!known) {
        byName.set(column.choice.name, column.choice);
      } else if (JSON.stringify(known.options) !== JSON.stringify(column.choice.options)) {
        throw new W365Error(
          SolutionErrorCodes.SchemaInvalid,
          `Two different choices are named '${column.choice.name}' (one on column '${column.logicalName}' of '${table.logicalName}').`,
        );
      }
    }
  }
  return [...byName.values()];
}

export function globalOptionSet(choice: ChoiceDef, version: string, policy: ManagedPolicy): XmlElement {
  return el('optionset', { Name: choice.name, localizedName: choice.displayName, description: '' }, [
    leaf('OptionSetType', 'picklist'),
    leaf('IsGlobal', true),
    leaf('IntroducedVersion', version),
    leaf('IsCustomizable', policy.optionSetCustomizable),
    displayNames(choice.displayName),
    descriptions(''),
    el(
      'options',
      {},
      choice.options.map((o) => el('option', { value: o.value }, [labels(o.label), descriptions('')])),
    ),
  ]);
}

export function stateOptionSet(
  table: TableDef,
  states: readonly StateDef[],
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  return el('optionset', { Name: `${table.logicalName}_statecode` }, [
    leaf('OptionSetType', 'state'),
    leaf('IntroducedVersion', version),
    leaf('IsCustomizable', policy.optionSetCustomizable),
    displayNames('Status'),
    descriptions(`Status of the ${table.displayName}`),
    el(
      'states',
      {},
      states.map((s) =>
        el('state', { value: s.value, defaultstatus: s.defaultStatus, invariantname: s.invariantName }, [
          labels(s.label),
        ]),
      ),
    ),
  ]);
}

export function statusOptionSet(
  table: TableDef,
  states: readonly StateDef[],
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  return el('optionset', { Name: `${table.logicalName}_statuscode` }, [
    leaf('OptionSetType', 'status'),
    leaf('IntroducedVersion', version),
    leaf('IsCustomizable', policy.optionSetCustomizable),
    displayNames('Status Reason'),
    descriptions(`Reason for the status of the ${table.displayName}`),
    el(
      'statuses',
      {},
      states.flatMap((s) => s.statuses.map((x) => el('status', { value: x.value, state: s.value }, [labels(x.label)]))),
    ),
  ]);
}

/** Yes/No columns: a local `bit` set, value 1 first as Dataverse exports it [I]. */
export function booleanOptionSet(
  table: TableDef,
  column: BooleanColumn,
  version: string,
  policy: ManagedPolicy,
): XmlElement {
  return el('optionset', { Name: `${table.logicalName}_${column.logicalName}` }, [
    leaf('OptionSetType', 'bit'),
    leaf('IntroducedVersion', version),
    leaf('IsCustomizable', policy.optionSetCustomizable),
    displayNames(column.displayName),
    descriptions(column.description ?? ''),
    el('options', {}, [
      el('option', { value: 1 }, [labels(column.trueLabel)]),
      el('option', { value: 0 }, [labels(column.falseLabel)]),
    ]),
  ]);
}
