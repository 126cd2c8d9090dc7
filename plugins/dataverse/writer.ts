/**
 * Grouped writes: units of work (one or more operations that must succeed or fail together) are packed
 * into `$batch` requests of up to 1,000 operations, each unit its own change set, with
 * continue-on-error so one bad row does not stop the rest, and a bounded number of batches in flight
 * (a batch counts as one request against the service protection limits, but all its work counts
 * against the execution-time limit).
 */
import type { BatchOperation, BatchOperationResult } from './batch';
import type { DataverseClient } from './client';
import { parseErrorBody } from './errors';

/** Dataverse's cap on operations in one $batch. */
export const MAX_BATCH_OPERATIONS = 1000;

export interface WriteUnit<T = unknown> {
  operations: BatchOperation[];
  /** Caller's context, handed back with the result. */
  tag: T;
}

export interface WriteResult<T = unknown> {
  tag: T;
  ok: boolean;
  /** Per-operation answers (on success); the ids of created rows are in their OData-EntityId. */
  results: BatchOperationResult[];
  error?: { status: number; code: string; message: string };
}

export interface BatchWriterOptions {
  /** Operations per $batch. Default 1,000 (the maximum). */
  maxOperationsPerBatch?: number;
  /** Batches in flight at once. Default 4. */
  concurrentBatches?: number;
  signal?: AbortSignal;
  /** Called after each batch with the units written so far, for job progress. */
  onProgress?: (done: number, total: number) => void;
}

function chunkUnits<T>(units: readonly WriteUnit<T>[], max: number): WriteUnit<T>[][] {
  const chunks: WriteUnit<T>[][] = [];
  let current: WriteUnit<T>[] = [];
  let size = 0;
  for (const u of units) {
    if (u.operations.length > max)
      throw new Error(`A unit of ${u.operations.length} operations exceeds the batch limit of ${max}`);
    if (size + u.operations.length > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(u);
    size += u.operations.length;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Maps the flattened batch answer back to units through Content-ID (1..n, in build order). */
function mapResults<T>(chunk: readonly WriteUnit<T>[], answers: readonly BatchOperationResult[]): WriteResult<T>[] {
  const byContentId = new Map<string, BatchOperationResult>();
  for (const a of answers) if (a.contentId) byContentId.set(a.contentId, a);
  const withoutId = answers.filter((a) => !a.contentId && a.status >= 400);
  let next = 1;
  return chunk.map((unit) => {
    const results: BatchOperationResult[] = [];
    let failure: BatchOperationResult | undefined;
    for (let i = 0; i < unit.operations.length; i++) {
      const r = byContentId.get(String(next++));
      if (r) results.push(r);
      if (r && r.status >= 400) failure ??= r;
    }
    if (!failure && results.length < unit.operations.length) {
      // [I] A failed change set may answer with one error part that carries no Content-ID.
      failure = withoutId.shift() ?? {
        status: 0,
        headers: {},
        body: '{"error":{"code":"","message":"no answer for this change set"}}',
      };
    }
    if (failure) {
      const e = parseErrorBody(failure.body);
      return { tag: unit.tag, ok: false, results, error: { status: failure.status, code: e.code, message: e.message } };
    }
    return { tag: unit.tag, ok: true, results };
  });
}

export async function writeUnits<T>(
  client: DataverseClient,
  units: readonly WriteUnit<T>[],
  options: BatchWriterOptions = {},
): Promise<WriteResult<T>[]> {
  const chunks = chunkUnits(units, options.maxOperationsPerBatch ?? MAX_BATCH_OPERATIONS);
  const out: WriteResult<T>[][] = new Array(chunks.length);
  let nextChunk = 0;
  let done = 0;
  const worker = async () => {
    while (nextChunk < chunks.length) {
      const index = nextChunk++;
      const chunk = chunks[index];
      const answers = await client.batch(
        chunk.map((u) => ({ changeSet: u.operations })),
        { continueOnError: true, signal: options.signal },
      );
      out[index] = mapResults(chunk, answers);
      done += chunk.length;
      options.onProgress?.(done, units.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrentBatches ?? 4, chunks.length) }, worker));
  return out.flat();
}
