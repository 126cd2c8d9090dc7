import { Writable } from 'node:stream';
import { createLogger } from '../../../plugins/shared/logger';
import { REDACTED, Redactor } from '../../../plugins/shared/redact';

describe('redaction', () => {
  it('replaces registered secrets anywhere in a string and masks bearer tokens and query secrets', () => {
    const r = new Redactor();
    r.addSecret('super-secret-value-123');
    expect(r.redactString('login failed for super-secret-value-123!')).toBe(`login failed for ${REDACTED}!`);
    expect(r.redactString('Authorization: Bearer eyJabc.def-ghi')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.redactString('https://x/api?code=abcdef&x=1')).toBe(`https://x/api?code=${REDACTED}&x=1`);
  });

  it('masks secret-named fields in objects, deeply', () => {
    const r = new Redactor();
    const out = r.redact({
      clientId: 'abc',
      client_secret: 's3cr3t',
      nested: { refresh_token: 'rt', ok: 'fine' },
      list: [{ password: 'p' }],
    });
    expect(out).toEqual({
      clientId: 'abc',
      client_secret: REDACTED,
      nested: { refresh_token: REDACTED, ok: 'fine' },
      list: [{ password: REDACTED }],
    });
  });

  it('keeps secrets out of every log line, whatever the caller logs', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const r = new Redactor();
    const log = createLogger({ redactor: r, destination, level: 'info' });
    r.addSecret('the-client-secret-42');
    log.info('plain message with the-client-secret-42');
    log.info({ provider: { password: 'the-client-secret-42' }, note: 'x the-client-secret-42 y' }, 'object');
    log.error({ err: new Error('token the-client-secret-42 rejected') }, 'failure');
    await new Promise((res) => setImmediate(res));
    const all = lines.join('');
    expect(lines.length).toBe(3);
    expect(all).not.toContain('the-client-secret-42');
    expect(all).toContain(REDACTED);
  });
});
