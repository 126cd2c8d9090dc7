/**
 * Why an import is refused, with Dataverse's solution-import error codes and message texts. Codes and
 * texts are [C] from the platform's import error list (ImportErrorCodes as mirrored by
 * AlbanianXrm.SolutionPackager: name, decimal code and message) unless marked; the missing-dependency
 * text is [C] as seen on the wire (powerapps-tools issue 1271: "The following solution cannot be
 * imported: X. Some dependencies are missing. The missing dependencies are : <MissingDependencies>…").
 * The HTTP status of a failed synchronous ImportSolution is [I] (400, as other request faults).
 */
import { DataverseError } from '../errors';

/** -2147188640 and friends, as Dataverse writes them in `error.code`. */
export const ImportCodes = {
  BadZip: '0x80048060',
  InvalidXml: '0x8004802c',
  MissingDependencies: '0x8004801d',
  AttributeName: '0x80048062',
  DuplicateEntity: '0x8004810c',
  UnmanagedOverManaged: '0x80048041',
  ManagedOverUnmanaged: '0x80048040',
  OptionSetMissing: '0x80048039',
  FieldSecurityAttributesMissing: '0x80048064',
  Generic: '0x8004801e',
} as const;

const fail = (code: string, message: string) => new DataverseError(400, code, message);

export interface MissingDependency {
  required: { type: number; schemaName: string; displayName?: string; solution?: string; parentSchemaName?: string };
  dependent: { type: number; schemaName?: string; displayName?: string; parentSchemaName?: string; id?: string };
}

const xmlAttr = (name: string, value: string | number | undefined) =>
  value === undefined ? '' : ` ${name}="${String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;

function dependencyXml(d: MissingDependency): string {
  const r = d.required;
  const p = d.dependent;
  return (
    `<MissingDependency><Required${xmlAttr('type', r.type)}${xmlAttr('schemaName', r.schemaName)}${xmlAttr('displayName', r.displayName)}` +
    `${xmlAttr('parentSchemaName', r.parentSchemaName)}${xmlAttr('solution', r.solution)} />` +
    `<Dependent${xmlAttr('type', p.type)}${xmlAttr('schemaName', p.schemaName)}${xmlAttr('displayName', p.displayName)}` +
    `${xmlAttr('parentSchemaName', p.parentSchemaName)}${xmlAttr('id', p.id)} /></MissingDependency>`
  );
}

export const ImportErrors = {
  /** ImportCustomizationsBadZipFileError. */
  badZip: () =>
    fail(
      ImportCodes.BadZip,
      'The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Customization files exported from previous versions of Microsoft Dynamics 365 are not supported.',
    ),
  /** ImportInvalidXmlError (the parser's detail appended [I]). */
  invalidXml: (file: string, detail: string) =>
    fail(
      ImportCodes.InvalidXml,
      `This solution package cannot be imported because it contains invalid XML. You can attempt to repair the file by manually editing the XML contents using the information found in the schema validation errors, or you can contact your solution provider. ${file}: ${detail}`,
    ),
  /** ImportMissingDependenciesError, with the list as the platform prints it. */
  missingDependencies: (solution: string, missing: readonly MissingDependency[]) =>
    fail(
      ImportCodes.MissingDependencies,
      `The following solution cannot be imported: ${solution}. Some dependencies are missing. The missing dependencies are : <MissingDependencies>${missing.map(dependencyXml).join('')}</MissingDependencies> , ProductUpdatesOnly : False`,
    ),
  /** ImportAttributeNameError. */
  attributeName: (attribute: string) =>
    fail(
      ImportCodes.AttributeName,
      `Invalid name for attribute ${attribute}.  Custom attribute names must start with a valid customization prefix. The prefix for a solution component should match the prefix that is specified for the publisher of the solution.`,
    ),
  /** ImportDuplicateEntity: another solution's table, or two tables of one file, with the same name. */
  duplicateEntity: (name: string) =>
    fail(
      ImportCodes.DuplicateEntity,
      `This import has failed because a different entity with the identical name, ${name}, already exists in the target organization.`,
    ),
  /** [I] code and text: two columns of one table share a name (case-insensitively). */
  duplicateAttribute: (table: string, name: string) =>
    fail(ImportCodes.Generic, `The import failed. Table ${table} defines the attribute ${name} more than once.`),
  /** ImportSolutionUnmanagedToManagedMismatch. */
  unmanagedOverManaged: () =>
    fail(
      ImportCodes.UnmanagedOverManaged,
      'The solution is already installed on this system as a managed solution and the package supplied is attempting to install it in unmanaged mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.',
    ),
  /** ImportSolutionManagedToUnmanagedMismatch. */
  managedOverUnmanaged: () =>
    fail(
      ImportCodes.ManagedOverUnmanaged,
      'The solution is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.',
    ),
  /** [I] code and text: an unmanaged solution changes a managed component that is not customizable. */
  managedComponent: (kind: string, name: string, owner: string) =>
    fail(
      ImportCodes.Generic,
      `The import failed. The ${kind} ${name} belongs to the managed solution ${owner} and is not customizable; an unmanaged solution cannot change it.`,
    ),
  /** ImportOptionSetAttributeError. */
  optionSetMissing: (attribute: string, optionSet: string) =>
    fail(
      ImportCodes.OptionSetMissing,
      `Attribute '${attribute}' was not imported as it references a non-existing global Option Set ('${optionSet}').`,
    ),
  /** ImportFieldSecurityProfileAttributesMissingError. */
  fieldSecurityAttributesMissing: (columns: string) =>
    fail(
      ImportCodes.FieldSecurityAttributesMissing,
      `Some field security permissions could not be imported because the following fields are not in the system: ${columns}.`,
    ),
  /**
   * [I] code and text: an alternate key larger than SQL Server's 900-byte index key (strings count two
   * bytes a character, lookups and GUIDs 16, numbers and dates 8) cannot be created.
   */
  keyTooLarge: (key: string, table: string, bytes: number) =>
    fail(
      ImportCodes.Generic,
      `The import failed. The key ${key} of ${table} needs ${bytes} bytes; an alternate key can be at most 900 bytes.`,
    ),
  /** [I] text for anything else the file cannot be read as (ImportGenericError). */
  generic: (detail: string) => fail(ImportCodes.Generic, `The import failed. ${detail}`),
} as const;
