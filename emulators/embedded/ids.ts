/** Deterministic GUIDs for demo rows, so seeding is idempotent. */
import { nameBasedGuid } from '../../common/ids';

export function demoId(...parts: (string | number)[]): string {
  return nameBasedGuid(`w365-demo:${parts.join('|')}`);
}
