/**
 * The work-item envelope: what a queue message carries, versioned, with a clear error naming what is
 * wrong with a message we cannot read.
 */
import { isW365Error } from '../../../common/errors';
import {
  decodeEnvelope,
  encodeEnvelope,
  MAX_ENCODED_MESSAGE_BYTES,
  type WorkItemEnvelope,
} from '../../../plugins/jobs/work-item';

const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';

function errorOf(fn: () => unknown): { code: string; message: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (isW365Error(err)) return { code: err.code, message: err.message, details: err.details };
    throw err;
  }
  throw new Error('expected an error');
}

describe('work-item envelope', () => {
  test('round-trips through a base64 message text, item parameters included', () => {
    const envelope: WorkItemEnvelope = {
      v: 1,
      environment: 'contoso-prod',
      jobId: JOB,
      item: { kind: 'accounts-page', key: 'page-7', data: { cursor: 'a<b&c>"d"' } },
    };
    const text = encodeEnvelope(envelope);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeEnvelope(text)).toEqual(envelope);
  });

  test('accepts plain JSON, as a person might send it from Storage Explorer', () => {
    expect(decodeEnvelope(` {"v":1,"environment":"default","jobId":"${JOB}"}`)).toEqual({
      v: 1,
      environment: 'default',
      jobId: JOB,
    });
  });

  test('names the fields that are wrong', () => {
    const e = errorOf(() =>
      decodeEnvelope(JSON.stringify({ v: 1, environment: 'has space', jobId: 'x', item: { kind: 'k' } })),
    );
    expect(e.code).toBe('JOB_MESSAGE_MALFORMED');
    expect(e.message).toContain('/environment');
    expect(e.message).toContain('/jobId');
    expect(e.message).toContain("must have required property 'key'");
  });

  test('refuses text that is not JSON, and marks an unknown version as one a newer worker may read', () => {
    expect(errorOf(() => decodeEnvelope('hello')).code).toBe('JOB_MESSAGE_MALFORMED');
    const newer = errorOf(() => decodeEnvelope(JSON.stringify({ v: 2, environment: 'default', jobId: JOB })));
    expect(newer.code).toBe('JOB_MESSAGE_MALFORMED');
    expect(newer.message).toContain('envelope version 2');
    expect(newer.details?.retryElsewhere).toBe(true);
  });

  test('refuses an envelope too large for one queue message', () => {
    const big = 'x'.repeat(MAX_ENCODED_MESSAGE_BYTES);
    const e = errorOf(() =>
      encodeEnvelope({ v: 1, environment: 'default', jobId: JOB, item: { kind: 'k', key: 'k', data: { big } } }),
    );
    expect(e.code).toBe('JOB_MESSAGE_TOO_LARGE');
  });
});
