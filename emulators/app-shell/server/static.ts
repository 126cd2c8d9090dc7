/**
 * Serves a folder read-only under a URL prefix (the PCF host and the built PCF controls). Files are
 * read on each request, so a control rebuilt while the shell runs is picked up by a page reload. A
 * path that resolves outside the folder is a 404, never a file elsewhere on the disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { cacheControlFor } from '../../../pcf-controls/build/content-version';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.resx': 'application/xml; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file under `root` for a relative URL path, or undefined when it would escape `root`. */
export function resolveInside(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = path.resolve(root, `.${path.posix.sep}${decoded}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** GET `${prefix}*` from `root()` (a function: the folder may appear after the shell started). */
export function serveFolder(
  app: FastifyInstance,
  prefix: string,
  root: (params: Record<string, string>) => string | undefined,
  paramsPattern = '',
): void {
  app.get(`${prefix}${paramsPattern}*`, async (req, reply) => {
    const params = req.params as Record<string, string>;
    const base = root(params);
    const file = base ? resolveInside(path.resolve(base), params['*'] ?? '') : undefined;
    const stat = file ? await fs.stat(file).catch(() => undefined) : undefined;
    if (!file || !stat || !stat.isFile()) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    // A development harness: never cached, so a rebuilt control shows on reload; except a file asked
    // for with its content version (the platform libraries), cached for good as the platform's CDN does.
    const contents = await fs.readFile(file);
    const version = (req.query as Record<string, unknown>).v;
    return reply
      .type(contentTypeOf(file))
      .header('cache-control', cacheControlFor(contents, typeof version === 'string' ? version : undefined))
      .send(contents);
  });
}
