/**
 * A file's content version, as a CDN's versioned URL carries it (`fluent-9.68.0.js?v=<version>`): the
 * build writes it into the platform libraries' index, the host asks for each library with it, and the
 * servers give a request whose version matches the file long-lived immutable caching (as the
 * platform's CDN serves its libraries), any other request none.
 */
import { createHash } from 'node:crypto';

export function contentVersion(contents: Uint8Array): string {
  return createHash('sha256').update(contents).digest('hex').slice(0, 16);
}

/** Cache-Control for a file asked for with `version` (the URL's `v`, if any). */
export function cacheControlFor(contents: Uint8Array, version: string | undefined): string {
  return version !== undefined && version === contentVersion(contents)
    ? 'public, max-age=31536000, immutable'
    : 'no-store';
}
