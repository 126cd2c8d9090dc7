/**
 * Certificate credentials for Dataverse: msal-node's client assertion (a JWT signed with the
 * certificate's private key, naming it by SHA-256 thumbprint), instead of a client secret. A
 * certificate cannot leak through a form field or a log line as easily as a secret, can live in Key
 * Vault as a non-exportable key, and is what many tenants' policies require.
 *
 * The certificate is checked once at start, so that a wrong file fails with a clear reason
 * (DATAVERSE_CERTIFICATE_INVALID) instead of an AADSTS code at the first token: it must be readable,
 * RSA, currently valid, and the private key must be its own.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { W365Error, errorMessage } from '../../common/errors';
import { MsalTokenProvider, type MsalTokenProviderOptions, type TokenProvider } from './auth';
import { CertificateMessages } from './certificate-strings';

export const CertificateErrorCodes = { Invalid: 'DATAVERSE_CERTIFICATE_INVALID' } as const;

export interface CertificateSource {
  /** PEM: the certificate first, then any chain; it may also hold the private key (a combined PEM). */
  certificatePem: string;
  /** PEM private key (PKCS#8 or PKCS#1), unless `certificatePem` holds it. */
  privateKeyPem?: string;
  passphrase?: string;
}

export interface ClientCertificate {
  /** Hex, upper case: what the Azure portal shows and msal-node takes. */
  thumbprintSha256: string;
  thumbprintSha1: string;
  subject: string;
  notAfter: Date;
  /** The certificate and its chain (PEM), for msal's `x5c` (subject name / issuer authentication). */
  chainPem: string;
  /** Unencrypted PKCS#8 PEM, as msal-node signs with it. A secret: register it with the Redactor. */
  privateKeyPem: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK =
  /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/;

function invalid(message: string): W365Error {
  return new W365Error(CertificateErrorCodes.Invalid, message, { fatal: true });
}

function readKey(source: CertificateSource): KeyObject {
  const pem = source.privateKeyPem ?? KEY_BLOCK.exec(source.certificatePem)?.[0];
  if (!pem) throw invalid(CertificateMessages.noKey);
  try {
    return createPrivateKey(source.passphrase ? { key: pem, passphrase: source.passphrase } : pem);
  } catch (err) {
    throw invalid(CertificateMessages.unreadableKey(errorMessage(err)));
  }
}

/** Reads and checks a certificate credential; throws DATAVERSE_CERTIFICATE_INVALID with the reason. */
export function loadClientCertificate(source: CertificateSource, now: Date = new Date()): ClientCertificate {
  const blocks: string[] = source.certificatePem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw invalid(CertificateMessages.noCertificate);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(blocks[0]);
  } catch (err) {
    throw invalid(CertificateMessages.unreadableCertificate(errorMessage(err)));
  }
  const key = readKey(source);
  if (leaf.publicKey.asymmetricKeyType !== 'rsa')
    throw invalid(CertificateMessages.notRsa(String(leaf.publicKey.asymmetricKeyType)));
  if (!leaf.checkPrivateKey(key)) throw invalid(CertificateMessages.keyMismatch);
  if (new Date(leaf.validFrom) > now) throw invalid(CertificateMessages.notYetValid(leaf.validFrom));
  if (new Date(leaf.validTo) <= now) throw invalid(CertificateMessages.expired(leaf.validTo));
  const thumbprint = (algorithm: string) => createHash(algorithm).update(leaf.raw).digest('hex').toUpperCase();
  return {
    thumbprintSha256: thumbprint('sha256'),
    thumbprintSha1: thumbprint('sha1'),
    subject: leaf.subject,
    notAfter: new Date(leaf.validTo),
    chainPem: blocks.join('\n'),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export interface CertificateTokenProviderOptions extends Omit<
  MsalTokenProviderOptions,
  'clientSecret' | 'clientCertificate'
> {
  certificate: CertificateSource;
  /**
   * Send the chain (`x5c`) with each assertion, for subject name / issuer authentication (an app
   * trusting any certificate of a CA for a subject). Default false: the thumbprint names the
   * certificate uploaded to the app registration.
   */
  sendCertificateChain?: boolean;
}

/** Dataverse tokens through a certificate credential; caching and refresh as MsalTokenProvider's. */
export class CertificateTokenProvider implements TokenProvider {
  /** The certificate in use (no key), e.g. to warn before `notAfter`. */
  readonly certificate: Omit<ClientCertificate, 'privateKeyPem'>;
  private readonly inner: MsalTokenProvider;

  constructor(options: CertificateTokenProviderOptions) {
    const { certificate, sendCertificateChain, ...rest } = options;
    const loaded = loadClientCertificate(certificate);
    options.redactor.addSecret(loaded.privateKeyPem);
    options.redactor.addSecret(certificate.passphrase);
    const { privateKeyPem, ...publicPart } = loaded;
    this.certificate = publicPart;
    this.inner = new MsalTokenProvider({
      ...rest,
      clientCertificate: {
        thumbprintSha256: loaded.thumbprintSha256,
        privateKey: privateKeyPem,
        ...(sendCertificateChain ? { x5c: loaded.chainPem } : {}),
      },
    });
  }

  getToken(): Promise<string> {
    return this.inner.getToken();
  }
}
