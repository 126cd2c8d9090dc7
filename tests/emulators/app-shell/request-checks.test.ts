/**
 * The app shell's server as a same-origin app on a developer's machine, over HTTP (no browser), as the
 * probe attacked it: a foreign Host (DNS rebinding) is refused, cross-site and simple (text/plain,
 * form) writes are refused and create nothing, and the Web API proxy refuses, by itself, every request
 * that names a secured column, on every read path the probe used.
 */
import http from 'node:http';
import { Tables } from '../../../solution/schema';
import { DEMO_TECHDATA_PROVIDER } from '../../../emulators/embedded';
import { startProduct, type Product } from '../../browser/helpers/product';

jest.setTimeout(60_000);

let product: Product;
let port: string;
beforeAll(async () => {
  product = await startProduct();
  port = new URL(product.url).port;
});
afterAll(async () => {
  await product?.close();
});

interface Answer {
  status: number;
  text: string;
  code?: string;
}

/** A request with exactly these headers (Host included) and the path as given. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { host: `127.0.0.1:${port}`, accept: 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, ...(code ? { code } : {}) });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const P = Tables.provider;
const J = Tables.syncJob;
const providerId = () => product.embedded.seed.providerIds[DEMO_TECHDATA_PROVIDER];
const api = (rest: string) => `/api/data/v9.2/${rest}`;

async function jobCount(): Promise<number> {
  return (await product.service.dv.all(J.entitySetName, { select: [J.col.id] })).length;
}

describe('Host', () => {
  it.each(['attacker.example', `attacker.example:${'PORT'}`, '127.0.0.1:1', 'localhost', '127.0.0.2:PORT'])(
    'refuses Host %s on the page and the Web API',
    async (hostTemplate) => {
      const host = hostTemplate.replace('PORT', port);
      for (const path of ['/', '/app-shell/metadata.json', api(`${P.entitySetName}?$select=${P.col.name}`)]) {
        const res = await send('GET', path, { host });
        expect(res).toMatchObject({ status: 421, code: 'EMULATOR_APP_SHELL_HOST_REFUSED' });
        expect(res.text).not.toContain(DEMO_TECHDATA_PROVIDER);
      }
    },
  );

  it('answers at 127.0.0.1 and localhost with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const res = await send('GET', api(`${P.entitySetName}?$select=${P.col.name}`), { host });
      expect(res.status).toBe(200);
      expect(res.text).toContain(DEMO_TECHDATA_PROVIDER);
    }
  });
});

describe('cross-site requests', () => {
  const job = JSON.stringify({ [J.col.name]: 'csrf', [J.col.operation]: 1 });

  it('refuses a cross-site text/plain POST and a cross-site form post, and creates nothing', async () => {
    const before = await jobCount();
    const textPlain = await send(
      'POST',
      api(J.entitySetName),
      { origin: 'http://attacker.example', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      job,
    );
    expect(textPlain).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_CROSS_SITE' });
    const form = await send(
      'POST',
      api(J.entitySetName),
      { origin: 'null', 'content-type': 'application/x-www-form-urlencoded' },
      `${J.col.name}=csrf`,
    );
    expect(form).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_CROSS_SITE' });
    const noOrigin = await send(
      'POST',
      api(J.entitySetName),
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      job,
    );
    expect(noOrigin).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_CROSS_SITE' });
    expect(await jobCount()).toBe(before);
  });

  it('refuses a simple-typed body even without Origin (a browser never needs one for the Web API)', async () => {
    const before = await jobCount();
    const res = await send('POST', api(J.entitySetName), { 'content-type': 'text/plain;charset=UTF-8' }, job);
    expect(res).toMatchObject({ status: 415, code: 'EMULATOR_APP_SHELL_SIMPLE_BODY' });
    expect(await jobCount()).toBe(before);
  });

  it('refuses a cross-site read of the Web API, and still serves a link followed from another site', async () => {
    const read = await send('GET', api(`${P.entitySetName}?$select=${P.col.name}`), {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'cors',
    });
    expect(read).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_CROSS_SITE' });
    const page = await send('GET', '/', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
      accept: 'text/html',
    });
    expect(page.status).toBe(200);
  });

  it('accepts a same-origin JSON write (the shell’s own pages)', async () => {
    const res = await send(
      'PATCH',
      api(`${P.entitySetName}(${providerId()})`),
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      JSON.stringify({ [P.col.connectivityMessage]: 'edited through the shell' }),
    );
    expect(res.status).toBe(204);
  });
});

describe('the Web API proxy refuses secured columns by itself', () => {
  const paths = () => {
    const row = `${P.entitySetName}(${providerId()})`;
    const PP = Tables.providerProperty;
    return [
      `${row}/${P.col.password}/$value`,
      `${row}/${P.col.tokenState}/$value`,
      `${row}/${P.col.password}`,
      `${P.entitySetName}?$filter=startswith(${P.col.password},'Z')`,
      `${P.entitySetName}?$orderby=${P.col.password}`,
      `${P.entitySetName}?$select=${P.col.name},${P.col.tokenState}`,
      `${P.entitySetName}?$select=${P.col.name}&$filter=${encodeURIComponent(`${P.col.password} ne null`)}`,
      `${P.entitySetName}?$filter=startswith(w365%5Fpassword,'Z')`,
      `${PP.entitySetName}?$expand=${PP.nav.provider}($select=${P.col.password})`,
    ];
  };

  it('on every read path the probe used', async () => {
    for (const path of paths()) {
      const res = await send('GET', api(path));
      expect({ path, status: res.status, code: res.code }).toEqual({
        path,
        status: 403,
        code: 'EMULATOR_APP_SHELL_SECURED_COLUMN',
      });
    }
  });

  it('inside a $batch, and in a write', async () => {
    const boundary = 'batch_probe';
    const batch = [
      `--${boundary}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `GET ${P.entitySetName}?$filter=startswith(${P.col.password},'Z') HTTP/1.1`,
      'Accept: application/json',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const inBatch = await send(
      'POST',
      api('$batch'),
      { 'content-type': `multipart/mixed; boundary=${boundary}` },
      batch,
    );
    expect(inBatch).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_SECURED_COLUMN' });
    const write = await send(
      'PATCH',
      api(`${P.entitySetName}(${providerId()})`),
      { 'content-type': 'application/json' },
      JSON.stringify({ [P.col.password]: 'stolen' }),
    );
    expect(write).toMatchObject({ status: 403, code: 'EMULATOR_APP_SHELL_SECURED_COLUMN' });
  });

  it('and passes requests that name no secured column', async () => {
    const res = await send(
      'GET',
      api(`${P.entitySetName}(${providerId()})?$select=${P.col.name},${P.col.connectivityMessage}`),
    );
    expect(res.status).toBe(200);
  });
});
