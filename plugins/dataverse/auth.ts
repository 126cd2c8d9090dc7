/**
 * Tokens for Dataverse: msal-node client credentials (scope `<environment url>/.default`), cached and
 * refreshed before they expire, one refresh at a time however many requests ask for a token at once.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { W365Error } from '../../common/errors';
import type { Redactor } from '../shared/redact';
import { DataverseErrorCodes } from './errors';

export interface TokenProvider {
  getToken(signal?: AbortSignal): Promise<string>;
}

export interface MsalTokenProviderOptions {
  environmentUrl: string;
  /** `https://login.microsoftonline.com/<tenant>` in production; the emulator's authority locally. */
  authority: string;
  clientId: string;
  clientSecret?: string;
  /** Instead of a secret: a certificate credential (see certificate-auth.ts, which loads and checks it). */
  clientCertificate?: { thumbprintSha256: string; privateKey: string; x5c?: string };
  redactor: Redactor;
  /** Extra CA (PEM) to trust, e.g. the local emulator's. */
  ca?: string;
  /** Refresh this long before expiry. Default 5 minutes. */
  refreshMarginInMs?: number;
  now?: () => number;
}

export class MsalTokenProvider implements TokenProvider {
  private readonly app: ConfidentialClientApplication;
  private readonly scope: string;
  private readonly marginInMs: number;
  private readonly now: () => number;
  private cached?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;

  constructor(private readonly options: MsalTokenProviderOptions) {
    options.redactor.addSecret(options.clientSecret);
    const host = new URL(options.authority).host;
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: options.clientId,
        ...(options.clientCertificate
          ? { clientCertificate: options.clientCertificate }
          : { clientSecret: options.clientSecret }),
        authority: options.authority,
        // Known authorities skip msal's instance discovery call to login.microsoftonline.com for hosts
        // that are not Microsoft's (the local emulator); for Microsoft's own host it changes nothing.
        knownAuthorities: [host],
      },
      // An extra CA (the local emulator's) through msal-node's own https agent options.
      system: options.ca ? { customAgentOptions: { ca: options.ca } } : undefined,
    });
    this.scope = `${options.environmentUrl.replace(/\/+$/, '')}/.default`;
    this.marginInMs = options.refreshMarginInMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async getToken(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.marginInMs > this.now()) return this.cached.token;
    this.inflight ??= this.acquire().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async acquire(): Promise<string> {
    try {
      const result = await this.app.acquireTokenByClientCredential({
        scopes: [this.scope],
        skipCache: Boolean(this.cached),
      });
      if (!result?.accessToken) throw new Error('no access token in the answer');
      this.options.redactor.addSecret(result.accessToken);
      const expiresAt = result.expiresOn ? result.expiresOn.getTime() : this.now() + 3_600_000;
      this.cached = { token: result.accessToken, expiresAt };
      return result.accessToken;
    } catch (err) {
      const message = this.options.redactor.redactString((err as Error).message ?? String(err));
      throw new W365Error(
        DataverseErrorCodes.Auth,
        `Could not get a Dataverse token for client ${this.options.clientId} from ${this.options.authority}: ${message}`,
        { retryable: true },
      );
    }
  }
}

/** A fixed token source, for tests and tools. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  async getToken(): Promise<string> {
    return this.token;
  }
}
