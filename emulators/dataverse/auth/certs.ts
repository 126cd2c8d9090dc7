/**
 * The emulator's TLS and token-signing material, generated once and kept in a state directory
 * (default ~/.w365/emulator) so that a client told to trust the CA (NODE_EXTRA_CA_CERTS=ca.pem, read
 * by Node only at process start) keeps trusting every later emulator run.
 *
 * Why HTTPS at all: msal-node refuses an authority that is not https (`authority_uri_insecure`).
 * Why a CA plus a server certificate rather than one self-signed certificate: clients trust the CA
 * file as a root, and the server certificate is an ordinary leaf for localhost / 127.0.0.1 / ::1.
 * `selfsigned` can only make self-signed certificates, so the chain is built with node-forge (the
 * library selfsigned itself uses); keys come from node:crypto, which is much faster than forge's
 * pure-JS RSA key generation.
 *
 * Several processes (jest workers) may start at once with an empty state directory: the material is
 * written to a temporary file and hard-linked into place, which fails if another process got there
 * first; the loser then reads the winner's file.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import forge from 'node-forge';

export interface EmulatorMaterial {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** RS256 key that signs access tokens. */
  tokenKeyPem: string;
  /** Key id (JWT `kid`) of the token key. */
  tokenKeyId: string;
}

export interface MaterialFiles {
  material: EmulatorMaterial;
  /** PEM file holding only the CA certificate: what NODE_EXTRA_CA_CERTS points at. */
  caFile: string;
}

const MATERIAL_FILE = 'emulator-material.json';
const CA_FILE = 'ca.pem';
const FORMAT_VERSION = 1;

export function defaultStateDir(): string {
  return path.join(os.homedir(), '.w365', 'emulator');
}

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive: clear the top bit.
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

function makeCertificates(): Omit<EmulatorMaterial, 'tokenKeyPem' | 'tokenKeyId'> {
  const caKeys = rsaKeyPair();
  const caKey = forge.pki.privateKeyFromPem(caKeys.privatePem);
  const ca = forge.pki.createCertificate();
  ca.publicKey = forge.pki.publicKeyFromPem(caKeys.publicPem);
  ca.serialNumber = serial();
  ca.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  ca.validity.notAfter = new Date(Date.now() + 20 * 365 * 24 * 3600 * 1000);
  const caName = [
    { name: 'commonName', value: 'Work 365 Dataverse Emulator Local CA' },
    { name: 'organizationName', value: 'Work 365 (local emulator)' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, forge.md.sha256.create());

  const serverKeys = rsaKeyPair();
  const server = forge.pki.createCertificate();
  server.publicKey = forge.pki.publicKeyFromPem(serverKeys.publicPem);
  server.serialNumber = serial();
  server.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  // Long-lived on purpose: the CA is only ever trusted locally, where browser lifetime caps for
  // public CAs (398 days) do not apply.
  server.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  server.setSubject([{ name: 'commonName', value: 'localhost' }]);
  server.setIssuer(caName);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKey, forge.md.sha256.create());
  return {
    caCertPem: forge.pki.certificateToPem(ca),
    serverCertPem: forge.pki.certificateToPem(server),
    serverKeyPem: serverKeys.privatePem,
  };
}

function generateMaterial(): EmulatorMaterial {
  return { ...makeCertificates(), tokenKeyPem: rsaKeyPair().privatePem, tokenKeyId: randomBytes(8).toString('hex') };
}

function readMaterial(file: string): EmulatorMaterial | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as EmulatorMaterial & { version?: number };
    if (parsed.version !== FORMAT_VERSION || !parsed.caCertPem || !parsed.serverKeyPem || !parsed.tokenKeyPem)
      return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** Creates `file` with `content` unless it exists; returns false if another process created it first. */
function createOnce(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Loads the material from `stateDir`, generating it the first time. Also (re)writes ca.pem when it
 * is missing or stale, since that is the file clients are told to trust.
 */
export function ensureMaterial(stateDir: string = defaultStateDir()): MaterialFiles {
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = path.join(stateDir, MATERIAL_FILE);
  let material = readMaterial(file);
  if (!material) {
    const fresh = generateMaterial();
    if (fs.existsSync(file)) fs.rmSync(file, { force: true }); // unreadable or an old format
    createOnce(file, JSON.stringify({ version: FORMAT_VERSION, ...fresh }, null, 2));
    material = readMaterial(file);
    if (!material) throw new Error(`EMULATOR_STATE_UNREADABLE: could not read ${file} after creating it`);
  }
  const caFile = path.join(stateDir, CA_FILE);
  let current = '';
  try {
    current = fs.readFileSync(caFile, 'utf8');
  } catch {
    // missing
  }
  if (current !== material.caCertPem) {
    const tmp = `${caFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, material.caCertPem);
    fs.renameSync(tmp, caFile); // atomic; every writer writes the same content
  }
  return { material, caFile };
}
