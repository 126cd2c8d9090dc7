/**
 * `$batch` bodies: the multipart/mixed request Dataverse expects (change sets nested as their own
 * multipart parts, `Content-ID` on every change-set operation) and the parser for its answer.
 * dynamics-web-api can build batches too, but it hides the per-operation answers we need for
 * continue-on-error and for counting, so the format is written here, after
 * `execute-batch-operations-using-web-api.md`.
 */
import { randomUUID } from 'node:crypto';

export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the Web API root: `w365_subscriptions(...)`, or `$1` to address an earlier Content-ID. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Operations in a change set are applied atomically; a lone GET is sent outside any change set. */
export type BatchPart = { changeSet: BatchOperation[] } | { get: BatchOperation };

export interface BatchOperationResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

export function buildBatchBody(webApiPath: string, parts: readonly BatchPart[]): { contentType: string; body: string } {
  const batchId = `batch_${randomUUID()}`;
  const lines: string[] = [];
  let contentId = 0;
  const request = (op: BatchOperation, out: string[], withContentId: boolean) => {
    out.push('Content-Type: application/http', 'Content-Transfer-Encoding: binary');
    if (withContentId) out.push(`Content-ID: ${++contentId}`);
    out.push('');
    const url = op.path.startsWith('$') ? op.path : `${webApiPath}/${op.path}`;
    out.push(`${op.method} ${url} HTTP/1.1`);
    const headers: Record<string, string> = {
      ...(op.body !== undefined ? { 'Content-Type': 'application/json; type=entry' } : {}),
      ...op.headers,
    };
    if (op.method === 'GET') headers.Accept ??= 'application/json';
    for (const [k, v] of Object.entries(headers)) out.push(`${k}: ${v}`);
    out.push('');
    if (op.body !== undefined) out.push(JSON.stringify(op.body));
  };
  for (const part of parts) {
    lines.push(`--${batchId}`);
    if ('get' in part) {
      request(part.get, lines, false);
      continue;
    }
    const changeSetId = `changeset_${randomUUID()}`;
    lines.push(`Content-Type: multipart/mixed; boundary=${changeSetId}`, '');
    for (const op of part.changeSet) {
      lines.push(`--${changeSetId}`);
      request(op, lines, true);
    }
    lines.push(`--${changeSetId}--`);
  }
  lines.push(`--${batchId}--`, '');
  return { contentType: `multipart/mixed; boundary=${batchId}`, body: lines.join('\r\n') };
}

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType);
  return m?.[2];
}

function splitParts(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const segments = body.split(delimiter);
  // segments[0] is the preamble; the last starts with "--" (the close delimiter).
  return segments
    .slice(1)
    .filter((s) => !s.startsWith('--'))
    .map((s) => s.replace(/^\r?\n/, ''));
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function splitHead(text: string): [string, string] {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return [text, ''];
  return [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

function parseHttpPart(part: string): BatchOperationResult {
  const [mimeHead, rest] = splitHead(part);
  const mime = parseHeaders(mimeHead);
  const [httpHead, body] = splitHead(rest);
  const [statusLine, ...headerLines] = httpHead.split(/\r?\n/);
  const m = /^HTTP\/1\.1\s+(\d{3})/.exec(statusLine.trim());
  return {
    status: m ? Number(m[1]) : 0,
    headers: parseHeaders(headerLines.join('\n')),
    body: body.replace(/\r?\n$/, ''),
    ...(mime['content-id'] ? { contentId: mime['content-id'] } : {}),
  };
}

/** Every operation's answer, change-set answers flattened, in the order Dataverse returned them. */
export function parseBatchResponse(contentType: string, body: string): BatchOperationResult[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error(`$batch answer has no multipart boundary (Content-Type: ${contentType})`);
  const results: BatchOperationResult[] = [];
  for (const part of splitParts(body, boundary)) {
    const [head, rest] = splitHead(part);
    const headers = parseHeaders(head);
    const inner = boundaryOf(headers['content-type'] ?? '');
    if (inner && /multipart\/mixed/i.test(headers['content-type'] ?? '')) {
      for (const p of splitParts(rest, inner)) results.push(parseHttpPart(p));
    } else {
      results.push(parseHttpPart(part));
    }
  }
  return results;
}
