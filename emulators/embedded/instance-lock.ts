/**
 * One embedded default per data folder. Two instances on one `.data` would open the same SQLite file,
 * each with its own emulator address, and the second would overwrite the state file the command-line
 * tools read, so that every tool aimed at the first fails with a misleading authentication error.
 *
 * The lock is a file created with O_EXCL (`wx`), holding the owner's pid. A lock whose pid no longer
 * runs (a crash, `kill -9`) is stale and taken over. Hand-written because the well-known packages
 * (proper-lockfile) lock by mtime heartbeat, which a paused process would lose to a second instance;
 * the pid is the fact we need. Never imported by product code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { W365Error } from '../../common/errors';

export const EmbeddedErrorCodes = {
  DataDirInUse: 'EMULATOR_DATA_DIR_IN_USE',
} as const;

export const LOCK_FILE_NAME = 'embedded.lock';

interface LockContent {
  pid: number;
  startedAt: string;
}

export interface InstanceLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startedAt: String(parsed.startedAt ?? '') } : undefined;
  } catch {
    return undefined;
  }
}

function inUse(dataDir: string, holder: LockContent): W365Error {
  return new W365Error(
    EmbeddedErrorCodes.DataDirInUse,
    `The data folder ${path.resolve(dataDir)} is in use by another embedded default (pid ${holder.pid}, started ${holder.startedAt || 'earlier'}). Use that one, stop it first, or set W365_DATA_DIR to another folder.`,
    { fatal: true },
  );
}

/** Throws EMULATOR_DATA_DIR_IN_USE when a live instance holds the folder's lock (checks only; takes nothing). */
export function assertInstanceLockFree(dataDir: string, pid: number = process.pid): void {
  const holder = readLock(path.join(dataDir, LOCK_FILE_NAME));
  if (holder && holder.pid !== pid && processRuns(holder.pid)) throw inUse(dataDir, holder);
}

/**
 * Takes the data folder's lock, or throws EMULATOR_DATA_DIR_IN_USE naming the instance that holds it.
 * The lock is also removed when this process exits normally (Ctrl+C through `w365 serve`'s handler).
 */
export function acquireInstanceLock(dataDir: string, pid: number = process.pid): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const content: LockContent = { pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readLock(file)?.pid === pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== pid && processRuns(holder.pid)) throw inUse(dataDir, holder);
      // Stale (its process is gone) or unreadable (a crash mid-write): take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new W365Error(
    EmbeddedErrorCodes.DataDirInUse,
    `Could not take the lock ${file}; another instance races for it.`,
    {
      fatal: true,
    },
  );
}
