/**
 * The local app shell: a development harness that plays the Dynamics 365 app on the embedded default,
 * served by the sync service's own HTTP server (`startService({ register })`), so `npm start` gives a
 * person one address to click through every flow. Routes:
 *
 *   GET  /                           the page (lists and forms from solution/ui, command bars from the ribbon)
 *   GET  /app-shell/app.js, app.css  its script (bundled here with esbuild) and styles
 *   GET  /app-shell/metadata.json    tables, forms, views, charts, dashboards, site map, command bars
 *   GET  /favicon.ico                the app's icon (SVG)
 *   GET  /WebResources/<name>        the ribbon web resources, built exactly as the solution packs them
 *   *    /api/data/v9.2/*            the Web API, proxied with the `w365-app-shell` client's token (no secrets)
 *   GET  /pcf-host/*                 emulators/app-shell/pcf-host/ (the PCF host, built by another component)
 *   GET  /pcf/<Control>/*            pcf-controls/<Control>/out/controls/<Control>/ (built PCF controls)
 *
 * Never imported by product code.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { FastifyInstance } from 'fastify';
import { MsalTokenProvider, type TokenProvider } from '../../plugins/dataverse/auth';
import type { Redactor } from '../../plugins/shared/redact';
import { buildWebResources } from '../../webresources/build';
import { DEFAULT_APP_SHELL_CLIENT, type DataverseEmulator } from '../dataverse';
import { appTableNames, buildAppMeta } from './server/metadata';
import { cachedTables, webApiGet } from './server/table-metadata';
import { shellPage } from './server/page';
import { registerWebApiProxy } from './server/proxy';
import { installRequestGuard } from './server/request-guard';
import { serveFolder } from './server/static';

export interface AppShellOptions {
  readonly repoRoot: string;
  /** The Dataverse (emulator) environment URL the proxy forwards to. */
  readonly environmentUrl: string;
  /** Tokens of a client in no field security profile (the emulator's `w365-app-shell`). */
  readonly tokenProvider: TokenProvider;
  readonly ca?: string;
}

/** Folder names of the PCF host and built controls, relative to the repository root. */
export const PCF_HOST_DIR = path.join('emulators', 'app-shell', 'pcf-host');
export const PCF_CONTROLS_DIR = 'pcf-controls';
/** `/pcf/<Control>/` maps to this folder of the control's pcf-scripts project (its `out/controls/<Control>`). */
const pcfOutputDir = (repoRoot: string, control: string) =>
  path.join(repoRoot, PCF_CONTROLS_DIR, control, 'out', 'controls', control);

/** The app's icon: the product's initials on its accent colour. */
const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f6cbd"/><text x="16" y="21" font-family="Segoe UI,Arial,sans-serif" font-size="13" font-weight="700" fill="#fff" text-anchor="middle">365</text></svg>';

async function bundleClient(repoRoot: string): Promise<string> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, 'emulators', 'app-shell', 'client', 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: false,
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/**
 * The app shell's token provider for the embedded emulator: msal-node with the `w365-app-shell`
 * client's credentials, exactly as the service gets its own, held by this server and never sent to the page.
 */
export function appShellTokenProvider(
  emulator: Pick<DataverseEmulator, 'url' | 'authority' | 'clients' | 'caPem'>,
  redactor: Redactor,
): TokenProvider {
  const client = emulator.clients.find((c) => c.clientId === DEFAULT_APP_SHELL_CLIENT.clientId);
  if (!client)
    throw new Error(`APP_SHELL_CLIENT_MISSING: the emulator has no '${DEFAULT_APP_SHELL_CLIENT.clientId}' client`);
  return new MsalTokenProvider({
    environmentUrl: emulator.url,
    authority: emulator.authority,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redactor,
    ca: emulator.caPem,
  });
}

/**
 * The shell's routes, in a scope of their own: its request checks (Host, Origin, simple bodies) apply
 * to them and not to the service's webhook or health routes on the same server.
 */
export async function registerAppShell(app: FastifyInstance, options: AppShellOptions): Promise<void> {
  await app.register(async (shell) => {
    installRequestGuard(shell);
    await registerShellRoutes(shell, options);
  });
}

async function registerShellRoutes(app: FastifyInstance, options: AppShellOptions): Promise<void> {
  const { repoRoot } = options;
  // Built once at start: the same build `npm run build:webresources` writes for the packer, held in memory.
  const [webResources, clientJs, css] = await Promise.all([
    buildWebResources({ repoRoot, write: false }),
    bundleClient(repoRoot),
    fs.readFile(path.join(repoRoot, 'emulators', 'app-shell', 'client', 'app.css'), 'utf8'),
  ]);
  const scripts = new Map(webResources.resources.map((r) => [r.def.name, Buffer.from(r.contents)]));
  const pcfHostDir = path.join(repoRoot, PCF_HOST_DIR);

  app.get('/', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(shellPage()),
  );
  app.get('/app-shell/app.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(clientJs));
  app.get('/app-shell/app.css', async (_req, reply) => reply.type('text/css; charset=utf-8').send(css));
  // Browsers ask for /favicon.ico whatever the page says; an SVG answers it (every current browser draws one).
  app.get('/favicon.ico', async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(FAVICON_SVG),
  );
  const tables = cachedTables(webApiGet(options), appTableNames);
  app.get('/app-shell/metadata.json', async (_req, reply) =>
    reply.header('cache-control', 'no-store').send(
      // Whether the PCF host exists is asked on every load: it may be built while the shell runs.
      buildAppMeta({
        tables: await tables(),
        ribbons: webResources.ribbons,
        webResources: [...scripts.keys()],
        pcfHost: existsSync(path.join(pcfHostDir, 'host.js')),
      }),
    ),
  );
  app.get('/WebResources/*', async (req, reply) => {
    const body = scripts.get((req.params as { '*': string })['*']);
    if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(body);
  });
  serveFolder(app, '/pcf-host/', () => pcfHostDir);
  serveFolder(
    app,
    '/pcf/',
    (params) =>
      /^[A-Za-z][A-Za-z0-9_]*$/.test(params.control ?? '') ? pcfOutputDir(repoRoot, params.control) : undefined,
    ':control/',
  );
  registerWebApiProxy(app, {
    environmentUrl: options.environmentUrl,
    tokenProvider: options.tokenProvider,
    ca: options.ca,
  });
}
