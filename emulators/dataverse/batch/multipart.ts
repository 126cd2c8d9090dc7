/**
 * multipart/mixed $batch bodies, read and written as Dataverse does [C execute-batch-operations-using-web-api.md]:
 * parts of `Content-Type: application/http` holding one HTTP request each, and change sets as nested
 * `multipart/mixed; boundary=changeset_…` parts whose requests carry a `Content-ID`. Responses use
 * `batchresponse_<guid>` / `changesetresponse_<guid>` boundaries and echo the Content-ID.
 *
 * Hand-written because no maintained npm package parses multipart/mixed *HTTP message* bodies (the
 * multipart libraries handle multipart/form-data uploads); the format is small: RFC 2046 delimiters
 * around RFC 7230 request messages. Lines may end in CRLF or bare LF (both are seen from clients).
 */
import { randomUUID } from 'node:crypto';
import { DataverseError } from '../errors';
import { STATUS_TEXT, type EmuResponse } from '../http-types';

export interface BatchRequestPart {
  kind: 'request';
  contentId?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ChangeSetPart {
  kind: 'changeset';
  parts: BatchRequestPart[];
}

export type BatchPart = BatchRequestPart | ChangeSetPart;

const bad = (message: string): DataverseError => new DataverseError(400, '0x80060888', message);

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/mixed/i.test(contentType.trim())) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits `text` into the bodies between `--boundary` delimiters (preamble and epilogue dropped). */
function splitParts(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const chunks = text.split(delimiter);
  if (chunks.length < 2)
    throw bad(`The batch body does not contain the boundary '${boundary}' declared in its Content-Type.`);
  const parts: string[] = [];
  for (let i = 1; i < chunks.length; i += 1) {
    let chunk = chunks[i];
    if (chunk.startsWith('--')) return parts; // closing delimiter
    // The CRLF before a delimiter belongs to the delimiter (RFC 2046), so drop one line break at the end.
    chunk = chunk.replace(/\r?\n$/, '');
    // And the line break that ends the delimiter line itself.
    chunk = chunk.replace(/^[ \t]*\r?\n/, '');
    parts.push(chunk);
  }
  throw bad(`The batch body is not terminated by '--${boundary}--'.`);
}

/** Splits a header block from a body at the first empty line. */
function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/).filter((l) => l !== ''), body: '' };
  return {
    head: text
      .slice(0, m.index)
      .split(/\r?\n/)
      .filter((l) => l !== ''),
    body: text.slice(m.index + m[0].length),
  };
}

function parseHeaders(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw bad(`The batch part header line '${line.slice(0, 80)}' is not valid.`);
    out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function parseRequestPart(text: string, inChangeSet: boolean): BatchRequestPart {
  const mime = splitHead(text);
  const mimeHeaders = parseHeaders(mime.head);
  const ct = mimeHeaders['content-type'] ?? '';
  if (!/^application\/http/i.test(ct)) throw bad(`A batch part must have Content-Type application/http, not '${ct}'.`);
  const http = splitHead(mime.body);
  const requestLine = http.head.shift() ?? '';
  const m = /^([A-Z]+)\s+(\S+)(?:\s+HTTP\/\d(?:\.\d)?)?$/.exec(requestLine.trim());
  if (!m)
    throw bad(
      `The batch part request line '${requestLine.slice(0, 120)}' is not valid: expected 'METHOD URL HTTP/1.1'.`,
    );
  const headers = parseHeaders(http.head);
  const contentId = mimeHeaders['content-id'] ?? headers['content-id'];
  if (inChangeSet && m[1] === 'GET') {
    // [C] GET requests are not allowed inside a change set.
    throw bad('A GET request is not allowed inside a change set. Send GET requests outside change sets.');
  }
  return {
    kind: 'request',
    contentId,
    method: m[1],
    url: m[2],
    headers,
    body: Buffer.from(http.body.replace(/\r?\n$/, ''), 'utf8'),
  };
}

export function parseBatch(body: Buffer, contentType: string | undefined): BatchPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw bad("The $batch request must have Content-Type 'multipart/mixed' with a boundary parameter.");
  const out: BatchPart[] = [];
  for (const part of splitParts(body.toString('utf8'), boundary)) {
    const head = splitHead(part);
    const headers = parseHeaders(head.head);
    const inner = boundaryOf(headers['content-type']);
    if (inner) {
      // Any nested multipart/mixed part is a change set (batches cannot nest [C]).
      out.push({ kind: 'changeset', parts: splitParts(head.body, inner).map((p) => parseRequestPart(p, true)) });
      continue;
    }
    out.push(parseRequestPart(part, false));
  }
  return out;
}

/** Total operations in a batch (change-set members count one each). */
export const operationCount = (parts: readonly BatchPart[]): number =>
  parts.reduce((n, p) => n + (p.kind === 'changeset' ? p.parts.length : 1), 0);

export interface ResponseItem {
  contentId?: string;
  response: EmuResponse;
}

export type BatchResponseItem = ResponseItem | { changeset: ResponseItem[] };

function httpPart(item: ResponseItem): string {
  const r = item.response;
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (item.contentId !== undefined) lines.push(`Content-ID: ${item.contentId}`);
  lines.push('', `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? ''}`);
  for (const [k, v] of Object.entries(r.headers))
    if (!k.toLowerCase().startsWith('x-emulator-')) lines.push(`${k}: ${v}`);
  lines.push('');
  const body = r.body === undefined ? '' : r.body.toString();
  return `${lines.join('\r\n')}\r\n${body}`;
}

export function writeBatch(items: readonly BatchResponseItem[]): { contentType: string; body: string } {
  const boundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  for (const item of items) {
    out.push(`--${boundary}`);
    if ('changeset' in item) {
      const cs = `changesetresponse_${randomUUID()}`;
      const inner = item.changeset.map((r) => `--${cs}\r\n${httpPart(r)}\r\n`).join('');
      out.push(`Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n${inner}--${cs}--\r\n`);
    } else {
      out.push(`${httpPart(item)}\r\n`);
    }
  }
  out.push(`--${boundary}--\r\n`);
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: out.join('\r\n') };
}
