/**
 * The Web API's solution import: `ImportSolution` imports within the request, `ImportSolutionAsync`
 * answers at once with the ids of a system job (`asyncoperations`) and an import job (`importjobs`)
 * that a client polls while the import runs behind the request gate [C] (ImportSolutionAsyncResponse:
 * AsyncOperationId, ImportJobKey; asyncoperation states Ready -> Locked (In Progress) -> Completed
 * (Succeeded | Failed) with the failure in `message`/`friendlymessage`).
 */
import { isDataverseError } from '../errors';
import { Platform, PlatformChoices } from '../platform';
import { newGuid } from '../store/ids';
import { nowIso, type Store } from '../store/store';
import type { Row } from '../store/codec';
import type { ImportOutcome, SolutionImporter } from './importer';

export interface AsyncImport {
  asyncOperationId: string;
  importJobId: string;
}

export interface ImportRunner {
  run<T>(work: () => Promise<T>): Promise<T>;
}

const AO = Platform.asyncOperation;
const IJ = Platform.importJob;

/** asyncoperation state/status pairs [C]. */
const STATUS = {
  waiting: { state: 0, status: 0 },
  inProgress: { state: 2, status: 20 },
  succeeded: { state: 3, status: 30 },
  failed: { state: 3, status: 31 },
} as const;

export class SolutionImports {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly importer: SolutionImporter,
    private readonly gate: ImportRunner,
  ) {}

  /** ImportSolution: within the caller's transaction. */
  async importNow(zip: Buffer): Promise<ImportOutcome> {
    return this.importer.apply(await this.importer.read(zip));
  }

  private write(table: typeof AO | typeof IJ, id: string, values: Row): void {
    const t = this.store.model.table(table.logicalName);
    const now = nowIso();
    const stamps: Row = { modifiedon: now, versionnumber: this.store.nextVersion() };
    if (this.store.getById(t, id)) this.store.update(t, id, { ...values, ...stamps });
    else this.store.insert(t, { [t.pk]: id, createdon: now, ...values, ...stamps });
  }

  private setStatus(id: string, s: { state: number; status: number }, extra: Row = {}): void {
    this.write(AO, id, { [AO.col.stateCode]: s.state, [AO.col.statusCode]: s.status, ...extra });
  }

  /** ImportSolutionAsync: records the jobs (in the caller's transaction) and starts the import after it. */
  startLater(zip: Buffer, importJobId: string | undefined): AsyncImport {
    const ids = { asyncOperationId: newGuid(), importJobId: (importJobId ?? newGuid()).toLowerCase() };
    this.setStatus(ids.asyncOperationId, STATUS.waiting, {
      [AO.col.name]: 'Import Solution',
      [AO.col.operationType]: PlatformChoices.asyncOperationType.ImportSolution,
    });
    this.write(IJ, ids.importJobId, { [IJ.col.name]: 'Customizations', [IJ.col.progress]: 0 });
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.gate.run(() => this.runJob(zip, ids)))
      .finally(() => this.running.delete(job));
    this.running.add(job);
    return ids;
  }

  private async runJob(zip: Buffer, ids: AsyncImport): Promise<void> {
    await this.store.inTransaction(() => {
      this.setStatus(ids.asyncOperationId, STATUS.inProgress, { [AO.col.startedOn]: nowIso() });
      this.write(IJ, ids.importJobId, { [IJ.col.startedOn]: nowIso(), [IJ.col.progress]: 10 });
    });
    let outcome: ImportOutcome | undefined;
    let failure: { code: string; message: string } | undefined;
    try {
      const file = await this.importer.read(zip);
      this.write(IJ, ids.importJobId, { [IJ.col.solutionName]: file.manifest.uniqueName, [IJ.col.progress]: 40 });
      outcome = await this.store.inTransaction(() => this.importer.apply(file));
    } catch (e) {
      failure = isDataverseError(e) ? { code: e.code, message: e.message } : { code: '0x80040216', message: String(e) };
    }
    const done = nowIso();
    // [I] the import log's shape: a one-line result element, as `data` holds an XML log in Dataverse.
    const log = failure
      ? `<importexportxml><solutionManifests><solutionManifest result="failure" errorcode="${failure.code}" /></solutionManifests></importexportxml>`
      : `<importexportxml><solutionManifests><solutionManifest result="success" version="${outcome?.version ?? ''}" /></solutionManifests></importexportxml>`;
    await this.store.inTransaction(() => {
      this.write(IJ, ids.importJobId, { [IJ.col.progress]: 100, [IJ.col.completedOn]: done, [IJ.col.data]: log });
      this.setStatus(ids.asyncOperationId, failure ? STATUS.failed : STATUS.succeeded, {
        [AO.col.completedOn]: done,
        [AO.col.message]: failure ? `${failure.code}: ${failure.message}` : null,
        [AO.col.friendlyMessage]: failure ? failure.message : null,
      });
    });
  }

  /** Resolves when every import started so far has finished (tests, close). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
