/**
 * Schema names of the Microsoft tables our solution refers to. The schema module keeps standard tables
 * by logical name; customizations.xml spells a table by its SchemaName where it names the table
 * itself (`<Entity><Name>Account</Name>`, `ReferencedEntityName`), and privilege names are
 * `prv<Verb><SchemaName>` (`prvReadAccount`, `prvAppendToUoMSchedule`) [C] (Dataverse table reference;
 * Microsoft's Event Management role export shows `prvReadAccount` next to `prvCreatemsevtmgt_AttendeePass`).
 */
import type { TableDef } from '../schema';
import { W365Error } from '../../common/errors';
import { SolutionErrorCodes } from './codes';

export const STANDARD_SCHEMA_NAMES: Readonly<Record<string, string>> = {
  account: 'Account',
  product: 'Product',
  transactioncurrency: 'TransactionCurrency',
  uom: 'UoM',
  uomschedule: 'UoMSchedule',
  systemuser: 'SystemUser',
  organization: 'Organization',
  serviceendpoint: 'ServiceEndpoint',
  sdkmessage: 'SdkMessage',
  sdkmessagefilter: 'SdkMessageFilter',
  sdkmessageprocessingstep: 'SdkMessageProcessingStep',
};

/** The SchemaName Dataverse uses for `table` (ours: `w365_Provider`; Microsoft's: `Account`). */
export function entitySchemaName(table: Pick<TableDef, 'logicalName' | 'schemaName' | 'standard'>): string {
  if (!table.standard) return table.schemaName;
  const name = STANDARD_SCHEMA_NAMES[table.logicalName];
  if (!name) {
    throw new W365Error(
      SolutionErrorCodes.SchemaInvalid,
      `The packer does not know the SchemaName of standard table '${table.logicalName}'; add it to STANDARD_SCHEMA_NAMES in solution/packer/standard-names.ts.`,
    );
  }
  return name;
}

/** Same, for a table known only by logical name (relationship targets). */
export function schemaNameOf(logicalName: string, tables: readonly TableDef[]): string {
  const table = tables.find((t) => t.logicalName === logicalName);
  if (table) return entitySchemaName(table);
  return entitySchemaName({ logicalName, schemaName: logicalName, standard: true });
}
