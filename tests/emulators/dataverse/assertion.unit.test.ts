/**
 * The emulator's check of a client assertion, claim by claim, as Entra ID refuses them: the
 * certificate named by x5t / x5t#S256 must be registered and have signed it, iss and sub must be the
 * client, aud the token endpoint, and it must be within its lifetime.
 */
import { constants, createHash, createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { checkClientAssertion } from '../../../emulators/dataverse/auth/assertion';
import { makeCertificate } from '../../plugins/dataverse/certificates';

const cert = makeCertificate();
const other = makeCertificate();
const AUD = 'https://localhost:5555/tenant/oauth2/v2.0/token';
const now = Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const thumb = (alg: string, pem: string) => createHash(alg).update(new X509Certificate(pem).raw).digest('base64url');

function assertion(
  o: { alg?: 'RS256' | 'PS256' | 'none'; key?: string; claims?: Record<string, unknown>; x5tOf?: string } = {},
): string {
  const alg = o.alg ?? 'PS256';
  const x5tPem = o.x5tOf ?? cert.certificatePem;
  const header =
    alg === 'PS256'
      ? { alg, typ: 'JWT', 'x5t#S256': thumb('sha256', x5tPem) }
      : { alg, typ: 'JWT', x5t: thumb('sha1', x5tPem) };
  const claims = { aud: AUD, iss: 'app', sub: 'app', exp: now + 600, nbf: now, jti: 'j', ...o.claims };
  const input = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey(o.key ?? cert.privateKeyPem);
  const signature =
    alg === 'none'
      ? Buffer.alloc(0)
      : sign(
          'sha256',
          Buffer.from(input),
          alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key,
        );
  return `${input}.${signature.toString('base64url')}`;
}

const check = (a: string) =>
  checkClientAssertion({
    assertion: a,
    clientId: 'app',
    certificates: [cert.certificatePem],
    audiences: [AUD],
    nowInSeconds: now,
  });

test('accepts PS256 with x5t#S256 (what msal-node sends) and RS256 with x5t', () => {
  expect(check(assertion())).toBeUndefined();
  expect(check(assertion({ alg: 'RS256' }))).toBeUndefined();
});

test.each([
  [
    'an unregistered certificate',
    () => assertion({ key: other.privateKeyPem, x5tOf: other.certificatePem }),
    700027,
    'not registered',
  ],
  ['a registered thumbprint but another key', () => assertion({ key: other.privateKeyPem }), 700027, 'signature'],
  ['alg none', () => assertion({ alg: 'none' }), 700027, 'unsupported algorithm'],
  ['iss of another app', () => assertion({ claims: { iss: 'someone-else' } }), 700021, "doesn't match"],
  ['sub of another app', () => assertion({ claims: { sub: 'someone-else' } }), 700021, "doesn't match"],
  [
    'aud of another endpoint',
    () => assertion({ claims: { aud: 'https://login.example/other/oauth2/v2.0/token' } }),
    700027,
    'audience',
  ],
  ['an expired assertion', () => assertion({ claims: { exp: now - 600 } }), 700024, 'valid time range'],
  ['one not valid yet', () => assertion({ claims: { nbf: now + 3_600 } }), 700024, 'valid time range'],
  ['a malformed JWT', () => 'not.a-jwt', 50027, 'malformed'],
])('refuses %s', (_what, make, code, text) => {
  const refusal = check(make());
  expect(refusal).toMatchObject({ code });
  expect(refusal?.text).toContain(text);
});
