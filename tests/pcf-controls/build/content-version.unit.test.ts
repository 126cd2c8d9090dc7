/**
 * Versioned URLs for the platform libraries: a request that carries the file's content version is
 * cached for good (as the platform's CDN serves them), one without it or with another version (a
 * rebuilt file) is never cached.
 */
import { cacheControlFor, contentVersion } from '../../../pcf-controls/build/content-version';

const fluent = new TextEncoder().encode('window.FluentUIReactv940 = {};');

describe('content versions', () => {
  it('is the same for the same contents and differs for other contents', () => {
    expect(contentVersion(fluent)).toBe(contentVersion(new TextEncoder().encode('window.FluentUIReactv940 = {};')));
    expect(contentVersion(fluent)).not.toBe(contentVersion(new TextEncoder().encode('window.FluentUIReactv940 = 1;')));
    expect(contentVersion(fluent)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('caches a request for good only when it carries the contents version', () => {
    expect(cacheControlFor(fluent, contentVersion(fluent))).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor(fluent, undefined)).toBe('no-store');
    expect(cacheControlFor(fluent, 'a5bce71b9bef604c')).toBe('no-store');
    expect(cacheControlFor(fluent, '')).toBe('no-store');
  });
});
