/**
 * `GET /api/data/v9.2/$metadata`: the service's CSDL (OData 4.0 XML) [C] (Dataverse's document: one
 * Schema, Namespace "Microsoft.Dynamics.CRM", Alias "mscrm", every table an EntityType deriving from
 * the abstract mscrm.crmbaseentity with its primary key, a Property per column (a lookup as its
 * `_x_value` Edm.Guid), a NavigationProperty per lookup and per one-to-many relationship with its
 * Partner, and an EntityContainer "System" with one EntitySet per table). Actions, functions, complex
 * types and annotations are left out [I]: the generators and tools that read entity types need only these.
 */
import { edmType } from '../store/codec';
import type { Catalog, ColumnDef, TableDef } from './types';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');

function property(c: ColumnDef): string {
  if (c.type === 'lookup') return `<Property Name="_${esc(c.logicalName)}_value" Type="Edm.Guid" />`;
  const precision = c.type === 'decimal' || c.type === 'money' ? ` Scale="Variable"` : '';
  const length = c.type === 'string' || c.type === 'memo' ? ` MaxLength="${c.maxLength}"` : '';
  const nullable = c.type === 'primarykey' ? ' Nullable="false"' : '';
  return `<Property Name="${esc(c.logicalName)}" Type="${edmType(c)}"${nullable}${precision}${length} />`;
}

function navigations(t: TableDef, catalog: Catalog): string[] {
  const out: string[] = [];
  for (const r of catalog.relationships) {
    const referencing = catalog.tables.find((x) => x.logicalName === r.referencingTable);
    const referenced = catalog.tables.find((x) => x.logicalName === r.referencedTable);
    if (!referencing || !referenced) continue;
    if (r.referencingTable === t.logicalName) {
      out.push(
        `<NavigationProperty Name="${esc(r.referencingNavigationProperty)}" Type="mscrm.${esc(r.referencedTable)}" Partner="${esc(r.referencedNavigationProperty)}"><ReferentialConstraint Property="_${esc(r.referencingAttribute)}_value" ReferencedProperty="${esc(r.referencedAttribute)}" /></NavigationProperty>`,
      );
    }
    if (r.referencedTable === t.logicalName) {
      out.push(
        `<NavigationProperty Name="${esc(r.referencedNavigationProperty)}" Type="Collection(mscrm.${esc(r.referencingTable)})" Partner="${esc(r.referencingNavigationProperty)}" />`,
      );
    }
  }
  return out;
}

function entityType(t: TableDef, catalog: Catalog): string {
  const columns = t.columns.filter((c) => !c.writeOnly);
  return [
    `<EntityType Name="${esc(t.logicalName)}" BaseType="mscrm.crmbaseentity">`,
    `<Key><PropertyRef Name="${esc(t.primaryIdAttribute)}" /></Key>`,
    ...columns.map(property),
    ...navigations(t, catalog),
    '</EntityType>',
  ].join('');
}

export function csdl(catalog: Catalog): string {
  const tables = [...catalog.tables].sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '<edmx:DataServices>',
    '<Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">',
    '<EntityType Name="crmbaseentity" Abstract="true" />',
    ...tables.map((t) => entityType(t, catalog)),
    '<EntityContainer Name="System">',
    ...tables.map(
      (t) => `<EntitySet Name="${esc(t.entitySetName)}" EntityType="Microsoft.Dynamics.CRM.${esc(t.logicalName)}" />`,
    ),
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}
