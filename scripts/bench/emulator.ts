/**
 * `npm run -s bench -- emulator [--single N] [--rows N] [--gets N] [--concurrency N] [--db FILE] --json`
 * Throughput of the Dataverse emulator as a client sees it, with the emulator in its own process
 * (`w365 dataverse-emulator`, so client and server do not share an event loop):
 *   single_upserts_per_s  PATCH by alternate key, one row per request (N requests, C in flight)
 *   batch_rows_per_s      rows per second through $batch requests of 1,000 upserts (one batch at a time)
 *   keyed_get_p50_ms      median latency of GET by alternate key once the table holds `--rows` rows
 * The table is w365_subscription, addressed by its (provider, provider subscription id) key, which is
 * how the sync service writes subscriptions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { Choices, Tables } from '../../solution/schema';
import { numberOption } from './options';
import type { BenchScenario } from './types';

const S = Tables.subscription;
const P = Tables.provider;

interface Started {
  child: ChildProcess;
  url: string;
  webApiUrl: string;
  authority: string;
  caFile: string;
}

const arg = (args: string[], name: string, fallback: number) =>
  numberOption(args, name, fallback, { integer: true, min: 1 });

function startEmulator(db: string, stateDir: string): Promise<Started> {
  const bin = path.resolve(__dirname, '../../bin/w365.js');
  const child = spawn(
    process.execPath,
    [bin, 'dataverse-emulator', '--port', '0', '--db', db, '--state-dir', stateDir, '--import-built'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c) => (err += String(c)));
    child.stdout?.on('data', (c) => {
      out += String(c);
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...(JSON.parse(line) as Omit<Started, 'child'>) });
    });
    child.once('exit', (code) =>
      reject(new Error(`BENCH_EMULATOR_EXITED: the emulator exited (${code}) before it was ready: ${err.trim()}`)),
    );
  });
}

interface Client {
  request(
    method: string,
    pathAndQuery: string,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>;
}

function client(base: string, ca: string, token: string, maxSockets: number): Client {
  const agent = new https.Agent({ ca, keepAlive: true, maxSockets });
  return {
    request: (method, p, body, headers = {}) =>
      new Promise((resolve, reject) => {
        const req = https.request(
          `${base}${p}`,
          {
            method,
            agent,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: 'application/json',
              'OData-Version': '4.0',
              'OData-MaxVersion': '4.0',
              ...(body
                ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }
                : {}),
              ...headers,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
  };
}

/** A token from the emulator's token endpoint, by client credentials as msal-node would ask for it. */
function token(e: Started, ca: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'w365-sync-service',
    client_secret: 'emulator-secret-change-me',
    scope: `${e.url}/.default`,
  }).toString();
  return new Promise<string>((resolve, reject) => {
    const req = https.request(
      `${e.authority}/oauth2/v2.0/token`,
      { method: 'POST', ca, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve((JSON.parse(text) as { access_token: string }).access_token)
            : reject(new Error(`BENCH_TOKEN_FAILED: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(form);
  });
}

const keyPath = (providerId: string, n: number) =>
  `/${S.entitySetName}(${S.val.provider}=${providerId},${S.col.providerSubscriptionId}='SUB-${n}')`;

function subscriptionBody(n: number): Record<string, unknown> {
  return {
    [S.col.name]: `Subscription ${n}`,
    [S.col.quantity]: (n % 50) + 1,
    [S.col.subscriptionStatus]: Choices.subscriptionStatus.Active,
    [S.col.providerPartNumber]: `SKU-${n % 200}`,
    [S.col.startDate]: '2024-01-01',
    [S.col.isSynced]: true,
  };
}

function batchBody(providerId: string, from: number, count: number, boundary: string): string {
  const parts: string[] = [];
  for (let n = from; n < from + count; n += 1) {
    parts.push(
      `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPATCH /api/data/v9.2${keyPath(providerId, n)} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(subscriptionBody(n))}\r\n`,
    );
  }
  return `${parts.join('')}--${boundary}--\r\n`;
}

async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

export const emulatorScenario: BenchScenario = {
  name: 'emulator',
  description: 'Dataverse emulator throughput: single upserts, $batch upserts, keyed GET latency at 100,000 rows',
  async run(args, log) {
    const single = arg(args, 'single', 2000);
    const rows = arg(args, 'rows', 100_000);
    const gets = arg(args, 'gets', 1000);
    const concurrency = arg(args, 'concurrency', 4);
    const dbIndex = args.indexOf('--db');
    const db = dbIndex >= 0 ? args[dbIndex + 1] : ':memory:';
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-bench-emu-'));
    const e = await startEmulator(db, stateDir);
    try {
      const ca = fs.readFileSync(e.caFile, 'utf8');
      const api = client(e.webApiUrl, ca, await token(e, ca), concurrency);
      const created = await api.request(
        'POST',
        `/${P.entitySetName}`,
        JSON.stringify({ [P.col.name]: 'Bench provider', [P.col.internalName]: 'bench' }),
      );
      const providerId = /\(([0-9a-f-]{36})\)/.exec(String(created.headers['odata-entityid']))![1];
      const failures: string[] = [];

      log(`single upserts: ${single} PATCH requests by alternate key, ${concurrency} in flight`);
      let t = performance.now();
      await pool(single, concurrency, async (n) => {
        const r = await api.request('PATCH', keyPath(providerId, n), JSON.stringify(subscriptionBody(n)));
        if (r.status !== 204) failures.push(`PATCH ${r.status} ${r.text.slice(0, 200)}`);
      });
      const singleSeconds = (performance.now() - t) / 1000;

      const batchRows = Math.max(0, rows - single);
      log(`batch upserts: ${batchRows} rows in $batch requests of 1,000`);
      t = performance.now();
      for (let from = single; from < single + batchRows; from += 1000) {
        const count = Math.min(1000, single + batchRows - from);
        const body = batchBody(providerId, from, count, `batch_${from}`);
        const r = await api.request('POST', '/$batch', body, {
          'Content-Type': `multipart/mixed; boundary=batch_${from}`,
          'Content-Length': String(Buffer.byteLength(body)),
        });
        if (r.status !== 200) failures.push(`$batch ${r.status} ${r.text.slice(0, 200)}`);
      }
      const batchSeconds = (performance.now() - t) / 1000;

      // /$count stops at 5000 as in Dataverse, so the row count comes from the emulator's own counters.
      const stats = JSON.parse((await client(e.url, ca, '', 1).request('GET', '/_emulator/stats')).text) as {
        writes: number;
      };
      const total = stats.writes - 1; // every upsert created a row; minus the provider
      const last = await api.request('GET', `${keyPath(providerId, single + batchRows - 1)}?$select=${S.col.name}`);
      if (last.status !== 200) failures.push(`GET of the last row ${last.status}`);
      log(`keyed GET: ${gets} requests, one at a time, table holds ${total} rows`);
      const latencies: number[] = [];
      for (let i = 0; i < gets; i += 1) {
        const n = Math.floor(Math.random() * rows);
        const start = performance.now();
        const r = await api.request('GET', `${keyPath(providerId, n)}?$select=${S.col.name},${S.col.quantity}`);
        latencies.push(performance.now() - start);
        if (r.status !== 200) failures.push(`GET ${r.status}`);
      }
      latencies.sort((a, b) => a - b);
      if (failures.length > 0)
        throw new Error(`BENCH_REQUESTS_FAILED: ${failures.length} requests failed, first: ${failures[0]}`);
      const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
      return {
        single_upserts_per_s: round(single / singleSeconds),
        batch_rows_per_s: batchRows > 0 ? round(batchRows / batchSeconds) : null,
        keyed_get_p50_ms: round(latencies[Math.floor(latencies.length / 2)], 2),
        keyed_get_p95_ms: round(latencies[Math.floor(latencies.length * 0.95)], 2),
        rows_in_table: total,
        concurrency,
        db,
      };
    } finally {
      e.child.kill('SIGTERM');
      await new Promise((r) => e.child.once('exit', r));
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  },
};
