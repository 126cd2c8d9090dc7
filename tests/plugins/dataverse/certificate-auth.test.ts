/**
 * A Dataverse token both ways against the emulator's token endpoint: a client secret, and a
 * certificate credential (msal-node client assertion). The emulator checks the assertion as Entra
 * does (signature with a registered certificate, aud, iss/sub, exp, x5t), and the token then works
 * on the Web API as the certificate client's application user.
 */
import * as https from 'node:https';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { DEFAULT_SERVICE_CLIENT, startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse';
import { MsalTokenProvider } from '../../../plugins/dataverse/auth';
import { CertificateTokenProvider, loadClientCertificate } from '../../../plugins/dataverse/certificate-auth';
import { Redactor } from '../../../plugins/shared/redact';
import { makeCertificate } from './certificates';

const registered = makeCertificate({ subject: 'w365-cert-client' });
const CERT_CLIENT = {
  clientId: 'w365-cert-client',
  clientSecret: 'cert-client-secret-not-used-here',
  fieldSecurityProfiles: ['fsp.syncservice'],
  certificates: [registered.certificatePem],
};
let emu: DataverseEmulator;

beforeAll(async () => {
  emu = await startDataverseEmulator({ clients: [DEFAULT_SERVICE_CLIENT, CERT_CLIENT] });
});
afterAll(() => emu.close());

function whoAmI(token: string): Promise<{ status: number; userId?: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        `${emu.webApiUrl}/WhoAmI`,
        { ca: emu.caPem, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              userId: text ? (JSON.parse(text) as { UserId?: string }).UserId : undefined,
            }),
          );
        },
      )
      .on('error', reject);
  });
}

const common = () => ({ environmentUrl: emu.url, authority: emu.authority, ca: emu.caPem, redactor: new Redactor() });

test('a token with a client secret and one with a certificate; each works on the Web API as its own application user', async () => {
  const bySecret = new MsalTokenProvider({
    ...common(),
    clientId: DEFAULT_SERVICE_CLIENT.clientId,
    clientSecret: DEFAULT_SERVICE_CLIENT.clientSecret,
  });
  const byCertificate = new CertificateTokenProvider({
    ...common(),
    clientId: CERT_CLIENT.clientId,
    certificate: registered,
  });
  const [secretUser, certificateUser] = await Promise.all([
    whoAmI(await bySecret.getToken()),
    whoAmI(await byCertificate.getToken()),
  ]);
  expect(secretUser.status).toBe(200);
  expect(certificateUser.status).toBe(200);
  const users = Object.fromEntries(emu.clients.map((c) => [c.clientId, c.userId]));
  expect(secretUser.userId).toBe(users[DEFAULT_SERVICE_CLIENT.clientId]);
  expect(certificateUser.userId).toBe(users[CERT_CLIENT.clientId]);
  expect(byCertificate.certificate.thumbprintSha256).toBe(loadClientCertificate(registered).thumbprintSha256);
});

test('the chain (x5c) may be sent too, and the deprecated SHA-1 thumbprint (RS256 with x5t) is accepted as Entra still does', async () => {
  const withChain = new CertificateTokenProvider({
    ...common(),
    clientId: CERT_CLIENT.clientId,
    certificate: registered,
    sendCertificateChain: true,
  });
  expect((await whoAmI(await withChain.getToken())).status).toBe(200);
  const sha1 = new ConfidentialClientApplication({
    auth: {
      clientId: CERT_CLIENT.clientId,
      clientCertificate: {
        thumbprint: loadClientCertificate(registered).thumbprintSha1,
        privateKey: registered.privateKeyPem,
      },
      authority: emu.authority,
      knownAuthorities: [new URL(emu.url).host],
    },
    system: { customAgentOptions: { ca: emu.caPem } },
  });
  const result = await sha1.acquireTokenByClientCredential({ scopes: [`${emu.url}/.default`] });
  expect((await whoAmI(result!.accessToken)).status).toBe(200);
});

test('a certificate not registered on the app is refused with AADSTS700027, as DATAVERSE_AUTH_FAILED, and the key never shows', async () => {
  const stranger = makeCertificate({ subject: 'w365-cert-client' });
  const redactor = new Redactor();
  const provider = new CertificateTokenProvider({
    ...common(),
    redactor,
    clientId: CERT_CLIENT.clientId,
    certificate: stranger,
  });
  const err = (await provider.getToken().catch((e: unknown) => e)) as { code: string; message: string };
  expect(err.code).toBe('DATAVERSE_AUTH_FAILED');
  expect(err.message).toContain('AADSTS700027');
  expect(err.message).not.toContain('PRIVATE KEY');
  expect(redactor.redactString(`key: ${loadClientCertificate(stranger).privateKeyPem}`)).toBe('key: [REDACTED]');
});
