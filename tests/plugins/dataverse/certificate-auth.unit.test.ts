/**
 * Loading a certificate credential: the thumbprints Entra and msal-node use, and a clear
 * DATAVERSE_CERTIFICATE_INVALID for every certificate that would only fail later with an AADSTS code.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { loadClientCertificate, type CertificateSource } from '../../../plugins/dataverse/certificate-auth';
import { makeCertificate } from './certificates';

const good = makeCertificate();

function refusal(source: CertificateSource): string {
  try {
    loadClientCertificate(source);
  } catch (err) {
    const e = err as { code: string; message: string };
    expect(e.code).toBe('DATAVERSE_CERTIFICATE_INVALID');
    return e.message;
  }
  throw new Error('expected DATAVERSE_CERTIFICATE_INVALID');
}

describe('loadClientCertificate', () => {
  test('gives the SHA-256 and SHA-1 thumbprints of the certificate, and its key as unencrypted PKCS#8', () => {
    const loaded = loadClientCertificate(good);
    const x509 = new X509Certificate(good.certificatePem);
    expect(loaded.thumbprintSha256).toBe(x509.fingerprint256.replace(/:/g, ''));
    expect(loaded.thumbprintSha1).toBe(x509.fingerprint.replace(/:/g, ''));
    expect(loaded.subject).toContain('CN=w365-sync-service');
    expect(loaded.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  test('reads a combined PEM (certificate and key in one file) and an encrypted key with its passphrase', () => {
    expect(
      loadClientCertificate({ certificatePem: `${good.certificatePem}\n${good.privateKeyPem}` }).thumbprintSha256,
    ).toMatch(/^[0-9A-F]{64}$/);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const plain = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const encrypted = privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass-phrase-1' })
      .toString();
    const cert = makeCertificate({ keyPem: plain });
    expect(() =>
      loadClientCertificate({
        certificatePem: cert.certificatePem,
        privateKeyPem: encrypted,
        passphrase: 'pass-phrase-1',
      }),
    ).not.toThrow();
    expect(refusal({ certificatePem: cert.certificatePem, privateKeyPem: encrypted, passphrase: 'wrong' })).toContain(
      'cannot be read',
    );
  });

  test('refuses what Entra would refuse later: expired, not yet valid, another key (an EC one too), not a certificate, no key', () => {
    const day = 24 * 3_600_000;
    expect(
      refusal(makeCertificate({ notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) })),
    ).toContain('expired');
    expect(refusal(makeCertificate({ notBefore: new Date(Date.now() + day) }))).toContain('not valid before');
    expect(refusal({ certificatePem: good.certificatePem, privateKeyPem: makeCertificate().privateKeyPem })).toContain(
      'does not belong',
    );
    expect(refusal({ certificatePem: 'hello', privateKeyPem: good.privateKeyPem })).toContain('no PEM certificate');
    expect(refusal({ certificatePem: good.certificatePem })).toContain('No private key');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(refusal({ certificatePem: good.certificatePem, privateKeyPem: ec })).toContain('does not belong');
  });
});
