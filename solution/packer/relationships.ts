/**
 * `<EntityRelationships>`: our one-to-many relationships (one per lookup, from the schema module) and
 * the platform relationships of each custom table to the system user and organization tables, shaped
 * as in the Tactec CrmLive export (custom relationships with both navigation property names) and the
 * UpsertSample (lk_<table>_createdby...). Names are as Dataverse spells them: entities and the
 * referencing attribute by SchemaName.
 */
import type { CascadeDelete, RelationshipDef, TableDef } from '../schema';
import { physicalName } from './attributes';
import { descriptions } from './labels';
import type { ManagedPolicy } from './managed';
import { entitySchemaName, schemaNameOf } from './standard-names';
import { el, leaf, type XmlElement } from './xml';

interface RelationshipXmlInput {
  name: string;
  referencingEntity: string;
  referencedEntity: string;
  referencingAttribute: string;
  description: string;
  cascadeDelete: 'NoCascade' | CascadeDelete;
  navigation?: { referencing: string; referenced: string };
}

function relationshipXml(r: RelationshipXmlInput, version: string, policy: ManagedPolicy): XmlElement {
  return el('EntityRelationship', { Name: r.name }, [
    leaf('EntityRelationshipType', 'OneToMany'),
    leaf('IsCustomizable', policy.relationshipCustomizable),
    leaf('IntroducedVersion', version),
    leaf('IsHierarchical', false),
    leaf('ReferencingEntityName', r.referencingEntity),
    leaf('ReferencedEntityName', r.referencedEntity),
    leaf('CascadeAssign', 'NoCascade'),
    leaf('CascadeDelete', r.cascadeDelete),
    leaf('CascadeReparent', 'NoCascade'),
    leaf('CascadeShare', 'NoCascade'),
    leaf('CascadeUnshare', 'NoCascade'),
    r.navigation && leaf('CascadeRollupView', 'NoCascade'),
    r.navigation && leaf('IsValidForAdvancedFind', true),
    leaf('ReferencingAttributeName', r.referencingAttribute),
    el('RelationshipDescription', {}, [descriptions(r.description)]),
    r.navigation &&
      el('EntityRelationshipRoles', {}, [
        // RelationshipRoleType 1: the referencing (many) side, whose single-valued navigation property is
        // the lookup's; 0: the referenced side, whose collection property is the relationship name [C]
        // (Tactec export).
        el('EntityRelationshipRole', {}, [
          leaf('NavPaneDisplayOption', 'UseCollectionName'),
          leaf('NavPaneArea', 'Details'),
          leaf('NavPaneOrder', 10000),
          leaf('NavigationPropertyName', r.navigation.referencing),
          leaf('RelationshipRoleType', 1),
        ]),
        el('EntityRelationshipRole', {}, [
          leaf('NavigationPropertyName', r.navigation.referenced),
          leaf('RelationshipRoleType', 0),
        ]),
      ]),
  ]);
}

/**
 * The currency relationship of a table with money columns is the platform's own: Dataverse creates it
 * with the money columns, Restrict on delete and no navigation roles [C] (Apollo CrmLive export,
 * `TransactionCurrency_apollo_ApolloInvoice`). Writing it as a custom relationship would ask the import
 * to re-shape a system relationship.
 */
const isPlatformCurrency = (r: RelationshipDef): boolean =>
  r.referencedTable === 'transactioncurrency' && r.referencingAttribute === 'transactioncurrencyid';

export function customRelationshipsXml(
  relationships: readonly RelationshipDef[],
  tables: readonly TableDef[],
  version: string,
  policy: ManagedPolicy,
): XmlElement[] {
  return relationships.map((r) => {
    const referencing = tables.find((t) => t.logicalName === r.referencingTable);
    const column = referencing?.columns.find((c) => c.logicalName === r.referencingAttribute);
    const platform = isPlatformCurrency(r);
    return relationshipXml(
      {
        name: r.schemaName,
        referencingEntity: schemaNameOf(r.referencingTable, tables),
        referencedEntity: schemaNameOf(r.referencedTable, tables),
        referencingAttribute: column && referencing ? physicalName(referencing, column) : r.referencingAttribute,
        description: column?.description ?? '',
        cascadeDelete: platform ? 'Restrict' : r.cascadeDelete,
        ...(platform
          ? {}
          : {
              navigation: { referencing: r.referencingNavigationProperty, referenced: r.referencedNavigationProperty },
            }),
      },
      version,
      policy,
    );
  });
}

/** lk_<table>_createdby and friends: the platform's relationships of a custom table. */
export function platformRelationshipsXml(table: TableDef, version: string, policy: ManagedPolicy): XmlElement[] {
  const entity = entitySchemaName(table);
  const user = (suffix: string, attribute: string, description: string): RelationshipXmlInput => ({
    name: `lk_${table.logicalName}_${suffix}`,
    referencingEntity: entity,
    referencedEntity: 'SystemUser',
    referencingAttribute: attribute,
    description,
    cascadeDelete: 'NoCascade',
  });
  const list: RelationshipXmlInput[] = [
    user('createdby', 'CreatedBy', 'Unique identifier of the user who created the record.'),
    user('createdonbehalfby', 'CreatedOnBehalfBy', 'Unique identifier of the delegate user who created the record.'),
    user('modifiedby', 'ModifiedBy', 'Unique identifier of the user who modified the record.'),
    user('modifiedonbehalfby', 'ModifiedOnBehalfBy', 'Unique identifier of the delegate user who modified the record.'),
  ];
  if (table.ownership === 'organization') {
    list.push({
      name: `organization_${table.logicalName}`,
      referencingEntity: entity,
      referencedEntity: 'Organization',
      referencingAttribute: 'OrganizationId',
      description: 'Unique identifier for the organization',
      cascadeDelete: 'NoCascade',
    });
  }
  return list.map((r) => relationshipXml(r, version, policy));
}
