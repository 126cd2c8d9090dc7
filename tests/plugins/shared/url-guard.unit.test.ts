/**
 * The URL guard classifies every IPv6 spelling of an address as the address it reaches. The hosts
 * below are written as people type them and then read back from `new URL()`, which is what the guard
 * sees: the WHATWG parser rewrites `[::ffff:169.254.169.254]` to `[::ffff:a9fe:a9fe]`.
 */
import { addressRefusal, checkUrlShape, classifyAddress, STRICT_URL_POLICY } from '../../../plugins/shared/url-guard';

/** The hostname `new URL()` gives for a URL host as typed (IPv6 in brackets). */
const parsedHost = (typed: string): string => new URL(`https://${typed}/`).hostname;
/** The address the guard classifies: the literal without its brackets, as checkUrlShape passes it. */
const literal = (typed: string): string => parsedHost(typed).replace(/^\[|\]$/g, '');

const LENIENT = { allowPrivateNetworks: true, allowLoopback: true };

describe('URL guard: IPv6 forms, as a URL parser gives them', () => {
  it.each([
    // IPv4-mapped, dotted and hex (the parser writes both as hex)
    ['[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]', 'metadata'],
    ['[::ffff:a9fe:a9fe]', '[::ffff:a9fe:a9fe]', 'metadata'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', 'loopback'],
    ['[::ffff:10.0.0.1]', '[::ffff:a00:1]', 'private'],
    ['[::ffff:192.168.1.1]', '[::ffff:c0a8:101]', 'private'],
    // IPv4-translated (RFC 6145) and IPv4-compatible (deprecated, still parsed)
    ['[::ffff:0:169.254.169.254]', '[::ffff:0:a9fe:a9fe]', 'metadata'],
    ['[::169.254.169.254]', '[::a9fe:a9fe]', 'metadata'],
    ['[::10.1.2.3]', '[::a01:203]', 'private'],
    // NAT64: the well-known prefix reaches the embedded IPv4 host; local-use NAT64 is the operator's own network
    ['[64:ff9b::169.254.169.254]', '[64:ff9b::a9fe:a9fe]', 'metadata'],
    ['[64:ff9b::10.0.0.1]', '[64:ff9b::a00:1]', 'private'],
    ['[64:ff9b:1::a00:1]', '[64:ff9b:1::a00:1]', 'private'],
    // 6to4 embedding a private or metadata IPv4 address
    ['[2002:a9fe:a9fe::1]', '[2002:a9fe:a9fe::1]', 'metadata'],
    ['[2002:c0a8:0101::1]', '[2002:c0a8:101::1]', 'private'],
    ['[2002:7f00:1::]', '[2002:7f00:1::]', 'loopback'],
    // Teredo, site-local, unique-local, link-local, multicast, documentation
    ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', '[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'reserved'],
    ['[fec0::1]', '[fec0::1]', 'private'],
    ['[fd12:3456::1]', '[fd12:3456::1]', 'private'],
    ['[FE80::1]', '[fe80::1]', 'link-local'],
    ['[ff02::1]', '[ff02::1]', 'multicast'],
    ['[2001:db8::1]', '[2001:db8::1]', 'reserved'],
    ['[0:0:0:0:0:0:0:1]', '[::1]', 'loopback'],
    ['[::]', '[::]', 'unspecified'],
    ['[fd00:ec2:0::254]', '[fd00:ec2::254]', 'metadata'],
  ])('%s (parsed as %s) is %s', (typed, parsed, kind) => {
    expect(parsedHost(typed)).toBe(parsed);
    expect(classifyAddress(literal(typed))).toBe(kind);
  });

  it.each([
    ['[2606:4700:4700::1111]', 'a public IPv6 address'],
    ['[64:ff9b::808:808]', 'NAT64 of a public IPv4 address'],
    ['[2002:808:808::1]', '6to4 of a public IPv4 address'],
    ['[::ffff:8.8.8.8]', 'IPv4-mapped public address'],
    ['8.8.8.8', 'a public IPv4 address'],
  ])('%s (%s) is public', (typed) => {
    expect(classifyAddress(literal(typed))).toBe('public');
  });

  it('refuses the mapped metadata endpoint even when private networks and loopback are allowed', () => {
    expect(addressRefusal(literal('[::ffff:169.254.169.254]'), LENIENT)).toMatch(/metadata/);
    expect(addressRefusal(literal('[64:ff9b::a9fe:a9fe]'), LENIENT)).toMatch(/metadata/);
  });

  it('refuses every non-public literal in a provider URL, in the forms the probe used', () => {
    for (const url of [
      'https://[::ffff:169.254.169.254]/latest/meta-data',
      'https://[::ffff:127.0.0.1]:3530/',
      'https://[::ffff:a00:1]/',
      'https://[64:ff9b::a9fe:a9fe]/',
      'https://[fec0::1]/',
      'https://[2002:a9fe:a9fe::1]/',
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
      'https://[ff05::2]/',
    ]) {
      expect(() => checkUrlShape(url, 'API End Point URL', STRICT_URL_POLICY)).toThrow(
        expect.objectContaining({ code: 'URL_BLOCKED_ADDRESS' }),
      );
    }
    expect(() =>
      checkUrlShape('https://[2606:4700:4700::1111]/', 'API End Point URL', STRICT_URL_POLICY),
    ).not.toThrow();
  });

  it('fails closed on a string that is not an address', () => {
    expect(classifyAddress('not-an-address')).toBe('reserved');
  });
});
