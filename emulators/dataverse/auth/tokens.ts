/**
 * Access tokens: RS256 JWTs shaped like the v1 tokens Entra ID issues for Dataverse (aud = the
 * environment URL, appid, oid, tid). Signing and verification use node:crypto directly: the format is
 * tiny and fixed (one algorithm, one key we own), and verification accepts nothing but RS256 with
 * that key, which rules out the classic "alg: none" / HMAC-with-public-key confusions.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface TokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  appidacr: string;
  idtyp: 'app';
  oid: string;
  sub: string;
  tid: string;
  ver: '1.0';
}

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

export class TokenSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  private readonly kid: string;
  /** Verified tokens, so that a hot client does not pay an RSA verification per request. */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(privateKeyPem: string, kid: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.privateKey);
    this.kid = kid;
  }

  sign(claims: TokenClaims): string {
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: this.kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.privateKey);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** The token's claims if it is ours, well-formed, signed by our key and within its lifetime; else a reason. */
  verify(token: string, nowInSeconds: number = Math.floor(Date.now() / 1000)): TokenClaims | { invalid: string } {
    const cached = this.verified.get(token);
    const claims = cached ?? this.verifySignature(token);
    if ('invalid' in claims) return claims;
    if (claims.nbf > nowInSeconds + 300) return { invalid: 'The token is not yet valid.' };
    if (claims.exp <= nowInSeconds) {
      this.verified.delete(token);
      return { invalid: 'The token is expired.' };
    }
    if (!cached) {
      if (this.verified.size > 10000) this.verified.clear();
      this.verified.set(token, claims);
    }
    return claims;
  }

  private verifySignature(token: string): TokenClaims | { invalid: string } {
    const parts = token.split('.');
    if (parts.length !== 3) return { invalid: 'The token is malformed.' };
    let header: { alg?: string; kid?: string };
    let claims: TokenClaims;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string; kid?: string };
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { invalid: 'The token is malformed.' };
    }
    if (header.alg !== 'RS256' || header.kid !== this.kid)
      return { invalid: 'The token was not issued by this environment.' };
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2], 'base64url'),
    );
    if (!ok) return { invalid: 'The token signature is invalid.' };
    if (typeof claims.exp !== 'number' || typeof claims.aud !== 'string' || typeof claims.appid !== 'string') {
      return { invalid: 'The token is malformed.' };
    }
    return claims;
  }

  /** The public key as a JWK set (what `jwks_uri` serves). */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    return { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', kty: 'RSA' }] };
  }
}
