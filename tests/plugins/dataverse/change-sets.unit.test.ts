/**
 * Units of intents as `$batch` change sets (what `DataverseClient.writeUnits` does under the
 * BatchedWriter), over a hand-written `send`: chunking that never splits a unit, results mapped back to
 * units by Content-ID in the order the units went in, whatever order concurrent batches answer in.
 */
import { randomUUID } from 'node:crypto';
import { Tables } from '../../../solution/schema';
import type { WriteUnit } from '../../../plugins/dataverse/api';
import type { BatchOperationResult, BatchPart } from '../../../plugins/dataverse/batch';
import { writeChangeSets, type SendBatch } from '../../../plugins/dataverse/change-sets';
import { createRow } from '../../../plugins/dataverse/intents';

const A = Tables.account;

function unit(tag: string, operations: number): WriteUnit<string> {
  return {
    tag,
    intents: Array.from({ length: operations }, () =>
      createRow(A, { values: { [A.col.id]: randomUUID(), [A.col.name]: tag } }),
    ),
  };
}

/** Answers every operation 204 with its row's id, except change sets whose rows are named in `fail`. */
function answering(fail: Set<string> = new Set(), delayOf: (call: number) => number = () => 0) {
  const batches: BatchPart[][] = [];
  const send: SendBatch = async (parts) => {
    const call = batches.push([...parts]);
    await new Promise((r) => setTimeout(r, delayOf(call)));
    const out: BatchOperationResult[] = [];
    let contentId = 0;
    for (const part of parts) {
      if (!('changeSet' in part)) throw new Error('writeChangeSets sends change sets only');
      const name = (part.changeSet[0].body as Record<string, unknown>)[A.col.name] as string;
      if (fail.has(name)) {
        contentId += part.changeSet.length;
        // [I] as the client expects it: a failed change set may answer with one part and no Content-ID.
        out.push({ status: 400, headers: {}, body: '{"error":{"code":"0x80040203","message":"Bad value"}}' });
        continue;
      }
      for (const op of part.changeSet) {
        const id = (op.body as Record<string, unknown>)[A.col.id];
        out.push({
          status: 204,
          contentId: String(++contentId),
          headers: { 'odata-entityid': `https://org.example/api/data/v9.2/${A.entitySetName}(${id})` },
          body: '',
        });
      }
    }
    return out;
  };
  return { send, batches };
}

describe('writeChangeSets', () => {
  it('packs units into batches of at most maxOperationsPerBatch without splitting a unit', async () => {
    const { send, batches } = answering();
    await writeChangeSets(send, [unit('a', 2), unit('b', 2), unit('c', 1), unit('d', 3)], {
      maxOperationsPerBatch: 4,
    });
    const sizes = batches.map((b) => b.map((p) => ('changeSet' in p ? p.changeSet.length : 0)));
    expect(sizes).toEqual([
      [2, 2],
      [1, 3],
    ]);
  });

  it('refuses a unit larger than a batch: it could never be applied atomically', async () => {
    const { send } = answering();
    await expect(writeChangeSets(send, [unit('big', 5)], { maxOperationsPerBatch: 4 })).rejects.toThrow(
      /exceeds the batch limit of 4/,
    );
  });

  it('hands results back in unit order even when a later batch answers first', async () => {
    const { send } = answering(new Set(), (call) => (call === 1 ? 20 : 0));
    const units = [unit('a', 1), unit('b', 1), unit('c', 1), unit('d', 1)];
    const results = await writeChangeSets(send, units, { maxOperationsPerBatch: 1, concurrentBatches: 4 });
    expect(results.map((r) => r.tag)).toEqual(['a', 'b', 'c', 'd']);
    expect(results.map((r) => r.ids[0])).toEqual(
      units.map((u) => (u.intents[0].changes.values[A.col.id] as string).toLowerCase()),
    );
  });

  it('a failed change set fails its unit alone, with the Dataverse code and message', async () => {
    const { send } = answering(new Set(['b']));
    const results = await writeChangeSets(send, [unit('a', 2), unit('b', 2), unit('c', 1)]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ids: [], error: { status: 400, code: '0x80040203', message: 'Bad value' } });
  });

  it('reports progress per batch, in units', async () => {
    const { send } = answering();
    const progress: [number, number][] = [];
    await writeChangeSets(send, [unit('a', 1), unit('b', 1), unit('c', 1)], {
      maxOperationsPerBatch: 2,
      concurrentBatches: 1,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [2, 3],
      [3, 3],
    ]);
  });
});
