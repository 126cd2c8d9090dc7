/**
 * `solution.xml`: the manifest Dataverse reads to decide what it imports. Copied in shape from the
 * PCF CodeInterpreter sample (a pac-built zip) [C]: ImportExportXml > SolutionManifest with unique
 * name, names, version, Managed 0/1, the publisher (prefix, option value prefix, the two empty
 * addresses every export carries) and the root components. No XSD exists for this file [C]
 * (dataverse.md §3.1), so `solution check` compares its shape with the examples instead.
 */
import { PUBLISHER } from '../schema';
import { SOLUTION_DESCRIPTION, SOLUTION_DISPLAY_NAME, SOLUTION_UNIQUE_NAME } from '../version';
import { descriptions, LANGUAGE_CODE, localizedNames } from './labels';
import type { ComponentRef, MissingDependency } from './dependencies';
import { el, leaf, serializeDocument, type XmlElement } from './xml';

export { ComponentType } from './solution-xml-types';

/**
 * rootcomponentbehavior: 0 include subcomponents (our own tables: everything in them is ours),
 * 2 include as shell only (Microsoft's tables, of which only the listed columns are ours) [I] for 2:
 * what exports write for a table added with selected columns.
 */
export interface RootComponent {
  readonly type: number;
  readonly schemaName?: string;
  readonly id?: string;
  readonly behavior: 0 | 1 | 2;
}

const nil = (name: string) => el(name, { 'xsi:nil': 'true' });

/** The publisher's two empty addresses, exactly as every example export writes them. */
function address(number: 1 | 2): XmlElement {
  return el('Address', {}, [
    leaf('AddressNumber', number),
    leaf('AddressTypeCode', 1),
    ...[
      'City',
      'County',
      'Country',
      'Fax',
      'FreightTermsCode',
      'ImportSequenceNumber',
      'Latitude',
      'Line1',
      'Line2',
      'Line3',
      'Longitude',
      'Name',
      'PostalCode',
      'PostOfficeBox',
      'PrimaryContactName',
    ].map(nil),
    leaf('ShippingMethodCode', 1),
    ...[
      'StateOrProvince',
      'Telephone1',
      'Telephone2',
      'Telephone3',
      'TimeZoneRuleVersionNumber',
      'UPSZone',
      'UTCOffset',
      'UTCConversionTimeZoneCode',
    ].map(nil),
  ]);
}

function missingDependencyXml(d: MissingDependency): XmlElement {
  const ref = (name: string, c: ComponentRef & { solution?: string }) =>
    el(name, {
      type: c.type,
      schemaName: c.schemaName,
      displayName: c.displayName,
      parentSchemaName: c.parentSchemaName,
      parentDisplayName: c.parentDisplayName,
      solution: c.solution,
      id: c.id,
    });
  return el('MissingDependency', {}, [ref('Required', d.required), ref('Dependent', d.dependent)]);
}

export function solutionXml(input: {
  version: string;
  managed: boolean;
  rootComponents: readonly RootComponent[];
  missingDependencies: readonly MissingDependency[];
}): string {
  const root = el(
    'ImportExportXml',
    // The attributes of the pac-built sample; Dataverse reads SolutionPackageVersion to pick its parser [I].
    {
      version: '9.1.0.643',
      SolutionPackageVersion: '9.1',
      languagecode: LANGUAGE_CODE,
      generatedBy: 'CrmLive',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    },
    [
      el('SolutionManifest', {}, [
        leaf('UniqueName', SOLUTION_UNIQUE_NAME),
        localizedNames(SOLUTION_DISPLAY_NAME),
        descriptions(SOLUTION_DESCRIPTION),
        leaf('Version', input.version),
        leaf('Managed', input.managed ? 1 : 0),
        el('Publisher', {}, [
          leaf('UniqueName', PUBLISHER.uniqueName),
          localizedNames(PUBLISHER.displayName),
          descriptions(PUBLISHER.description),
          nil('EMailAddress'),
          nil('SupportingWebsiteUrl'),
          leaf('CustomizationPrefix', PUBLISHER.prefix),
          leaf('CustomizationOptionValuePrefix', PUBLISHER.optionValuePrefix),
          el('Addresses', {}, [address(1), address(2)]),
        ]),
        el(
          'RootComponents',
          {},
          input.rootComponents.map((c) =>
            el('RootComponent', { type: c.type, schemaName: c.schemaName, id: c.id, behavior: c.behavior }),
          ),
        ),
        el('MissingDependencies', {}, input.missingDependencies.map(missingDependencyXml)),
      ]),
    ],
  );
  return serializeDocument(root);
}
