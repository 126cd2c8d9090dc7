/** GUIDs: random for new rows (as Dataverse), stable (name-based) for what the emulator seeds. */
import { randomUUID } from 'node:crypto';
import { nameBasedGuid } from '../../../common/ids';

export const newGuid = (): string => randomUUID();

/**
 * A name-based GUID (RFC 4122 version 5 layout over SHA-1), so that seeded rows (users, messages,
 * filters, the base currency) keep the same id across restarts and across databases.
 */
export function stableGuid(name: string): string {
  return nameBasedGuid(`w365-dataverse-emulator:${name}`);
}
