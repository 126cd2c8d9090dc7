/**
 * Error codes of automap and its CSV files. Stable: scripts and support notes rely on them.
 * (docs/error-codes.md, the project's list, should carry these too.)
 */
import { W365Error } from '../../../common/errors';

export const AUTOMAP_ERROR_CODES = Object.freeze({
  AUTOMAP_EMPTY_ID: 'An account has an empty id.',
  AUTOMAP_DUPLICATE_ID: 'Two accounts on the same side have the same id.',
  AUTOMAP_BAD_THRESHOLD: 'suggestThreshold is not a number in [0,1].',
  AUTOMAP_FILE_NOT_FOUND: 'An input file does not exist.',
  AUTOMAP_FILE_UNREADABLE: 'An input file exists but cannot be read.',
  AUTOMAP_CSV_EMPTY: 'An input CSV has no header line.',
  AUTOMAP_CSV_MALFORMED: 'An input CSV cannot be parsed (unclosed quote, wrong number of cells, ...).',
  AUTOMAP_CSV_MISSING_COLUMN: 'An input CSV header lacks a required column.',
  AUTOMAP_CSV_EMPTY_ID: 'A row of an input CSV has an empty id.',
  AUTOMAP_CSV_DUPLICATE_ID: 'Two rows of an input CSV have the same id.',
  AUTOMAP_OUT_IS_INPUT: 'The output file is one of the input files.',
  AUTOMAP_OUTPUT_UNWRITABLE: 'The output file cannot be written.',
});

export type AutomapErrorCode = keyof typeof AUTOMAP_ERROR_CODES;

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
