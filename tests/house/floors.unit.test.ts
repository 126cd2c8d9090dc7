/**
 * The house's rules, checked on every file: which folder may import which (docs/architecture.md,
 * "Floors"), that only plugins/dataverse/ speaks the Web API wire format, and that no function in
 * plugins/ grows past 80 lines. Read with the TypeScript parser (scripts/house/measure.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { floorOf, functionLengths, importEdges, sourceFiles, type ImportEdge } from '../../scripts/house/measure';

const ROOT = path.join(__dirname, '../..');
const CODE = ['common', 'plugins', 'solution', 'scripts', 'emulators', 'webresources', 'pcf-controls'];
const edges = importEdges(ROOT, sourceFiles(ROOT, CODE)).filter((e) => !e.to.startsWith('node:'));
const internal = edges.filter((e) => CODE.includes(floorOf(e.to)) || floorOf(e.to) === 'tests');

function offending(rule: (e: ImportEdge) => boolean): string[] {
  return internal.filter(rule).map((e) => `${e.from}:${e.line} imports ${e.to}`);
}

const under = (file: string, ...dirs: string[]) => dirs.some((d) => file === d || file.startsWith(`${d}/`));

describe('import floors', () => {
  it('common/ imports nothing of ours', () => {
    expect(offending((e) => under(e.from, 'common') && !under(e.to, 'common'))).toEqual([]);
  });

  it('solution/ imports only solution/ and common/', () => {
    expect(offending((e) => under(e.from, 'solution') && !under(e.to, 'solution', 'common'))).toEqual([]);
  });

  it('product code never imports a stand-in or a test', () => {
    const product = ['common', 'plugins', 'solution', 'webresources', 'pcf-controls'];
    expect(offending((e) => under(e.from, ...product) && under(e.to, 'emulators', 'tests'))).toEqual([]);
  });

  it('no tool imports from tests/', () => {
    expect(
      offending((e) => under(e.from, 'scripts', 'emulators', 'pcf-controls/build') && under(e.to, 'tests')),
    ).toEqual([]);
  });

  it('plugins/ imports only plugins/, solution/ and common/', () => {
    expect(offending((e) => under(e.from, 'plugins') && !under(e.to, 'plugins', 'solution', 'common'))).toEqual([]);
  });

  it('a connector never sees Dataverse, the engine or the host', () => {
    expect(
      offending(
        (e) =>
          under(e.from, 'plugins/providers') &&
          under(e.to, 'plugins/dataverse', 'plugins/sync', 'plugins/jobs', 'plugins/host'),
      ),
    ).toEqual([]);
  });

  it('plugins/dataverse/ reaches up only to the ports it implements', () => {
    const ports = ['plugins/providers/types', 'plugins/providers/common/token-store'];
    expect(
      offending(
        (e) =>
          under(e.from, 'plugins/dataverse') &&
          under(e.to, 'plugins') &&
          !under(e.to, 'plugins/dataverse', 'plugins/shared') &&
          !ports.includes(e.to),
      ),
    ).toEqual([]);
  });

  it('the engine and the job lifecycle never reach the host', () => {
    expect(offending((e) => under(e.from, 'plugins/sync', 'plugins/jobs') && under(e.to, 'plugins/host'))).toEqual([]);
  });

  it('browser code (web resources, PCF controls) never imports the service', () => {
    expect(
      offending(
        (e) =>
          under(e.from, 'webresources/src', 'pcf-controls') &&
          !under(e.from, 'pcf-controls/build') &&
          under(e.to, 'plugins'),
      ),
    ).toEqual([]);
  });
});

describe('only plugins/dataverse/ speaks the Web API', () => {
  // The spellings of the wire format: a bound lookup, a conditional write, a record path built by hand.
  const WIRE = [/@odata\.bind/, /'If-Match'/, /entitySetName\}\(/];
  const files = sourceFiles(ROOT, ['plugins']).filter((f) => !under(f, 'plugins/dataverse'));

  it.each(WIRE.map((w) => [String(w), w] as const))('no file outside plugins/dataverse/ spells %s', (_name, wire) => {
    const hits = files.filter((f) => wire.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(hits).toEqual([]);
  });

  it('the engine never imports the $batch format or the HTTP client', () => {
    expect(
      offending(
        (e) =>
          under(e.from, 'plugins/sync', 'plugins/jobs') &&
          !e.typeOnly &&
          (e.to === 'plugins/dataverse/batch' || e.to === 'plugins/dataverse/client'),
      ),
    ).toEqual([]);
  });
});

describe('functions stay small', () => {
  it('no function in plugins/ is over 80 lines', () => {
    const long = functionLengths(ROOT, sourceFiles(ROOT, ['plugins']))
      .filter((f) => f.lines > 80)
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(long).toEqual([]);
  });
});
