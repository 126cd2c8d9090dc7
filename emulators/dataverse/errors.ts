/**
 * Dataverse's error codes and messages, as the Web API returns them: `{"error":{"code","message"}}`
 * with an HTTP status. Codes and message texts come from Microsoft's error-code table and the Web API
 * docs (see ../shared/docs/dataverse.md §1.6, §1.9, §1.10); where the docs do not show the exact
 * status or text, the entry says [I] (inferred).
 */

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'DataverseError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isDataverseError(e: unknown): e is DataverseError {
  return e instanceof DataverseError;
}

/** The platform's hex error codes, named as in Microsoft's error-code table (not ours: docs/error-codes.md lists ours). */
export const PlatformErrorCodes = {
  ObjectDoesNotExist: '0x80040217',
  RecordNotFoundByEntityKey: '0x80060891',
  DuplicateRecordEntityKey: '0x80060892',
  DuplicateRecord: '0x80040237',
  EntityKeyNotDefined: '0x80060890',
  ConcurrencyVersionMismatch: '0x80060882',
  PrivilegeDenied: '0x80040220',
  ValidationError: '0x80044331',
  PluginError: '0x80040265',
  InvalidStateStatus: '0x80048408',
  /** OData query / payload errors; Dataverse answers most of them with this code [I]. */
  QueryParse: '0x80060888',
  RequestsLimit: '0x80072322',
  ExecutionTimeLimit: '0x80072321',
  ConcurrencyLimit: '0x80072326',
  InvalidArgument: '0x80040203',
  NotImplemented: '0x8004800d',
} as const;

/** `Microsoft.Dynamics.CRM.account`: how OData messages name a table's entity type. */
export const entityType = (logicalName: string): string => `Microsoft.Dynamics.CRM.${logicalName}`;

