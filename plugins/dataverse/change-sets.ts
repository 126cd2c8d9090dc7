/**
 * Units of write intents as `$batch` requests: each unit its own change set (applied atomically), up to
 * 1,000 operations per batch, with continue-on-error so that one bad row does not stop the rest, and a
 * bounded number of batches in flight (a batch counts as one request against the service protection
 * limits, but all its work counts against the execution-time limit).
 */
import type { WriteResult, WriteUnit, WriteUnitsOptions } from './api';
import type { BatchOperationResult, BatchPart } from './batch';
import { parseErrorBody } from './errors';
import { toOperation } from './intents';

/** Dataverse's cap on operations in one $batch. */
export const MAX_BATCH_OPERATIONS = 1000;

/** The fewest operations a batch is cut down to when a flush is spread over the batches in flight. */
export const MIN_SPREAD_BATCH_OPERATIONS = 50;

/**
 * Operations per batch for one flush: the cap, or fewer, so that a flush of less than
 * `concurrentBatches` full batches still goes out as several batches side by side. Dataverse runs the
 * change sets of one `$batch` one after another [I: its execution time adds up per operation], so 200
 * operations as one batch take about four times as long as four batches of 50 sent at once: a work
 * item's flush is usually that small. Never under 50 a batch, so that a small flush does not turn into
 * many requests against the 6,000 per 5 minutes; never under the largest unit (a change set is not split).
 */
export function spreadBatchSize(units: readonly WriteUnit<unknown>[], max: number, concurrentBatches: number): number {
  const operations = units.reduce((n, u) => n + u.intents.length, 0);
  const largest = units.reduce((n, u) => Math.max(n, u.intents.length), 0);
  const spread = Math.max(MIN_SPREAD_BATCH_OPERATIONS, largest, Math.ceil(operations / Math.max(1, concurrentBatches)));
  return Math.min(max, spread);
}

/** Sends one `$batch`: what `writeChangeSets` needs of the client. */
export type SendBatch = (parts: readonly BatchPart[], signal?: AbortSignal) => Promise<BatchOperationResult[]>;

function chunkUnits<T>(units: readonly WriteUnit<T>[], max: number): WriteUnit<T>[][] {
  const chunks: WriteUnit<T>[][] = [];
  let current: WriteUnit<T>[] = [];
  let size = 0;
  for (const u of units) {
    if (u.intents.length > max)
      throw new Error(`A unit of ${u.intents.length} operations exceeds the batch limit of ${max}`);
    if (size + u.intents.length > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(u);
    size += u.intents.length;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** `https://org/api/data/v9.2/accounts(00000000-...)` -> the GUID, or undefined. */
export function idInEntityId(entityId: string | undefined): string | undefined {
  const m = /\(([0-9a-f-]{36})\)\s*$/i.exec(entityId ?? '');
  return m?.[1].toLowerCase();
}

/** Maps the flattened batch answer back to units through Content-ID (1..n, in build order). */
function mapResults<T>(chunk: readonly WriteUnit<T>[], answers: readonly BatchOperationResult[]): WriteResult<T>[] {
  const byContentId = new Map<string, BatchOperationResult>();
  for (const a of answers) if (a.contentId) byContentId.set(a.contentId, a);
  const withoutId = answers.filter((a) => !a.contentId && a.status >= 400);
  let next = 1;
  return chunk.map((unit) => {
    const ids: (string | undefined)[] = [];
    let answered = 0;
    let failure: BatchOperationResult | undefined;
    for (let i = 0; i < unit.intents.length; i++) {
      const r = byContentId.get(String(next++));
      if (r) answered++;
      ids.push(idInEntityId(r?.headers['odata-entityid']));
      if (r && r.status >= 400) failure ??= r;
    }
    if (!failure && answered < unit.intents.length) {
      // [I] A failed change set may answer with one error part that carries no Content-ID.
      failure = withoutId.shift() ?? {
        status: 0,
        headers: {},
        body: '{"error":{"code":"","message":"no answer for this change set"}}',
      };
    }
    if (!failure) return { tag: unit.tag, ok: true, ids };
    const e = parseErrorBody(failure.body);
    return { tag: unit.tag, ok: false, ids: [], error: { status: failure.status, code: e.code, message: e.message } };
  });
}

export async function writeChangeSets<T>(
  send: SendBatch,
  units: readonly WriteUnit<T>[],
  options: WriteUnitsOptions = {},
): Promise<WriteResult<T>[]> {
  const concurrent = options.concurrentBatches ?? 4;
  const max = options.maxOperationsPerBatch ?? MAX_BATCH_OPERATIONS;
  const chunks = chunkUnits(units, spreadBatchSize(units, max, concurrent));
  const out: WriteResult<T>[][] = new Array(chunks.length);
  let nextChunk = 0;
  let done = 0;
  const worker = async () => {
    while (nextChunk < chunks.length) {
      const index = nextChunk++;
      const chunk = chunks[index];
      const answers = await send(
        chunk.map((u) => ({ changeSet: u.intents.map(toOperation) })),
        options.signal,
      );
      out[index] = mapResults(chunk, answers);
      done += chunk.length;
      options.onProgress?.(done, units.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrent, chunks.length) }, worker));
  return out.flat();
}
