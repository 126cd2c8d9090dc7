/** Credential checks the sandboxes share: they compare secrets as a real server should. */
import { timingSafeEqual } from 'node:crypto';

/** Equal, compared in constant time (a sandbox must not teach a client to rely on anything weaker). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
