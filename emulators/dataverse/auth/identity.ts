/**
 * A minimal Entra ID (Azure AD) stand-in, enough for @azure/msal-node's client-credentials flow:
 *   GET  /<tenant>/v2.0/.well-known/openid-configuration   (msal's authority metadata)
 *   GET  /common/discovery/instance                        (msal's instance discovery, if not disabled)
 *   GET  /<tenant>/discovery/v2.0/keys                     (JWKS)
 *   POST /<tenant>/oauth2/v2.0/token                       (client_credentials, scope <url>/.default)
 *   POST /<tenant>/oauth2/token                            (v1 form, resource=<url>)
 * Error bodies follow Entra's shape ({error, error_description, error_codes, ...}) with the AADSTS
 * codes a real tenant answers for the same mistakes.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorClient } from '../clients';
import { jsonResponse, type EmuRequest, type EmuResponse } from '../http-types';
import type { TokenSigner } from './tokens';
import { checkClientAssertion, JWT_BEARER } from './assertion';

export interface IdentityOptions {
  /** Environment URL (https://localhost:PORT), the audience of every token. */
  url: string;
  tenantId: string;
  signer: TokenSigner;
  clients: () => readonly EmulatorClient[];
  tokenLifetimeInS?: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when `resource` names this environment (any loopback spelling, optional trailing slash). */
export function isOwnResource(resource: string, url: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(resource);
    b = new URL(url);
  } catch {
    return false;
  }
  const pathOk = a.pathname === '/' || a.pathname === '';
  return (
    a.protocol === 'https:' &&
    pathOk &&
    a.port === b.port &&
    (a.hostname === b.hostname || (LOOPBACK.has(a.hostname) && LOOPBACK.has(b.hostname)))
  );
}

export class IdentityProvider {
  constructor(private readonly o: IdentityOptions) {}

  get authority(): string {
    return `${this.o.url}/${this.o.tenantId}`;
  }

  /** Handles the request if it is an identity route; undefined otherwise. */
  handle(req: EmuRequest): EmuResponse | undefined {
    const t = this.o.tenantId;
    if (
      req.method === 'GET' &&
      (req.path === `/${t}/v2.0/.well-known/openid-configuration` ||
        req.path === `/${t}/.well-known/openid-configuration`)
    ) {
      return jsonResponse(200, this.openIdConfiguration());
    }
    if (req.method === 'GET' && req.path === '/common/discovery/instance') {
      const host = new URL(this.o.url).host;
      return jsonResponse(200, {
        tenant_discovery_endpoint: `${this.authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'GET' && req.path === `/${t}/discovery/v2.0/keys`)
      return jsonResponse(200, this.o.signer.jwks());
    if (req.method === 'POST' && (req.path === `/${t}/oauth2/v2.0/token` || req.path === `/${t}/oauth2/token`)) {
      return this.token(req, req.path.includes('/v2.0/'));
    }
    const m = /^\/([^/]+)\/(?:v2\.0\/\.well-known|oauth2)/.exec(req.path);
    if (m && m[1] !== t) return this.error(400, 'invalid_tenant', 90002, `Tenant '${m[1]}' not found.`);
    return undefined;
  }

  openIdConfiguration(): Record<string, unknown> {
    const a = this.authority;
    return {
      token_endpoint: `${a}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${a}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${a}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${a}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${a}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${a}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'appid'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'emulator.local',
    };
  }

  /** Issues a token for `client` directly (the emulator's getToken convenience). */
  issue(client: EmulatorClient): { accessToken: string; expiresInS: number } {
    const now = Math.floor(Date.now() / 1000);
    const lifetime = this.o.tokenLifetimeInS ?? 3600;
    const accessToken = this.o.signer.sign({
      aud: this.o.url,
      iss: `${this.authority}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      appid: client.clientId,
      appidacr: '1',
      idtyp: 'app',
      oid: client.objectId,
      sub: client.objectId,
      tid: this.o.tenantId,
      ver: '1.0',
    });
    return { accessToken, expiresInS: lifetime };
  }

  private token(req: EmuRequest, v2: boolean): EmuResponse {
    const form = new URLSearchParams(req.body.toString('utf8'));
    let clientId = form.get('client_id') ?? '';
    let clientSecret = form.get('client_secret') ?? '';
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, ...secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id);
      clientSecret = decodeURIComponent(secret.join(':'));
    }
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials') {
      return this.error(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${grant ?? ''}'. The emulator supports client_credentials only.`,
      );
    }
    const client = this.o.clients().find((c) => c.clientId === clientId);
    if (!client) {
      return this.error(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.o.tenantId}'.`,
      );
    }
    const assertion = form.get('client_assertion');
    if (assertion && !clientSecret) {
      const refused = this.checkAssertion(client, assertion, form.get('client_assertion_type'));
      if (refused) return refused;
    } else if (!clientSecret) {
      return this.error(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    if (clientSecret && clientSecret !== client.clientSecret) {
      return this.error(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const resource = v2 ? this.resourceOfScope(form.get('scope') ?? '') : (form.get('resource') ?? '');
    if (typeof resource !== 'string') return resource;
    if (!isOwnResource(resource, this.o.url)) {
      return this.error(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${resource} was not found in the tenant named ${this.o.tenantId}.`,
      );
    }
    const { accessToken, expiresInS } = this.issue(client);
    return jsonResponse(
      200,
      { token_type: 'Bearer', expires_in: expiresInS, ext_expires_in: expiresInS, access_token: accessToken },
      { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
    );
  }

  /** A certificate credential (client_assertion JWT); undefined when it is good. */
  private checkAssertion(client: EmulatorClient, assertion: string, type: string | null): EmuResponse | undefined {
    if (type !== JWT_BEARER) {
      return this.error(400, 'invalid_request', 50027, `client_assertion_type must be '${JWT_BEARER}'.`);
    }
    const t = this.authority;
    const refused = checkClientAssertion({
      assertion,
      clientId: client.clientId,
      certificates: client.certificates,
      audiences: [`${t}/oauth2/v2.0/token`, `${t}/oauth2/token`],
    });
    return refused ? this.error(refused.status, refused.error, refused.code, refused.text) : undefined;
  }

  private resourceOfScope(scope: string): string | EmuResponse {
    // msal adds openid/profile/offline_access to some flows; client credentials sends just <resource>/.default.
    const scopes = scope.split(' ').filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
    const def = scopes.find((s) => s.endsWith('/.default'));
    if (scopes.length !== 1 || !def) {
      return this.error(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    return def.slice(0, -'/.default'.length);
  }

  private error(status: number, error: string, code: number, text: string): EmuResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    return jsonResponse(status, {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: traceId,
      correlation_id: correlationId,
    });
  }
}
