/**
 * The engine's one write loop over a FakeDataverseApi: units buffered up to a threshold, flushed as
 * units of change sets, each unit's result handed back in order, and nothing sent once `beforeFlush`
 * says the job may no longer write.
 */
import { randomUUID } from 'node:crypto';
import { Tables } from '../../../solution/schema';
import type { WriteResult } from '../../../plugins/dataverse/api';
import { BatchedWriter, type BatchedWriterOptions } from '../../../plugins/dataverse/batched-writer';
import { createRow, updateRow, type WriteIntent } from '../../../plugins/dataverse/intents';
import { FakeDataverseApi } from './fakes/fake-dataverse-api';

const A = Tables.account;
const newAccount = (name: string): WriteIntent =>
  createRow(A, { values: { [A.col.id]: randomUUID(), [A.col.name]: name } });

let dv: FakeDataverseApi;
let results: WriteResult<string>[];

beforeEach(() => {
  dv = new FakeDataverseApi();
  results = [];
});

const writer = (options: Partial<BatchedWriterOptions<string>> = {}) =>
  new BatchedWriter<string>(dv, { onResult: (r) => results.push(r), ...options });

describe('BatchedWriter', () => {
  it('hands each unit its result in the order the units went in, a failed unit in its place', async () => {
    const w = writer();
    const missing = randomUUID();
    await w.add({ tag: 'first', intents: [newAccount('Contoso')] });
    await w.add({ tag: 'gone', intents: [updateRow(A, missing, { values: { [A.col.name]: 'x' } })] });
    await w.add({ tag: 'third', intents: [newAccount('Fabrikam'), newAccount('Adatum')] });
    await w.flush();
    expect(results.map((r) => [r.tag, r.ok])).toEqual([
      ['first', true],
      ['gone', false],
      ['third', true],
    ]);
    expect(results[1].error).toMatchObject({ status: 404 });
    expect(results[2].ids).toHaveLength(2);
    expect(
      dv
        .rowsIn(A)
        .map((r) => r[A.col.name])
        .sort(),
    ).toEqual(['Adatum', 'Contoso', 'Fabrikam']);
  });

  it('a failed unit writes none of its intents: the change set is all or nothing', async () => {
    const w = writer();
    const dup = randomUUID();
    dv.seed(A, { [A.col.id]: dup, [A.col.name]: 'Already there' });
    await w.add({
      tag: 'pair',
      intents: [newAccount('Would be written'), createRow(A, { values: { [A.col.id]: dup, [A.col.name]: 'dup' } })],
    });
    await w.flush();
    expect(results[0]).toMatchObject({ ok: false, error: { status: 412 } });
    expect(dv.rowsIn(A).map((r) => r[A.col.name])).toEqual(['Already there']);
  });

  it('flushes once `flushAtOperations` operations are waiting, and the rest on flush()', async () => {
    const w = writer({ flushAtOperations: 4 });
    await w.add({ tag: 'a', intents: [newAccount('a1'), newAccount('a2')] });
    await w.add({ tag: 'b', intents: [newAccount('b1')] });
    expect(dv.unitCalls).toHaveLength(0);
    await w.add({ tag: 'c', intents: [newAccount('c1')] });
    expect(dv.unitCalls.map((c) => c.units.map((u) => u.tag))).toEqual([['a', 'b', 'c']]);
    await w.add({ tag: 'd', intents: [newAccount('d1')] });
    expect(dv.unitCalls).toHaveLength(1);
    await w.flush();
    expect(dv.unitCalls.map((c) => c.units.map((u) => u.tag))).toEqual([['a', 'b', 'c'], ['d']]);
    await w.flush();
    expect(dv.unitCalls).toHaveLength(2); // nothing waiting: no request
  });

  it('a unit with no intents is nothing to write and gets no result', async () => {
    const w = writer();
    await w.add({ tag: 'unchanged', intents: [] });
    await w.flush();
    expect(dv.unitCalls).toEqual([]);
    expect(results).toEqual([]);
  });

  it('passes the batch size, concurrency and signal through to the API', async () => {
    const signal = new AbortController().signal;
    const w = writer({ maxOperationsPerBatch: 10, concurrentBatches: 2, signal });
    await w.add({ tag: 'a', intents: [newAccount('a')] });
    await w.flush();
    expect(dv.unitCalls[0].options).toMatchObject({ maxOperationsPerBatch: 10, concurrentBatches: 2, signal });
  });

  it('when beforeFlush throws (the lease was lost), nothing is sent and the error reaches the caller', async () => {
    const lost = new Error('JOB_LEASE_LOST');
    const w = writer({ flushAtOperations: 2, beforeFlush: async () => Promise.reject(lost) });
    await w.add({ tag: 'a', intents: [newAccount('a')] });
    await expect(w.add({ tag: 'b', intents: [newAccount('b')] })).rejects.toBe(lost);
    await expect(w.flush()).rejects.toBe(lost);
    expect(dv.unitCalls).toEqual([]);
    expect(dv.rowsIn(A)).toEqual([]);
    expect(results).toEqual([]);
  });

  it('calls beforeFlush before every flush that sends something', async () => {
    let checks = 0;
    const w = writer({ flushAtOperations: 1, beforeFlush: async () => void checks++ });
    await w.add({ tag: 'a', intents: [newAccount('a')] });
    await w.add({ tag: 'b', intents: [newAccount('b')] });
    await w.flush();
    expect(checks).toBe(2);
  });

  it('totals count units, operations, failed units and the operations actually written', async () => {
    const w = writer();
    await w.add({ tag: 'ok', intents: [newAccount('a'), newAccount('b')] });
    await w.add({ tag: 'bad', intents: [updateRow(A, randomUUID(), { values: { [A.col.name]: 'x' } })] });
    await w.flush();
    expect(w.totals()).toEqual({ units: 2, operations: 3, failedUnits: 1, writtenOperations: 2 });
  });
});
