/** What one Web API operation runs with: the store, the calling client, its preferences, the events sink. */
import type { EmulatorClient } from '../clients';
import type { SolutionImports } from '../import/service';
import type { Row } from '../store/codec';
import type { TableMeta } from '../store/model';
import type { Store } from '../store/store';
import type { Prefer } from './prefer';

export interface Environment {
  /** https://localhost:PORT */
  url: string;
  /** https://localhost:PORT/api/data/v9.2 */
  webApiUrl: string;
  organizationId: string;
  organizationName: string;
  businessUnitId: string;
}

export type WriteMessage = 'Create' | 'Update' | 'Delete';

/** One row write, as the event pipeline (webhooks) sees it. */
export interface WriteEvent {
  message: WriteMessage;
  table: TableMeta;
  id: string;
  /** Column values the client sent (SQL form), for the Target of Create/Update. */
  target: Row;
  /** The stored row before the write (Update/Delete). */
  preImage?: Row;
  /** The stored row after the write (Create/Update). */
  postImage?: Row;
  correlationId: string;
}

/** Webhook dispatch seam: sync stages run inside the transaction, async events after commit. */
export interface EventSink {
  /** Runs synchronous steps of `stage` (pre-operation: 10 and 20, post-operation: 40); rejects to abort. */
  runSync(event: WriteEvent, stage: 'pre' | 'post', client: EmulatorClient): Promise<void>;
  /** True when any enabled step exists for this message and table (so the hot path can skip work). */
  hasSteps(message: WriteMessage, table: string): boolean;
  /** Fires asynchronous steps; called only after the transaction committed. */
  fireAsync(event: WriteEvent, client: EmulatorClient): void;
  /** A step/endpoint/message table changed: forget cached registrations. */
  invalidate(): void;
}

export interface ApiContext {
  store: Store;
  env: Environment;
  client: EmulatorClient;
  prefer: Prefer;
  events: EventSink;
  /** Asynchronous events of the current transaction, fired after it commits. */
  pendingAsync: WriteEvent[];
  correlationId: string;
  /** Inside a change set: Content-ID -> `entityset(id)` of the row that request created/updated. */
  contentIds?: Map<string, string>;
  /** Counts row writes (stats). */
  onWrite: () => void;
  /** ImportSolution / ImportSolutionAsync. */
  imports: SolutionImports;
}
