/**
 * Deterministic row ids (RFC 4122 version 5 layout over SHA-1). A subscription created for (provider,
 * provider subscription id) always gets the same id, so a create retried after a crash collides with
 * itself instead of making a duplicate; it also lets a change set bind a log entry to the subscription
 * it creates in the same change set.
 */
import { createHash } from 'node:crypto';

export function stableId(...parts: string[]): string {
  const h = createHash('sha1')
    .update(`w365:${parts.join('|')}`)
    .digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
