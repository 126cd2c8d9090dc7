/**
 * The model-driven app (`<AppModules><AppModule>`, root component type 80): its tables (type 1), main
 * forms (60), public views (26) and site map (62) as AppModuleComponents, and the roles that see it
 * [C] for the component types (TALXIS solution conventions; dataverse.md §3.1). The element order is
 * the 9.0 XSD's.
 */
import type { RoleDef, TableDef } from '../schema';
import type { AppDef, ChartDef, DashboardDef, FormDef, ViewDef } from '../ui';
import { chartId } from './charts';
import { dashboardId } from './dashboards';
import { componentIds } from './ids';
import { descriptions, localizedNames } from './labels';
import { el, leaf, type XmlElement } from './xml';

/**
 * The platform's default app icon web resource (`msdyn_/Images/AppModule_Default_Icon.png`), the same
 * id in every environment [I] (exports of apps without their own icon carry it).
 */
const DEFAULT_APP_ICON_ID = '953b9fac-1e5e-e611-80d6-00155ded156f';

export interface AppModuleInput {
  readonly app: AppDef;
  readonly version: string;
  readonly tables: readonly TableDef[];
  readonly forms: readonly FormDef[];
  readonly views: readonly ViewDef[];
  readonly roles: readonly RoleDef[];
  readonly charts?: readonly ChartDef[];
  readonly dashboards?: readonly DashboardDef[];
}

export function appTablesOf(app: AppDef): TableDef[] {
  const all = [
    ...app.areas.flatMap((a) => a.groups.flatMap((g) => g.subAreas.map((s) => s.table))),
    ...app.extraTables,
  ];
  return all.filter((t, i) => all.findIndex((x) => x.logicalName === t.logicalName) === i);
}

export function appModulesXml(input: AppModuleInput): XmlElement {
  const { app, version } = input;
  const tables = appTablesOf(app);
  const inApp = new Set(tables.map((t) => t.logicalName));
  const forms = input.forms.filter((f) => inApp.has(f.table.logicalName));
  const views = input.views.filter((v) => inApp.has(v.table.logicalName) && v.kind === 'public');
  const roles = input.roles.filter((r) => app.roleKeys.includes(r.key));
  return el('AppModules', {}, [
    el('AppModule', {}, [
      leaf('UniqueName', app.uniqueName),
      leaf('IntroducedVersion', version),
      leaf('WebResourceId', DEFAULT_APP_ICON_ID),
      // FormFactor 1: Unified Interface for every device; ClientType 4: Unified Interface [I].
      leaf('FormFactor', 1),
      leaf('ClientType', 4),
      el('AppModuleComponents', {}, [
        ...tables.map((t) => el('AppModuleComponent', { type: 1, schemaName: t.logicalName })),
        ...forms.map((f) => el('AppModuleComponent', { type: 60, id: componentIds.form(f.key) })),
        ...views.map((v) => el('AppModuleComponent', { type: 26, id: componentIds.view(v.key) })),
        // Charts (type 59) and dashboards (system forms, type 60) [C] (appmodulecomponent componenttype).
        ...(input.charts ?? []).map((c) => el('AppModuleComponent', { type: 59, id: chartId(c.key) })),
        ...(input.dashboards ?? []).map((d) => el('AppModuleComponent', { type: 60, id: dashboardId(d.key) })),
        el('AppModuleComponent', { type: 62, schemaName: app.siteMapUniqueName }),
      ]),
      roles.length > 0 &&
        el(
          'AppModuleRoleMaps',
          {},
          roles.map((r) => el('Role', { id: componentIds.role(r.key) })),
        ),
      localizedNames(app.displayName),
      descriptions(app.description),
    ]),
  ]);
}