export const Errors = {
  /** [C] message text from perform-conditional-operations-using-web-api.md; code [I]. */
  notFoundById: (table: string, id: string) =>
    new DataverseError(404, PlatformErrorCodes.ObjectDoesNotExist, `${table} With Id = ${id} Does Not Exist`),
  /** A metadata item that does not exist [I: text]. */
  notFound: (message: string) => new DataverseError(404, PlatformErrorCodes.ObjectDoesNotExist, message),
  /** [C] message from the error-code table; 404 [I]. */
  notFoundByKey: (table: string) =>
    new DataverseError(
      404,
      PlatformErrorCodes.RecordNotFoundByEntityKey,
      `A record with the specified key values does not exist in ${table} entity`,
    ),
  /** [C] message from the error-code table; 412 [I] (two third-party sources report 412). */
  duplicateKey: (keyDisplayName: string, columnDisplayNames: string) =>
    new DataverseError(
      412,
      PlatformErrorCodes.DuplicateRecordEntityKey,
      `Entity Key ${keyDisplayName} violated. A record with the same value for ${columnDisplayNames} already exists. A duplicate record cannot be created. Select one or more unique values and try again.`,
    ),
  /** [C] text from the conditional-operations page (If-None-Match: * on an existing row); code [I]. */
  alreadyExists: () =>
    new DataverseError(412, PlatformErrorCodes.DuplicateRecord, 'A record with matching key values already exists.'),
  /** Primary key collision on create (client-supplied id) [I]. */
  duplicateId: () => new DataverseError(412, PlatformErrorCodes.DuplicateRecord, 'Cannot insert duplicate key.'),
  /** [C] text; code from the error-code table. */
  versionMismatch: () =>
    new DataverseError(
      412,
      PlatformErrorCodes.ConcurrencyVersionMismatch,
      "The version of the existing record doesn't match the RowVersion property provided.",
    ),
  /** [C] text from use-alternate-key-reference-record.md; code [I]. */
  invalidKey: (table: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `The key in the request URI is not valid for resource '${entityType(table)}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '${entityType(table)}'.`,
    ),
  /** OData's message for an unknown entity set [I: standard ASP.NET OData text]. */
  unknownSegment: (segment: string) =>
    new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`),
  /** Unknown column in a payload (the brief's Dataverse text) [I]. */
  invalidProperty: (prop: string, table: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `Invalid property '${prop}' was found in entity '${entityType(table)}'.`,
    ),
  /** OData's text when `x@odata.bind` names no declared navigation property (e.g. wrong case) [C: seen on the wire]. */
  undeclaredNavigation: (prop: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `An undeclared property '${prop}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    ),
  /** OData's text for an unknown property in a query option [I]. */
  unknownQueryProperty: (prop: string, table: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `Could not find a property named '${prop}' on type '${entityType(table)}'.`,
    ),
  badQuery: (message: string) => new DataverseError(400, PlatformErrorCodes.QueryParse, message),
  /** [C] "validation error" text of the batch doc example for a too-long string. */
  tooLong: (column: string, table: string, maxLength: number) =>
    new DataverseError(
      400,
      PlatformErrorCodes.ValidationError,
      `A validation error occurred. The length of the '${column}' attribute of the '${table}' entity exceeded the maximum allowed length of '${maxLength}'.`,
    ),
  /** Out-of-range numbers and unknown choice values [I]. */
  outOfRange: (value: unknown, column: string, table: string, accepted: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.ValidationError,
      `A validation error occurred. The value ${String(value)} of '${column}' on record of type '${table}' is outside the valid range. Accepted Values: ${accepted}`,
    ),
  /** OData's text for a JSON value of the wrong type [I]. */
  wrongType: (value: unknown, edmType: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `Cannot convert the literal '${typeof value === 'string' ? value : JSON.stringify(value)}' to the expected type '${edmType}'.`,
    ),
  malformedJson: (detail: string) => new DataverseError(400, PlatformErrorCodes.QueryParse, `Invalid JSON. ${detail}`),
  /** Writing a system-managed column [I]. */
  readOnlyColumn: (column: string, table: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.QueryParse,
      `The property '${column}' of entity '${entityType(table)}' is read-only and cannot be set.`,
    ),
  /** systemrequired column missing on create [I]. */
  required: (column: string, table: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.InvalidArgument,
      `Attribute '${column}' on entity '${table}' cannot be null: it is required (SystemRequired).`,
    ),
  /** [C] text and code seen on the wire ("2 is not a valid status code for state code AccountState.Active on account with Id …"). */
  invalidStatus: (status: number, stateName: string, table: string, id: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.InvalidStateStatus,
      `${status} is not a valid status code for state code ${stateName} on ${table} with Id ${id}.`,
    ),
  /** Field security: no profile grants the write [I]. */
  securedWrite: (column: string, verb: 'create' | 'update') =>
    new DataverseError(
      403,
      PlatformErrorCodes.PrivilegeDenied,
      `The user does not have ${verb} permissions to a secured field '${column}'. The requested operation could not be completed.`,
    ),
  /**
   * A Restrict relationship blocks the delete while related rows exist [C: the behaviour]; the code and
   * text are [I].
   */
  deleteRestricted: (table: string, related: string) =>
    new DataverseError(
      400,
      PlatformErrorCodes.InvalidArgument,
      `The ${table} record cannot be deleted because it is associated with ${related} records (the relationship restricts delete).`,
    ),
  methodNotAllowed: (method: string) =>
    new DataverseError(405, '0x80060888', `The requested resource does not support http method '${method}'.`),
  /** The emulator does not implement this part of the Web API; never a silent wrong answer. */
  notImplemented: (what: string) =>
    new DataverseError(
      501,
      PlatformErrorCodes.NotImplemented,
      `${what} is not implemented by the Work 365 Dataverse emulator.`,
    ),
  unauthorized: (message: string) => new DataverseError(401, '0x80072243', message),
} as const;
