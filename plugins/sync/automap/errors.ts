/**
 * Error codes of automap and its CSV files. Stable: scripts and support notes rely on them.
 * (docs/error-codes.md, the project's list, says what each means.)
 */
import { W365Error } from '../../../common/errors';

/** Each code's meaning is in docs/error-codes.md. */
export const AutomapErrorCodes = {
  EmptyId: 'AUTOMAP_EMPTY_ID',
  DuplicateId: 'AUTOMAP_DUPLICATE_ID',
  BadThreshold: 'AUTOMAP_BAD_THRESHOLD',
  FileNotFound: 'AUTOMAP_FILE_NOT_FOUND',
  FileUnreadable: 'AUTOMAP_FILE_UNREADABLE',
  CsvEmpty: 'AUTOMAP_CSV_EMPTY',
  CsvMalformed: 'AUTOMAP_CSV_MALFORMED',
  CsvMissingColumn: 'AUTOMAP_CSV_MISSING_COLUMN',
  CsvEmptyId: 'AUTOMAP_CSV_EMPTY_ID',
  CsvDuplicateId: 'AUTOMAP_CSV_DUPLICATE_ID',
  OutIsInput: 'AUTOMAP_OUT_IS_INPUT',
  OutputUnwritable: 'AUTOMAP_OUTPUT_UNWRITABLE',
} as const;

export type AutomapErrorCode = (typeof AutomapErrorCodes)[keyof typeof AutomapErrorCodes];

export function automapError(
  code: AutomapErrorCode,
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): W365Error {
  return new W365Error(code, message, {
    fatal: true,
    ...(details ? { details } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
}
