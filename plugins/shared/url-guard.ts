/**
 * Outbound URL safety. Provider URLs come from Dataverse rows that admins (or anyone with write access
 * to a provider) can edit, and the service sends stored secrets to them: it must not become a way to
 * deliver those secrets into an internal network or to a cloud metadata endpoint. So provider URLs must
 * be https (plain http only to loopback, for the local sandboxes), and the address a host resolves to is
 * checked at connect time (inside the socket's DNS lookup, so DNS rebinding cannot slip past a check
 * made earlier).
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { W365Error } from '../../common/errors';

export const UrlGuardErrorCodes = {
  Invalid: 'URL_INVALID',
  InsecureScheme: 'URL_INSECURE_SCHEME',
  BlockedAddress: 'URL_BLOCKED_ADDRESS',
} as const;

export interface UrlPolicy {
  /** Allow private, link-local, CGNAT and unique-local addresses (never metadata endpoints). Default false. */
  allowPrivateNetworks: boolean;
  /** Allow loopback hosts (local sandboxes). Default false in production, true in the embedded default. */
  allowLoopback: boolean;
}

export const STRICT_URL_POLICY: UrlPolicy = { allowPrivateNetworks: false, allowLoopback: false };

/** Cloud metadata and host-agent endpoints: refused even when private networks are allowed. */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '168.63.129.16',
  'fd00:ec2::254',
  '100.100.100.200',
]);

export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

/** ipaddr.js's IPv4 range names, as our classes. Anything not listed (unicast, as112, amt) is public. */
const V4_RANGES: Readonly<Record<string, AddressClass>> = {
  unspecified: 'unspecified',
  broadcast: 'multicast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'private',
  private: 'private',
  reserved: 'reserved',
};

/**
 * ipaddr.js's IPv6 range names, as our classes, for the ranges that embed no IPv4 address (those are
 * unwrapped first, see embeddedIPv4). Site-local fec0::/10 is deprecated but still routed inside some
 * networks, and local-use NAT64 64:ff9b:1::/48 (RFC 8215) translates into the operator's own network:
 * both count as private. Documentation, discard, ORCHID and the other special-purpose ranges are never
 * a distributor's address: reserved, refused.
 */
const V6_RANGES: Readonly<Record<string, AddressClass>> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  discard: 'reserved',
  benchmarking: 'reserved',
  deprecatedOrchid: 'reserved',
  orchid2: 'reserved',
  droneRemoteIdProtocolEntityTags: 'reserved',
  segmentRouting: 'reserved',
  teredo: 'reserved',
  reserved: 'reserved',
};

const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');
/** IPv4-compatible addresses (::a.b.c.d, deprecated by RFC 4291 but still parsed by every stack). */
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The IPv4 address an IPv6 address carries, when the network delivers it to that IPv4 host: mapped
 * (::ffff:a.b.c.d, also in the hex form `new URL()` writes, ::ffff:a9fe:a9fe), translated
 * (::ffff:0:a.b.c.d), compatible (::a.b.c.d), well-known NAT64 (64:ff9b::a.b.c.d) and 6to4
 * (2002:aabb:ccdd::/48). Teredo's embedded client address is obfuscated and its range is refused whole.
 */
function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = ip.parts;
  const range = ip.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return v4FromParts(p[6], p[7]);
  if (range === '6to4') return v4FromParts(p[1], p[2]);
  if (ip.match(NAT64_WELL_KNOWN)) return v4FromParts(p[6], p[7]);
  // :: and ::1 are in ::/96 too, but are the IPv6 unspecified and loopback addresses themselves.
  if (ip.match(IPV4_COMPATIBLE) && range !== 'unspecified' && range !== 'loopback') return v4FromParts(p[6], p[7]);
  return undefined;
}

function classifyV4(ip: ipaddr.IPv4): AddressClass {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  return V4_RANGES[ip.range()] ?? 'public';
}

/**
 * What kind of address `address` is (an IP literal, as a URL or DNS gives it). Every IPv6 form is
 * normalised by ipaddr.js first, and an IPv4 address embedded in it is classified as that IPv4 address,
 * so `[::ffff:169.254.169.254]` is the metadata endpoint however it is spelt. Anything that does not
 * parse is reserved: refused, never assumed public.
 */
export function classifyAddress(address: string): AddressClass {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return 'reserved';
  }
  if (ip.kind() === 'ipv4') return classifyV4(ip as ipaddr.IPv4);
  const v6 = ip as ipaddr.IPv6;
  const v4 = embeddedIPv4(v6);
  if (v4) return classifyV4(v4);
  if (METADATA_ADDRESSES.has(v6.toNormalizedString()) || METADATA_ADDRESSES.has(v6.toRFC5952String()))
    return 'metadata';
  // Local-use NAT64 (64:ff9b:1::/48) reaches the operator's own IPv4 networks.
  if (v6.range() === 'rfc6052') return 'private';
  return V6_RANGES[v6.range()] ?? 'public';
}

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  return net.isIP(h) !== 0 && classifyAddress(h) === 'loopback';
}

/** Whether `address` may be connected to under `policy`; the reason when not. */
export function addressRefusal(address: string, policy: UrlPolicy): string | undefined {
  const kind = classifyAddress(address);
  switch (kind) {
    case 'public':
      return undefined;
    case 'loopback':
      return policy.allowLoopback ? undefined : 'a loopback address';
    case 'private':
    case 'link-local':
      return policy.allowPrivateNetworks ? undefined : `a ${kind} address`;
    default:
      return `a ${kind} address`;
  }
}

/** Static checks of a provider URL: parseable, https (or http to loopback), no credentials in it. */
export function checkUrlShape(url: string, field: string, policy: UrlPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new W365Error(UrlGuardErrorCodes.Invalid, `${field} is not a valid URL.`);
  }
  if (parsed.username || parsed.password) {
    throw new W365Error(UrlGuardErrorCodes.Invalid, `${field} must not contain a user name or password.`);
  }
  const loopback = isLoopbackHost(parsed.hostname);
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback && policy.allowLoopback);
  if (!secure) {
    throw new W365Error(
      UrlGuardErrorCodes.InsecureScheme,
      `${field} must use https (plain http is only accepted for a local sandbox on this machine).`,
    );
  }
  // Node never calls the (guarded) DNS lookup for a literal IP address, so check literals here.
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  const refusal = net.isIP(literal) ? addressRefusal(literal, policy) : undefined;
  if (refusal) {
    throw new W365Error(
      UrlGuardErrorCodes.BlockedAddress,
      `${field} points at ${refusal} (${literal}). Set W365_ALLOW_PRIVATE_NETWORKS=true only if this distributor endpoint really is on your private network.`,
    );
  }
  return parsed;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http(s) agents that refuses addresses the policy does not allow. */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      const list = addresses as dns.LookupAddress[];
      for (const a of list) {
        const refusal = addressRefusal(a.address, policy);
        if (refusal) {
          const e = new W365Error(
            UrlGuardErrorCodes.BlockedAddress,
            `Refused to connect to ${hostname}: it resolves to ${refusal}. Set W365_ALLOW_PRIVATE_NETWORKS=true only if this distributor endpoint really is on your private network.`,
          ) as W365Error & NodeJS.ErrnoException;
          callback(e, '', 0);
          return;
        }
      }
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}
