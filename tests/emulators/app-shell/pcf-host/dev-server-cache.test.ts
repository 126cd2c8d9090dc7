/**
 * The PCF dev server and the app shell serve a platform library asked for with its content version
 * (`?v=`, as the host asks: platform.ts) with long-lived immutable caching, as the platform's CDN does;
 * the same file without it, or with a stale version, and every other file, are never cached.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { contentVersion } from '../../../../pcf-controls/build/content-version';
import { startPcfDevServer, type PcfDevServer } from '../../../../emulators/app-shell/pcf-host/dev-server';
import { serveFolder } from '../../../../emulators/app-shell/server/static';

const LIBRARY = 'window.FluentUIReactv940 = { version: "9.68.0" };\n';
const version = contentVersion(new TextEncoder().encode(LIBRARY));
const IMMUTABLE = 'public, max-age=31536000, immutable';

let root: string;
let server: PcfDevServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'w365-pcf-cache-'));
  const platform = path.join(root, 'emulators', 'app-shell', 'pcf-host', 'platform');
  mkdirSync(platform, { recursive: true });
  writeFileSync(path.join(platform, 'fluent-9.68.0.js'), LIBRARY);
  writeFileSync(path.join(root, 'emulators', 'app-shell', 'pcf-host', 'index.html'), '<!doctype html>');
  server = await startPcfDevServer({
    repoRoot: root,
    webApiUrl: 'https://127.0.0.1:1/api/data/v9.2',
    caPem: '',
    getToken: () => '',
  });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('platform libraries by content version', () => {
  it('the dev server caches a versioned library for good, nothing else', async () => {
    const get = async (p: string) => {
      const r = await fetch(`${server.url}${p}`);
      return { status: r.status, cache: r.headers.get('cache-control'), body: await r.text() };
    };
    const versioned = await get(`/pcf-host/platform/fluent-9.68.0.js?v=${version}`);
    expect(versioned).toEqual({ status: 200, cache: IMMUTABLE, body: LIBRARY });
    expect((await get('/pcf-host/platform/fluent-9.68.0.js')).cache).toBe('no-store');
    expect((await get('/pcf-host/platform/fluent-9.68.0.js?v=0000000000000000')).cache).toBe('no-store');
    expect((await get(`/pcf-host/index.html?v=${version}`)).cache).toBe('no-store');
    expect((await get(`/pcf-host/platform/missing.js?v=${version}`)).status).toBe(404);
  });

  it('the app shell does the same', async () => {
    const app = Fastify();
    serveFolder(app, '/pcf-host/', () => path.join(root, 'emulators', 'app-shell', 'pcf-host'));
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const versioned = await fetch(`${base}/pcf-host/platform/fluent-9.68.0.js?v=${version}`);
      expect(versioned.status).toBe(200);
      expect(versioned.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(await versioned.text()).toBe(LIBRARY);
      const plain = await fetch(`${base}/pcf-host/platform/fluent-9.68.0.js`);
      expect(plain.headers.get('cache-control')).toBe('no-store');
      const stale = await fetch(`${base}/pcf-host/platform/fluent-9.68.0.js?v=0000000000000000`);
      expect(stale.headers.get('cache-control')).toBe('no-store');
    } finally {
      await app.close();
    }
  });
});
