/**
 * Raw HTTP against the emulator, as a client with no Dataverse library would send it: node's https
 * with the emulator's CA, a bearer token, the headers the Web API docs recommend.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import {
  ensureMaterial,
  startDataverseEmulator,
  type DataverseEmulator,
  type DataverseEmulatorOptions,
} from '../../../emulators/dataverse';
import { shippedSolutionZip } from '../../helpers/solution-zip';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON shapes
  json: any;
}

export interface Api {
  emu: DataverseEmulator;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string>; token?: string | null; raw?: boolean },
  ): Promise<RawResponse>;
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  patch(path: string, body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  del(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  /** Creates a row and returns its id. */
  create(entitySet: string, body: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export const GUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** An emulator that imported the shipped solution (or `options.solutions`: `[]` for an empty environment). */
export async function startApi(options: DataverseEmulatorOptions = {}): Promise<Api> {
  const emu = await startDataverseEmulator({ solutions: [await shippedSolutionZip()], ...options });
  const agent = new https.Agent({ ca: emu.caPem, keepAlive: true });
  const token = emu.getToken();
  const request: Api['request'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      const url =
        path.startsWith('https://') || path.startsWith('/')
          ? new URL(path, emu.url)
          : new URL(`${emu.webApiUrl}/${path}`);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...(o.token === null ? {} : { Authorization: `Bearer ${o.token ?? token}` }),
        ...o.headers,
      };
      let payload: Buffer | undefined;
      if (o.body !== undefined) {
        payload = Buffer.from(o.raw ? String(o.body) : JSON.stringify(o.body), 'utf8');
        headers['Content-Type'] ??= 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
      const req = https.request(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: h, text, json });
        });
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  const api: Api = {
    emu,
    request,
    get: (p, h) => request('GET', p, { headers: h }),
    post: (p, b, h) => request('POST', p, { body: b, headers: h }),
    patch: (p, b, h) => request('PATCH', p, { body: b, headers: h }),
    del: (p, h) => request('DELETE', p, { headers: h }),
    async create(entitySet, body) {
      const r = await request('POST', entitySet, { body });
      if (r.status !== 204) throw new Error(`create ${entitySet} failed: ${r.status} ${r.text}`);
      return GUID_RE.exec(r.headers['odata-entityid'])![0];
    },
    async close() {
      agent.destroy();
      await emu.close();
    },
  };
  return api;
}

/**
 * Suites whose clients cannot be given a CA (dynamics-web-api, fetch) need this process to trust the
 * emulator's default CA through NODE_EXTRA_CA_CERTS, which Node reads only at start-up. `npm test`
 * sets it (scripts/run-tests.js); anything else gets this clear failure instead of a TLS error.
 */
export function requireTrustedEmulatorCa(): void {
  const { material, caFile } = ensureMaterial();
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra || !fs.existsSync(extra) || !fs.readFileSync(extra, 'utf8').includes(material.caCertPem.trim())) {
    throw new Error(
      `EMULATOR_CA_NOT_TRUSTED: this suite needs NODE_EXTRA_CA_CERTS=${caFile} set before jest starts. Run it through \`npm test\`, or: NODE_EXTRA_CA_CERTS=${caFile} npx jest tests/emulators/dataverse`,
    );
  }
}
