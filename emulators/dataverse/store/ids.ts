/** GUIDs: random for new rows (as Dataverse), stable (name-based) for what the emulator seeds. */
import { createHash, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

/**
 * A name-based GUID (RFC 4122 version 5 layout over SHA-1), so that seeded rows (users, messages,
 * filters, the base currency) keep the same id across restarts and across databases.
 */
export function stableGuid(name: string): string {
  const h = createHash('sha1').update(`w365-dataverse-emulator:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
