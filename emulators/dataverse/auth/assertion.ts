/**
 * Client assertions (certificate credentials), as Entra ID checks them for the client-credentials
 * grant (RFC 7523 `private_key_jwt`, https://learn.microsoft.com/entra/identity-platform/certificate-credentials):
 * a JWT signed with the private key of a certificate registered on the app, naming the certificate
 * by thumbprint in its header (`x5t`, SHA-1, with RS256; or `x5t#S256`, SHA-256, with PS256, which
 * msal-node sends for a SHA-256 thumbprint), with `aud` = the token endpoint, `iss` = `sub` = the
 * client id, and a short lifetime (`nbf`/`exp`).
 *
 * Verification is node:crypto on purpose, as for our own tokens: one fixed format, and it accepts
 * nothing but RS256/PS256 with a registered certificate's RSA key.
 * [I] The AADSTS codes for each refusal are the ones we believe Entra answers (700027 for a
 * signature or unknown certificate, 700024 for the time range, 700021 for iss/sub, 50027 for a
 * malformed JWT); the audience code is our guess.
 */
import { constants, createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface AssertionRefusal {
  status: 400 | 401;
  error: 'invalid_client' | 'invalid_request';
  code: number;
  text: string;
}

interface Registered {
  x5t: string;
  x5tS256: string;
  publicKey: KeyObject;
}

const parsed = new Map<string, Registered>();

function registered(pem: string): Registered {
  let r = parsed.get(pem);
  if (!r) {
    const cert = new X509Certificate(pem);
    r = {
      x5t: createHash('sha1').update(cert.raw).digest('base64url'),
      x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
      publicKey: cert.publicKey,
    };
    parsed.set(pem, r);
  }
  return r;
}

const refuse = (status: 400 | 401, code: number, text: string): AssertionRefusal => ({
  status,
  error: status === 400 ? 'invalid_request' : 'invalid_client',
  code,
  text,
});

export interface AssertionCheck {
  assertion: string;
  clientId: string;
  /** PEM certificates registered on the app. */
  certificates: readonly string[];
  /** Token endpoint URLs accepted as `aud`. */
  audiences: readonly string[];
  nowInSeconds?: number;
}

/** Undefined when the assertion is good; otherwise why Entra would refuse it. */
export function checkClientAssertion(c: AssertionCheck): AssertionRefusal | undefined {
  const parts = c.assertion.split('.');
  let header: { alg?: string; x5t?: string; 'x5t#S256'?: string };
  let claims: { aud?: unknown; iss?: unknown; sub?: unknown; exp?: unknown; nbf?: unknown };
  try {
    if (parts.length !== 3) throw new Error('parts');
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return refuse(400, 50027, 'JWT token is invalid or malformed.');
  }
  if (header.alg !== 'RS256' && header.alg !== 'PS256')
    return refuse(401, 700027, `Client assertion uses an unsupported algorithm '${String(header.alg)}'.`);
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  const cert = c.certificates
    .map(registered)
    .find((r) => (header['x5t#S256'] ? r.x5tS256 === header['x5t#S256'] : r.x5t === header.x5t));
  if (!cert) {
    return refuse(
      401,
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(thumbprint)}']`,
    );
  }
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const key =
    header.alg === 'PS256'
      ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : cert.publicKey;
  if (!verify('sha256', signed, key, signature))
    return refuse(401, 700027, 'Client assertion failed signature validation.');
  if (claims.iss !== c.clientId || claims.sub !== c.clientId) {
    return refuse(401, 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  if (typeof claims.aud !== 'string' || !c.audiences.includes(claims.aud)) {
    return refuse(
      401,
      700027,
      `Client assertion audience '${String(claims.aud)}' is not this tenant's token endpoint.`,
    );
  }
  const now = c.nowInSeconds ?? Math.floor(Date.now() / 1000);
  const skew = 300;
  if (
    typeof claims.exp !== 'number' ||
    claims.exp + skew <= now ||
    (typeof claims.nbf === 'number' && claims.nbf - skew > now)
  ) {
    return refuse(401, 700024, 'Client assertion is not within its valid time range.');
  }
  return undefined;
}
