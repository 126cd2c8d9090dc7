/**
 * Deterministic row ids. A subscription created for (provider, provider subscription id) always gets the
 * same id, so a create retried after a crash collides with itself instead of making a duplicate; it also
 * lets a change set bind a log entry to the subscription it creates in the same change set.
 */
import { nameBasedGuid } from '../../common/ids';

export function stableId(...parts: string[]): string {
  return nameBasedGuid(`w365:${parts.join('|')}`);
}
