/**
 * The Ion token journal's folder is this user's alone: the default is in the home folder (not a fixed
 * name under the shared temp folder, which another local user could create first), a folder we create
 * is 0700 and entries 0600, and a folder that is a symbolic link or another user's is neither written
 * nor read (an entry planted there would otherwise be saved to Dataverse by recovery).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  defaultJournalDir,
  FileTokenJournal,
  type JournalEntry,
} from '../../../../plugins/providers/ion/token-journal';

const PROVIDER = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const entry: JournalEntry = {
  providerId: PROVIDER,
  attemptId: 'attempt-1',
  lineage: 'lineage',
  generation: 2,
  state: 'encoded-state',
  writtenAt: '2026-12-01T00:00:00.000Z',
};
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

let parent: string;
beforeEach(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'w365-journal-'));
});
afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

describe('the Ion token journal folder', () => {
  it('defaults to a folder in the user’s home, not under the OS temp folder', () => {
    const dir = defaultJournalDir();
    expect(dir.startsWith(os.homedir())).toBe(true);
    expect(dir.startsWith(os.tmpdir())).toBe(false);
  });

  it('is created 0700 with 0600 entries, and an existing one others can read is tightened', async () => {
    const dir = path.join(parent, 'new', 'journal');
    const journal = new FileTokenJournal(dir);
    expect(await journal.record(entry)).toEqual({ durable: true });
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, `${PROVIDER}.attempt-1.json`))).toBe(0o600);

    const open = path.join(parent, 'open');
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    expect(await new FileTokenJournal(open).record(entry)).toEqual({ durable: true });
    expect(modeOf(open)).toBe(0o700);
  });

  it('refuses a folder that is a symbolic link: nothing written there, nothing read from it', async () => {
    const elsewhere = path.join(parent, 'elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.writeFileSync(
      path.join(elsewhere, `${PROVIDER}.planted.json`),
      JSON.stringify({ ...entry, attemptId: 'planted' }),
    );
    const link = path.join(parent, 'link');
    fs.symlinkSync(elsewhere, link);
    const problems: string[] = [];
    const journal = new FileTokenJournal(link, (message) => problems.push(message));
    expect(await journal.record(entry)).toEqual({ durable: false });
    expect(fs.readdirSync(elsewhere)).toEqual([`${PROVIDER}.planted.json`]);
    // The entry recorded in memory is still there; the planted one is not.
    expect((await journal.entries(PROVIDER)).map((e) => e.attemptId)).toEqual(['attempt-1']);
    expect(problems.length).toBeGreaterThan(0);
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('refuses a folder another user created first (needs root to make one)', async () => {
    const theirs = path.join(parent, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o777 });
    fs.writeFileSync(path.join(theirs, `${PROVIDER}.planted.json`), JSON.stringify({ ...entry, attemptId: 'planted' }));
    fs.chownSync(theirs, 65534, 65534);
    const journal = new FileTokenJournal(theirs);
    expect(await journal.record(entry)).toEqual({ durable: false });
    expect((await journal.entries(PROVIDER)).map((e) => e.attemptId)).toEqual(['attempt-1']);
    expect(fs.readdirSync(theirs)).toEqual([`${PROVIDER}.planted.json`]);
  });
});
