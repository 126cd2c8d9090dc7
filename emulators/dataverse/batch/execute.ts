/**
 * $batch execution [C execute-batch-operations-using-web-api.md]:
 * - at most 1000 operations; batches cannot nest;
 * - a change set is atomic: one transaction, any failure rolls back every operation of it, and the
 *   change set is answered by that failure alone (OData's rule for a failed change set);
 * - Content-ID references (`$1` in a URL or an `@odata.bind`) resolve to records created or updated
 *   earlier in the same change set; an unknown one is a 400;
 * - without `Prefer: odata.continue-on-error` processing stops at the first failure and the batch
 *   answers 400 with the parts processed so far [C: the doc's example shows an outer 400]; with it the
 *   batch answers 200 and every part is processed.
 */
import { DataverseError } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import type { ApiContext } from '../webapi/context';
import { fireAsyncEvents, rollbackTo, runOperation } from '../webapi/execute';
import { executeOperation } from '../webapi/handler';
import { parsePrefer } from '../webapi/prefer';
import { errorResponse, toDataverseError } from '../webapi/responses';
import { relativeToServiceRoot } from '../webapi/urls';
import {
  operationCount,
  parseBatch,
  writeBatch,
  type BatchPart,
  type BatchRequestPart,
  type BatchResponseItem,
  type ResponseItem,
} from './multipart';

export const MAX_BATCH_OPERATIONS = 1000;

export interface BatchOutcome {
  response: EmuResponse;
  operations: number;
}

function partRequest(part: BatchRequestPart, outer: EmuRequest): EmuRequest {
  const q = part.url.indexOf('?');
  return {
    method: part.method,
    path: q < 0 ? part.url : part.url.slice(0, q),
    rawQuery: q < 0 ? '' : part.url.slice(q + 1),
    headers: { ...part.headers, authorization: outer.headers.authorization ?? '' },
    body: part.body,
  };
}

/** The service-root-relative path of a part, with a leading `$n` replaced from the change set's Content-IDs. */
function resolvePath(path: string, contentIds: ReadonlyMap<string, string> | undefined): string {
  const rel = relativeToServiceRoot(path);
  if (!rel.startsWith('$') || rel.startsWith('$batch') || rel.startsWith('$metadata')) return rel;
  const [ref, ...rest] = rel.split('/');
  const target = contentIds?.get(ref.slice(1));
  if (target === undefined)
    throw new DataverseError(400, '0x80060888', `Content-ID Reference: '${ref}' does not exist in the batch context.`);
  return [target, ...rest].join('/');
}

/** `accounts(<id>)` of the record a successful write answered about (from OData-EntityId or its representation). */
function entityPathOf(response: EmuResponse): string | undefined {
  const entity = response.headers['OData-EntityId'] ?? response.headers['x-emulator-entity'];
  return entity ? relativeToServiceRoot(entity) : undefined;
}

function partContext(base: ApiContext, part: BatchRequestPart, contentIds?: Map<string, string>): ApiContext {
  return { ...base, prefer: parsePrefer(part.headers.prefer), contentIds, pendingAsync: base.pendingAsync };
}

async function runChangeSet(
  parts: BatchRequestPart[],
  outer: EmuRequest,
  ctx: ApiContext,
): Promise<{ items: ResponseItem[]; failed: boolean }> {
  const contentIds = new Map<string, string>();
  const items: ResponseItem[] = [];
  const mark = ctx.pendingAsync.length;
  ctx.store.begin();
  for (const part of parts) {
    const pctx = partContext(ctx, part, contentIds);
    try {
      const req = partRequest(part, outer);
      const response = await executeOperation(resolvePath(req.path, contentIds), req, pctx);
      const entity = entityPathOf(response);
      if (part.contentId !== undefined && entity) contentIds.set(part.contentId, entity);
      items.push({ contentId: part.contentId, response });
    } catch (e) {
      rollbackTo(ctx, mark);
      return { items: [{ contentId: part.contentId, response: errorResponse(toDataverseError(e)) }], failed: true };
    }
  }
  ctx.store.commit();
  fireAsyncEvents(ctx);
  return { items, failed: false };
}

export async function executeBatch(req: EmuRequest, ctx: ApiContext): Promise<BatchOutcome> {
  let parts;
  try {
    parts = parseBatch(req.body, req.headers['content-type']);
  } catch (e) {
    return { response: errorResponse(toDataverseError(e)), operations: 0 };
  }
  const operations = operationCount(parts);
  if (operations > MAX_BATCH_OPERATIONS) {
    const e = new DataverseError(
      400,
      '0x80060888',
      `The batch contains ${operations} requests; the maximum number of requests in a batch is ${MAX_BATCH_OPERATIONS}.`,
    );
    return { response: errorResponse(e), operations: 0 };
  }
  const continueOnError = parsePrefer(req.headers.prefer).continueOnError;
  const items: BatchResponseItem[] = [];
  let failed = false;
  // One outer transaction, each request or change set in a savepoint of it: every part still succeeds
  // or fails on its own, but a file database commits once per batch instead of once per request.
  // Asynchronous webhook events wait for the outer commit.
  ctx.store.begin();
  try {
    failed = await runParts(parts, req, ctx, items, continueOnError);
    ctx.store.commit();
  } catch (e) {
    ctx.store.rollback();
    ctx.pendingAsync.length = 0;
    ctx.events.invalidate();
    throw e;
  }
  fireAsyncEvents(ctx);
  const { contentType, body } = writeBatch(items);
  const headers: Record<string, string> = { 'OData-Version': '4.0', 'Content-Type': contentType };
  if (continueOnError) headers['Preference-Applied'] = 'odata.continue-on-error';
  return { response: { status: failed && !continueOnError ? 400 : 200, headers, body }, operations };
}

async function runParts(
  parts: BatchPart[],
  req: EmuRequest,
  ctx: ApiContext,
  items: BatchResponseItem[],
  continueOnError: boolean,
): Promise<boolean> {
  let failed = false;
  for (const part of parts) {
    if (part.kind === 'changeset') {
      const r = await runChangeSet(part.parts, req, ctx);
      items.push(r.failed ? r.items[0] : { changeset: r.items });
      failed = r.failed;
    } else {
      const pctx = partContext(ctx, part);
      let response: EmuResponse;
      try {
        const preq = partRequest(part, req);
        response = await runOperation(resolvePath(preq.path, undefined), preq, pctx);
      } catch (e) {
        response = errorResponse(toDataverseError(e));
      }
      items.push({ contentId: part.contentId, response });
      failed = response.status >= 400;
    }
    if (failed && !continueOnError) break;
  }
  return failed;
}
