/** What the certificate credential says when the certificate or its key cannot be used. */
export const CertificateMessages = {
  noCertificate: 'The certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----).',
  unreadableCertificate: (reason: string) => `The certificate cannot be read: ${reason}.`,
  noKey: 'No private key was given, and the certificate file holds none (-----BEGIN PRIVATE KEY-----).',
  unreadableKey: (reason: string) =>
    `The private key cannot be read (${reason}); if it is encrypted, give its passphrase.`,
  notRsa: (type: string) =>
    `The certificate's key is ${type}; Microsoft Entra ID needs an RSA certificate for a client assertion.`,
  keyMismatch: 'The private key does not belong to the certificate.',
  notYetValid: (from: string) => `The certificate is not valid before ${from}.`,
  expired: (to: string) =>
    `The certificate expired on ${to}; upload a new one to the app registration and give it to the service.`,
} as const;
