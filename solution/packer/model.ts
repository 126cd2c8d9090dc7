/**
 * Everything the packer writes, as one value: the schema module's tables, relationships, roles and
 * field security profiles, and the UI module's forms, views and app. `buildSolution` takes the shipped
 * model by default; tests pass a variant to prove a mistake is refused with a message that names it.
 */
import {
  ALL_TABLES,
  ENVIRONMENT_VARIABLES,
  FIELD_SECURITY_PROFILES,
  PUBLISHER,
  RELATIONSHIPS,
  ROLES,
  tableByLogicalName,
  validateSchema,
  type EnvironmentVariableDef,
  type FieldSecurityProfileDef,
  type RelationshipDef,
  type RoleDef,
  type TableDef,
} from '../schema';
import {
  APP,
  CHARTS,
  DASHBOARDS,
  FORMS,
  VIEWS,
  type AppDef,
  type ChartDef,
  type DashboardDef,
  type FormDef,
  type ViewDef,
} from '../ui';
import { chartProblems } from './charts';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';

export interface SolutionModel {
  readonly tables: readonly TableDef[];
  readonly relationships: readonly RelationshipDef[];
  readonly roles: readonly RoleDef[];
  readonly fieldSecurityProfiles: readonly FieldSecurityProfileDef[];
  readonly forms: readonly FormDef[];
  readonly views: readonly ViewDef[];
  readonly app: AppDef;
  /** System charts and dashboards (charts.ts, dashboards.ts); none when left out. */
  readonly charts?: readonly ChartDef[];
  readonly dashboards?: readonly DashboardDef[];
  readonly environmentVariables: readonly EnvironmentVariableDef[];
}

export function defaultModel(): SolutionModel {
  return {
    tables: ALL_TABLES,
    relationships: RELATIONSHIPS,
    roles: ROLES,
    fieldSecurityProfiles: FIELD_SECURITY_PROFILES,
    forms: FORMS,
    views: VIEWS,
    app: APP,
    charts: CHARTS,
    dashboards: DASHBOARDS,
    environmentVariables: ENVIRONMENT_VARIABLES,
  };
}

const prefix = `${PUBLISHER.prefix}_`;

/** Tables the solution creates. */
export const customTablesOf = (model: SolutionModel): TableDef[] => model.tables.filter((t) => !t.standard);

/** Microsoft tables we add `w365_` columns to; only those columns are ours. */
export const extendedTablesOf = (model: SolutionModel): TableDef[] =>
  model.tables.filter((t) => t.standard && t.columns.some((c) => c.logicalName.startsWith(prefix)));

/** Tables that appear in customizations.xml. */
export const solutionTablesOf = (model: SolutionModel): TableDef[] => [
  ...customTablesOf(model),
  ...extendedTablesOf(model),
];

/** Relationships the solution creates: our lookups, on our tables or on Microsoft's. */
export const customRelationshipsOf = (model: SolutionModel): RelationshipDef[] =>
  model.relationships.filter((r) => r.custom);

function hasColumn(table: TableDef, column: string): boolean {
  return table.columns.some((c) => c.logicalName === column);
}

