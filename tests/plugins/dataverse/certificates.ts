/**
 * Test certificates for the certificate credential: an RSA (or EC) key from node:crypto and a
 * self-signed X.509 certificate built with node-forge (as the emulator builds its own), with the
 * validity window a test needs.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export function makeCertificate(
  options: { subject?: string; notBefore?: Date; notAfter?: Date; keyPem?: string } = {},
): TestCertificate {
  const privateKeyPem =
    options.keyPem ??
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 3_600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3_600_000);
  const name = [{ name: 'commonName', value: options.subject ?? 'w365-sync-service' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(key, forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem };
}
