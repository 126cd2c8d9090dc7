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

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function inV4(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified';

export function classifyAddress(address: string): AddressClass {
  let ip = address.toLowerCase();
  if (ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7))) ip = ip.slice(7);
  if (METADATA_ADDRESSES.has(ip)) return 'metadata';
  if (net.isIPv4(ip)) {
    if (inV4(ip, '127.0.0.0/8')) return 'loopback';
    if (inV4(ip, '0.0.0.0/8')) return 'unspecified';
    if (inV4(ip, '169.254.0.0/16')) return 'link-local';
    if (['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'].some((c) => inV4(ip, c)))
      return 'private';
    return 'public';
  }
  if (ip === '::1') return 'loopback';
  if (ip === '::') return 'unspecified';
  if (/^fe[89ab]/.test(ip)) return 'link-local';
  if (/^f[cd]/.test(ip)) return 'private';
  return 'public';
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
