/**
 * `<Entities>`: one `<Entity>` per table the solution carries. A custom table is written whole, as
 * the UpsertSample exports its `sample_product`: name, object type code, the entity's settings, every
 * attribute, its keys, forms, views and ribbon. A Microsoft table we extend (account, product) carries
 * only the columns we add and its entity set name: exports write the table's current settings too, but
 * a managed solution that repeats Microsoft's settings would layer over them in every customer's
 * environment, so we leave them out [I].
 */
import { PUBLISHER, type TableDef } from '../schema';
import type { ChartDef, FormDef, ViewDef } from '../ui';
import { visualizationsXml } from './charts';
import { attributesXml } from './attributes';
import { formXml, type FormContext } from './forms';
import { entityKeysXml } from './keys';
import { descriptions, localizedCollectionNames, localizedNames } from './labels';
import type { ManagedPolicy } from './managed';
import { emptyRibbon } from './ribbon';
import { entitySchemaName } from './standard-names';
import { savedQueriesXml, type ViewContext } from './views';
import { el, leaf, text, type Child, type XmlElement, type XmlNode } from './xml';

export interface EntityContext {
  readonly version: string;
  readonly policy: ManagedPolicy;
  readonly forms: readonly FormDef[];
  readonly views: readonly ViewDef[];
  readonly ribbons: ReadonlyMap<string, XmlNode>;
  readonly formContext: FormContext;
  readonly charts?: readonly ChartDef[];
}

const prefix = `${PUBLISHER.prefix}_`;

/** Settings of a custom table, in the order the UpsertSample writes them. */
function settings(table: TableDef, ctx: EntityContext): Child[] {
  const p = ctx.policy;
  return [
    leaf('EntitySetName', table.entitySetName),
    leaf('IsDuplicateCheckSupported', false),
    leaf('IsBusinessProcessEnabled', false),
    leaf('IsRequiredOffline', false),
    leaf('IsCollaboration', false),
    leaf('AutoRouteToOwnerQueue', false),
    leaf('IsConnectionsEnabled', false),
    leaf('IsDocumentManagementEnabled', false),
    leaf('IsOneNoteIntegrationEnabled', false),
    leaf('IsKnowledgeManagementEnabled', false),
    leaf('OwnershipTypeMask', table.ownership === 'organization' ? 'OrgOwned' : 'UserOwned'),
    leaf('IsAuditEnabled', true),
    leaf('IsActivity', false),
    leaf('IsActivityParty', false),
    leaf('IsReplicated', false),
    leaf('IsReplicationUserFiltered', false),
    leaf('IsMailMergeEnabled', false),
    leaf('IsVisibleInMobile', false),
    leaf('IsVisibleInMobileClient', true),
    leaf('IsReadOnlyInMobileClient', false),
    leaf('IsMapiGridEnabled', true),
    leaf('IsReadingPaneEnabled', true),
    leaf('IsQuickCreateEnabled', false),
    leaf('IntroducedVersion', ctx.version),
    leaf('IsCustomizable', p.entityCustomizable),
    leaf('IsRenameable', p.entityRenameable),
    leaf('IsMappable', true),
    leaf('CanModifyAuditSettings', true),
    leaf('CanModifyMobileVisibility', true),
    leaf('CanModifyMobileClientVisibility', true),
    leaf('CanModifyMobileClientReadOnly', true),
    leaf('CanModifyConnectionSettings', true),
    leaf('CanModifyDuplicateDetectionSettings', true),
    leaf('CanModifyMailMergeSettings', true),
    leaf('CanModifyQueueSettings', true),
    leaf('CanCreateAttributes', true),
    leaf('CanCreateForms', true),
    leaf('CanCreateCharts', true),
    leaf('CanCreateViews', true),
    leaf('CanModifyAdditionalSettings', true),
    leaf('EnforceStateTransitions', false),
    leaf('CanChangeHierarchicalRelationship', true),
    leaf('EntityHelpUrlEnabled', false),
    // The sync service reads changes incrementally; change tracking must be on.
    leaf('ChangeTrackingEnabled', true),
    leaf('HasRelatedNotes', table.hasNotes ? 'True' : 'False'),
    leaf('HasRelatedActivities', 'False'),
  ];
}

function customEntityXml(table: TableDef, ctx: EntityContext): XmlElement {
  const schemaName = entitySchemaName(table);
  return el('Entity', {}, [
    el('Name', { LocalizedName: table.displayName, OriginalName: table.displayName }, [text(schemaName)]),
    el('EntityInfo', {}, [
      el('entity', { Name: schemaName }, [
        localizedNames(table.displayName),
        localizedCollectionNames(table.pluralDisplayName),
        descriptions(table.description),
        attributesXml({ table, version: ctx.version, policy: ctx.policy }, () => true),
        entityKeysXml(table.keys, ctx.version, ctx.policy),
        ...settings(table, ctx),
      ]),
    ]),
    formXml(
      ctx.forms.filter((f) => f.table.logicalName === table.logicalName),
      ctx.formContext,
    ),
    savedQueriesXml(
      ctx.views.filter((v) => v.table.logicalName === table.logicalName),
      { version: ctx.version, policy: ctx.policy } satisfies ViewContext,
    ),
    visualizationsXml(ctx.charts ?? [], table.logicalName, ctx),
    ctx.ribbons.get(table.logicalName) ?? emptyRibbon(),
  ]);
}

function extendedEntityXml(table: TableDef, ctx: EntityContext): XmlElement {
  const schemaName = entitySchemaName(table);
  const ours = table.keys.filter((k) => k.logicalName.startsWith(prefix));
  const ribbon = ctx.ribbons.get(table.logicalName);
  return el('Entity', {}, [
    el('Name', { LocalizedName: table.displayName, OriginalName: table.displayName }, [text(schemaName)]),
    el('EntityInfo', {}, [
      el('entity', { Name: schemaName }, [
        attributesXml({ table, version: ctx.version, policy: ctx.policy }, (c) => c.logicalName.startsWith(prefix)),
        entityKeysXml(ours, ctx.version, ctx.policy),
        leaf('EntitySetName', table.entitySetName),
      ]),
    ]),
    ribbon,
  ]);
}

export function entitiesXml(
  custom: readonly TableDef[],
  extended: readonly TableDef[],
  ctx: EntityContext,
): XmlElement {
  return el('Entities', {}, [
    ...custom.map((t) => customEntityXml(t, ctx)),
    ...extended.map((t) => extendedEntityXml(t, ctx)),
  ]);
}
