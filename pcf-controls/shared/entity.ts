/**
 * Reading a Web API entity (a `retrieveRecord` answer, as when a save's conflict is read back): the
 * counterpart of dataset.ts's record readers, for both grids' model/rows.ts.
 */
export type Entity = Readonly<Record<string, unknown>>;

/** The annotation beside a lookup's read name that holds the looked-up record's name. */
export const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** A text value; blank counts as none. */
export const entityString = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

/** A number (choice, decimal), which may come as a numeric string; empty or not a number counts as none. */
export const entityNumber = (v: unknown): number | undefined =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
