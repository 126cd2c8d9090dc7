/**
 * The local token journal: the moment Ion answers a renewal, the new token state is written to a local
 * file and fsync'd, before the (slower, remote) write to Dataverse. If the process dies between the two,
 * the next run on this machine finds the entry and saves it to Dataverse instead of trying the consumed
 * refresh token again. Entries are deleted as soon as Dataverse holds them.
 *
 * It narrows the unavoidable window (Ion's answer is in memory only) from a Dataverse round trip with
 * retries (seconds) to one local fsync (milliseconds). It only helps a run that can see the same folder:
 * point it at storage that survives a restart of the service (on Azure App Service, under /home) [I].
 *
 * Entries hold a live refresh token, so files are created 0600 in a 0700 folder and never logged. When
 * the disk refuses the write, the entry is kept in memory for the life of the process (and said so).
 *
 * The folder must be this user's alone: another local user who could create it first (a fixed name
 * under the shared temp folder, as the default once was) could read the tokens, or plant an entry that
 * recovery would save to Dataverse. So the default is under the user's home folder, and any folder,
 * default or configured, is refused (memory only) when it is a symbolic link, not a folder, or owned by
 * another user; one of ours that others can read is tightened to 0700. Entries are read only from such
 * a folder, and only from regular files of ours.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { W365Error } from '../../../common/errors';

export const TokenJournalErrorCodes = { Unsafe: 'ION_TOKEN_JOURNAL_UNSAFE' } as const;

export interface JournalEntry {
  providerId: string;
  attemptId: string;
  /** The chain and generation of the state inside, so recovery can order it against the stored one. */
  lineage: string;
  generation: number;
  /** The encoded token state to save. */
  state: string;
  writtenAt: string;
}

export interface TokenJournal {
  /** Durably record an entry; resolves `durable: false` (never throws) when only memory could hold it. */
  record(entry: JournalEntry): Promise<{ durable: boolean }>;
  entries(providerId: string): Promise<JournalEntry[]>;
  remove(providerId: string, attemptId: string): Promise<void>;
}

/** The default folder: in this user's home (private, and survives a restart), never a fixed name in the shared temp folder. */
export function defaultJournalDir(): string {
  const home = os.homedir();
  if (home && home !== path.parse(home).root) return path.join(home, '.w365', 'ion-token-journal');
  // No usable home (some containers): the temp folder, under a name of this user's, checked like any other.
  return path.join(os.tmpdir(), `w365-ion-token-journal-${process.getuid?.() ?? 'user'}`);
}

function unsafe(where: string, why: string, what: 'folder' | 'entry' = 'folder'): W365Error {
  return new W365Error(
    TokenJournalErrorCodes.Unsafe,
    what === 'folder'
      ? `The Ion token journal folder ${where} ${why}; it is not used (entries are kept in memory only). Set W365_TOKEN_JOURNAL_DIR to a folder of this user's.`
      : `The Ion token journal entry ${where} ${why}; it was ignored.`,
  );
}

/** Whether `stat` belongs to this process's user (always true where there are no user ids: Windows). */
function ownedByUs(stat: fs.Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || stat.uid === uid;
}

/** Make sure `dir` exists and is this user's alone (see the file comment); throws ION_TOKEN_JOURNAL_UNSAFE. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (stat.isSymbolicLink()) throw unsafe(dir, 'is a symbolic link');
  if (!stat.isDirectory()) throw unsafe(dir, 'is not a folder');
  if (!ownedByUs(stat)) throw unsafe(dir, `belongs to another user (uid ${stat.uid})`);
  if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}

/** Ids become file names: only what a GUID or our attempt ids contain. */
function safe(id: string): string {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error('journal ids must be GUID-like');
  return id;
}

function isEntry(v: unknown): v is JournalEntry {
  const e = v as Record<string, unknown>;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof e.providerId === 'string' &&
    typeof e.attemptId === 'string' &&
    typeof e.lineage === 'string' &&
    Number.isInteger(e.generation) &&
    typeof e.state === 'string' &&
    typeof e.writtenAt === 'string'
  );
}

export class FileTokenJournal implements TokenJournal {
  private readonly memory = new Map<string, JournalEntry>();

  constructor(
    readonly dir: string = defaultJournalDir(),
    private readonly onProblem: (message: string, err: unknown) => void = () => undefined,
  ) {}

  private fileOf(providerId: string, attemptId: string): string {
    return path.join(this.dir, `${safe(providerId)}.${safe(attemptId)}.json`);
  }

  async record(entry: JournalEntry): Promise<{ durable: boolean }> {
    const key = `${entry.providerId}.${entry.attemptId}`;
    try {
      ensurePrivateDir(this.dir);
      const file = this.fileOf(entry.providerId, entry.attemptId);
      const tmp = `${file}.tmp`;
      // Write, fsync, then rename: a crash leaves either no entry or a whole one, never half of one.
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, JSON.stringify(entry));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      syncDir(this.dir);
      return { durable: true };
    } catch (err) {
      this.memory.set(key, entry);
      this.onProblem('the Ion token journal could not be written to disk; the entry is kept in memory only', err);
      return { durable: false };
    }
  }

  async entries(providerId: string): Promise<JournalEntry[]> {
    const out = [...this.memory.values()].filter((e) => e.providerId === providerId);
    let names: string[];
    try {
      if (!fs.existsSync(this.dir)) return out;
      ensurePrivateDir(this.dir);
      names = fs.readdirSync(this.dir);
    } catch (err) {
      this.onProblem('the Ion token journal folder is not safe to read; its entries were ignored', err);
      return out;
    }
    const prefix = `${safe(providerId)}.`;
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
      try {
        const file = path.join(this.dir, name);
        const stat = fs.lstatSync(file);
        if (!stat.isFile() || !ownedByUs(stat)) throw unsafe(file, 'is not a regular file of this user', 'entry');
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
        if (isEntry(parsed) && parsed.providerId === providerId) out.push(parsed);
      } catch (err) {
        this.onProblem('an Ion token journal entry could not be read and was ignored', err);
      }
    }
    return out;
  }

  async remove(providerId: string, attemptId: string): Promise<void> {
    this.memory.delete(`${providerId}.${attemptId}`);
    try {
      fs.rmSync(this.fileOf(providerId, attemptId), { force: true });
      syncDir(this.dir);
    } catch (err) {
      // A leftover entry is harmless: recovery drops entries that are not newer than the stored state.
      this.onProblem('an Ion token journal entry could not be deleted', err);
    }
  }
}

/** fsync the folder so that a rename or delete survives a power cut (not possible on every platform). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
