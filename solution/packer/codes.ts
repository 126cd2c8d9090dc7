/**
 * Stable error codes of the solution packer and checker (`w365 solution build|check`). Each is listed
 * in docs/error-codes.md.
 */
export const SolutionErrorCodes = {
  /** The schema module has a definition Dataverse would refuse (duplicate name, key on a secured column...). */
  SchemaInvalid: 'SOLUTION_SCHEMA_INVALID',
  /** A form, view or app refers to a table or column the schema does not define. */
  UiInvalid: 'SOLUTION_UI_INVALID',
  /** A web resource manifest, PCF control output or ribbon file cannot be packed as it is. */
  ExtensionInvalid: 'SOLUTION_EXTENSION_INVALID',
  /** The shared reference folder (XSDs, example solutions) cannot be found. */
  SharedDirMissing: 'SOLUTION_SHARED_DIR_MISSING',
  /** `solution check --in DIR`: the directory does not exist. */
  CheckInputMissing: 'SOLUTION_CHECK_INPUT_MISSING',
  /** `solution import --in ZIP`: the file does not exist. */
  ImportInputMissing: 'SOLUTION_IMPORT_INPUT_MISSING',
} as const;

export type SolutionErrorCode = (typeof SolutionErrorCodes)[keyof typeof SolutionErrorCodes];
