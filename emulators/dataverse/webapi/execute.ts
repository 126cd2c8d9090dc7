/**
 * Runs operations with their transaction: a write commits entirely or not at all (a bad body, a key
 * violation or a failing synchronous webhook leaves nothing written), and asynchronous webhook steps
 * fire only after the commit. All work on the one SQLite connection is serialised by a gate: a
 * synchronous webhook awaits its endpoint inside an open transaction, and no other request may
 * interleave its statements with that transaction.
 */
import type { EmuRequest, EmuResponse } from '../http-types';
import type { ApiContext } from './context';
import { executeOperation, WRITE_METHODS } from './handler';
import { errorResponse, toDataverseError } from './responses';

/** A FIFO mutex for async work. */
export class Gate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Fires queued asynchronous events once nothing is left uncommitted. Inside an enclosing transaction
 * (a $batch runs its parts in one, each part in a savepoint) they wait for the outer commit.
 */
export function fireAsyncEvents(ctx: ApiContext): void {
  if (ctx.store.depth > 0) return;
  const events = ctx.pendingAsync.splice(0);
  for (const e of events) ctx.events.fireAsync(e, ctx.client);
}

/** Undoes the innermost transaction level and forgets the events it queued (from index `mark` on). */
export function rollbackTo(ctx: ApiContext, mark: number): void {
  ctx.store.rollback();
  ctx.pendingAsync.length = mark;
  // A rolled-back write may have touched webhook registrations the cache already reloaded.
  ctx.events.invalidate();
}

/** Executes one operation in its own transaction (for writes) and answers errors with Dataverse's shape. */
export async function runOperation(relPath: string, req: EmuRequest, ctx: ApiContext): Promise<EmuResponse> {
  if (!WRITE_METHODS.has(req.method)) {
    try {
      return await executeOperation(relPath, req, ctx);
    } catch (e) {
      return errorResponse(toDataverseError(e));
    }
  }
  const mark = ctx.pendingAsync.length;
  ctx.store.begin();
  try {
    const response = await executeOperation(relPath, req, ctx);
    ctx.store.commit();
    fireAsyncEvents(ctx);
    return response;
  } catch (e) {
    rollbackTo(ctx, mark);
    return errorResponse(toDataverseError(e));
  }
}
