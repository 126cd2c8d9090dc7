/**
 * `customizations.xml`: every component, in the element order of ImportExportXml in
 * CustomizationsSolution.xsd 9.0.0.2090 (Entities, Roles, Workflows, FieldSecurityProfiles, Templates,
 * EntityMaps, EntityRelationships, OrganizationSettings, optionsets, WebResources, CustomControls,
 * AppModuleSiteMaps, AppModules, EntityDataProviders, Languages). Empty sections are written as the
 * example exports write them.
 */
import { PUBLISHER } from '../schema';
import { appModulesXml } from './appmodule';
import { customControlsXml, type PackedControl } from './controls';
import { dashboardsXml } from './dashboards';
import { entitiesXml } from './entities';
import { fieldSecurityProfilesXml } from './fieldsecurity';
import type { FormContext } from './forms';
import { LANGUAGE_CODE } from './labels';
import type { ManagedPolicy } from './managed';
import { customRelationshipsOf, customTablesOf, extendedTablesOf, type SolutionModel } from './model';
import { choicesOf, globalOptionSet } from './optionsets';
import { customRelationshipsXml, platformRelationshipsXml } from './relationships';
import { rolesXml } from './roles';
import { siteMapsXml } from './sitemap';
import { webResourcesXml, type WebResourceInput } from './webresources';
import { el, leaf, serializeDocument, type XmlNode } from './xml';

export interface CustomizationsInput {
  readonly model: SolutionModel;
  readonly version: string;
  readonly policy: ManagedPolicy;
  readonly controls: readonly PackedControl[];
  readonly webResources: readonly WebResourceInput[];
  readonly ribbons: ReadonlyMap<string, XmlNode>;
  readonly note: (message: string) => void;
}

const prefix = `${PUBLISHER.prefix}_`;

export function customizationsXml(input: CustomizationsInput): string {
  const { model, version, policy } = input;
  const custom = customTablesOf(model);
  const extended = extendedTablesOf(model);
  const formContext: FormContext = { version, policy, controls: input.controls, note: input.note };
  const choices = choicesOf([...custom, ...extended], (table, column) => !table.standard || column.startsWith(prefix));
  const root = el('ImportExportXml', { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' }, [
    entitiesXml(custom, extended, {
      version,
      policy,
      forms: model.forms,
      views: model.views,
      ribbons: input.ribbons,
      formContext,
      charts: model.charts,
    }),
    rolesXml(model.roles, model.tables, version, policy),
    el('Workflows'),
    fieldSecurityProfilesXml(model.fieldSecurityProfiles, model.tables),
    el('Templates'),
    el('EntityMaps'),
    el('EntityRelationships', {}, [
      ...customRelationshipsXml(customRelationshipsOf(model), model.tables, version, policy),
      ...custom.flatMap((t) => platformRelationshipsXml(t, version, policy)),
    ]),
    el('OrganizationSettings'),
    el(
      'optionsets',
      {},
      choices.map((c) => globalOptionSet(c, version, policy)),
    ),
    dashboardsXml(model.dashboards ?? [], { version, policy }),
    input.webResources.length > 0 && webResourcesXml(input.webResources, version, policy),
    customControlsXml(input.controls),
    el('SolutionPluginAssemblies'),
    siteMapsXml(model.app),
    appModulesXml({
      app: model.app,
      version,
      tables: model.tables,
      forms: model.forms,
      views: model.views,
      roles: model.roles,
      charts: model.charts,
      dashboards: model.dashboards,
    }),
    el('EntityDataProviders'),
    el('Languages', {}, [leaf('Language', LANGUAGE_CODE)]),
  ]);
  return serializeDocument(root);
}

/** Global choices the solution ships (root components of type 9). */
export function solutionChoiceNames(model: SolutionModel): string[] {
  return choicesOf(
    [...customTablesOf(model), ...extendedTablesOf(model)],
    (table, column) => !table.standard || column.startsWith(prefix),
  ).map((c) => c.name);
}
