/**
 * `w365 dataverse-emulator` as scripts use it: one JSON line on stdout when ready, serving until
 * SIGTERM, a file database that keeps its rows (and its row versions) across restarts, and clear
 * errors with stable codes for bad options.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Tables } from '../../../solution/schema';
import { parseLatency, parseLimits } from '../../../scripts/commands/dataverse-emulator';
import { requireTrustedEmulatorCa } from './helpers';

const BIN = path.resolve(__dirname, '../../../bin/w365.js');
const A = Tables.account;

interface Running {
  ready: { url: string; webApiUrl: string; authority: string; caFile: string };
  stdout: () => string;
  stop: () => Promise<number | null>;
}

function run(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'dataverse-emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += String(c)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += String(c);
      if (!out.includes('\n')) return;
      resolve({
        ready: JSON.parse(out.split('\n')[0]) as Running['ready'],
        stdout: () => out,
        stop: () =>
          new Promise((r) => {
            child.once('exit', (code) => r(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

async function token(r: Running): Promise<string> {
  const res = await fetch(`${r.ready.authority}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'w365-sync-service',
      client_secret: 'emulator-secret-change-me',
      scope: `${r.ready.url}/.default`,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

// The CLI runs with the default state dir, whose CA this jest process trusts through
// NODE_EXTRA_CA_CERTS (set by `npm test`), so plain fetch() can call it like any script would.
let dir: string;
beforeAll(() => {
  requireTrustedEmulatorCa();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-emu-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('prints exactly one JSON line when ready, serves the Web API, exits 0 on SIGTERM; a file database keeps rows and versions across restarts', async () => {
  const db = path.join(dir, 'x.db');
  const first = await run(['--port', '0', '--db', db]);
  expect(Object.keys(first.ready).sort()).toEqual(['authority', 'caFile', 'url', 'webApiUrl']);
  expect(first.ready.url).toMatch(/^https:\/\/localhost:\d+$/);
  expect(first.ready.webApiUrl).toBe(`${first.ready.url}/api/data/v9.2`);
  expect(fs.readFileSync(first.ready.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  const auth = {
    Authorization: `Bearer ${await token(first)}`,
    'Content-Type': 'application/json',
    Prefer: 'return=representation',
  };
  const created = await fetch(`${first.ready.webApiUrl}/${A.entitySetName}`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ [A.col.name]: 'Persisted' }),
  });
  expect(created.status).toBe(201);
  const row = (await created.json()) as Record<string, string>;
  expect(first.stdout().trim().split('\n')).toHaveLength(1);
  expect(await first.stop()).toBe(0);

  const second = await run(['--port', '0', '--db', db]);
  const auth2 = {
    Authorization: `Bearer ${await token(second)}`,
    'Content-Type': 'application/json',
    Prefer: 'return=representation',
  };
  const again = await fetch(`${second.ready.webApiUrl}/${A.entitySetName}(${row[A.col.id]})`, { headers: auth2 });
  expect(again.status).toBe(200);
  expect(((await again.json()) as Record<string, string>)[A.col.name]).toBe('Persisted');
  const next = await fetch(`${second.ready.webApiUrl}/${A.entitySetName}`, {
    method: 'POST',
    headers: auth2,
    body: JSON.stringify({ [A.col.name]: 'Later' }),
  });
  const v = (etag: string) => Number(/\d+/.exec(etag)![0]);
  expect(v(((await next.json()) as Record<string, string>)['@odata.etag'])).toBeGreaterThan(v(row['@odata.etag']));
  expect(await second.stop()).toBe(0);
});

test('bad options fail with a stable code on stderr', async () => {
  const child = spawn(process.execPath, [BIN, 'dataverse-emulator', '--port', '0', '--latency-ms', 'soon'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c) => (err += String(c)));
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(1);
  expect(err).toMatch(/EMULATOR_CLI_INVALID: --latency-ms takes N or MIN-MAX/);
});

test('option parsers', () => {
  expect(parseLatency('25')).toEqual({ minMs: 25, maxMs: 25 });
  expect(parseLatency('10-40')).toEqual({ minMs: 10, maxMs: 40 });
  expect(() => parseLatency('40-10')).toThrow(/EMULATOR_CLI_INVALID/);
  expect(parseLimits('dataverse')).toEqual({
    requestsPerWindow: 6000,
    windowInMs: 300000,
    maxConcurrent: 52,
    executionTimeInMsPerWindow: 1200000,
  });
  expect(parseLimits('requests=10,window=1000')).toEqual({ requestsPerWindow: 10, windowInMs: 1000 });
  expect(() => parseLimits('speed=9')).toThrow(/EMULATOR_CLI_INVALID/);
});