/** Every problem in the UI data, each naming the form or view and the missing thing. */
export function uiProblems(model: SolutionModel): string[] {
  const problems: string[] = [];
  const tableNames = new Set(customTablesOf(model).map((t) => t.logicalName));
  const viewKeys = new Set(model.views.map((v) => v.key));
  const formKeys = new Set<string>();
  for (const form of model.forms) {
    const where = `Form '${form.key}'`;
    if (formKeys.has(form.key)) problems.push(`${where} is defined twice.`);
    formKeys.add(form.key);
    if (!tableNames.has(form.table.logicalName))
      problems.push(`${where} is on '${form.table.logicalName}', which is not a table of the solution.`);
    for (const column of form.header ?? []) {
      if (!hasColumn(form.table, column))
        problems.push(`${where} header shows unknown column '${column}' of '${form.table.logicalName}'.`);
    }
    const ids = new Set<string>();
    for (const tab of form.tabs) {
      for (const section of tab.sections) {
        for (const cell of section.cells) {
          if (cell.kind === 'field') {
            if (!hasColumn(form.table, cell.column)) {
              problems.push(
                `${where} section '${section.name}' shows unknown column '${cell.column}' of '${form.table.logicalName}'.`,
              );
            }
            continue;
          }
          if (ids.has(cell.id)) problems.push(`${where} has two controls with id '${cell.id}'.`);
          ids.add(cell.id);
          const lookup = cell.table.columns.find((c) => c.logicalName === cell.lookup);
          if (!lookup || lookup.type !== 'lookup') {
            problems.push(
              `${where} subgrid '${cell.id}' uses '${cell.lookup}', which is not a lookup of '${cell.table.logicalName}'.`,
            );
          } else if (!lookup.targets.some((t) => t.table === form.table.logicalName)) {
            problems.push(
              `${where} subgrid '${cell.id}': lookup '${cell.lookup}' does not point at '${form.table.logicalName}'.`,
            );
          }
          if (cell.viewKey && !viewKeys.has(cell.viewKey))
            problems.push(`${where} subgrid '${cell.id}' shows unknown view '${cell.viewKey}'.`);
        }
      }
    }
  }
  const seenViews = new Set<string>();
  for (const view of model.views) {
    const where = `View '${view.key}'`;
    if (seenViews.has(view.key)) problems.push(`${where} is defined twice.`);
    seenViews.add(view.key);
    for (const c of view.columns.filter((x) => x.via)) {
      const lookup = view.table.columns.find((x) => x.logicalName === c.via);
      const target = lookup?.type === 'lookup' ? tableByLogicalName(lookup.targets[0].table) : undefined;
      if (!target) problems.push(`${where} reads '${c.column}' through '${c.via}', which is not a lookup.`);
      else if (!hasColumn(target, c.column))
        problems.push(`${where} uses unknown column '${c.column}' of '${target.logicalName}' (through '${c.via}').`);
    }
    const columns = [
      ...view.columns.filter((c) => !c.via).map((c) => c.column),
      ...view.orders.map((o) => o.column),
      ...(view.findColumns ?? []),
      ...conditionsOf(view.filter).map((c) => c.attribute),
    ];
    for (const column of columns) {
      if (!hasColumn(view.table, column))
        problems.push(`${where} uses unknown column '${column}' of '${view.table.logicalName}'.`);
    }
  }
  for (const area of model.app.areas) {
    for (const group of area.groups) {
      for (const sub of group.subAreas) {
        if (!tableNames.has(sub.table.logicalName))
          problems.push(
            `Site map subarea '${sub.id}' opens '${sub.table.logicalName}', which is not a table of the solution.`,
          );
      }
    }
  }
  problems.push(...chartProblems(model.charts ?? [], model.dashboards ?? [], viewKeys));
  const roleKeys = new Set(model.roles.map((r) => r.key));
  for (const key of model.app.roleKeys)
    if (!roleKeys.has(key)) problems.push(`App '${model.app.uniqueName}' names unknown role '${key}'.`);
  return problems;
}

function conditionsOf(filter: ViewDef['filter']): { attribute: string }[] {
  if (!filter) return [];
  return [...(filter.conditions ?? []), ...(filter.filters ?? []).flatMap(conditionsOf)];
}

/** Refuse a model Dataverse (or our own UI) would not accept, naming every mistake. */
export function assertValidModel(model: SolutionModel): void {
  const schema = validateSchema(model.tables, model.relationships);
  if (schema.length > 0) {
    throw new W365Error(
      SolutionErrorCodes.SchemaInvalid,
      `The schema has ${schema.length} problem(s):\n${schema.map((p) => `  ${p.code}: ${p.message}`).join('\n')}`,
      { details: { problems: schema } },
    );
  }
  const ui = uiProblems(model);
  if (ui.length > 0) {
    throw new W365Error(
      SolutionErrorCodes.UiInvalid,
      `Forms, views or app have ${ui.length} problem(s):\n${ui.map((p) => `  ${p}`).join('\n')}`,
      {
        details: { problems: ui },
      },
    );
  }
}
