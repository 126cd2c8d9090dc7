/**
 * Solution import: reads a zip, refuses what Dataverse refuses, merges it into the catalog, creates the
 * new tables and columns (never dropping any: rows survive every upgrade), and writes the rows an
 * import leaves behind (the `solution` row, environment variable definitions, message filters for new
 * tables). A file database keeps every import's parts and replays them onto the base solutions at
 * start, so the metadata survives restarts exactly as it was imported.
 */
import type { Catalog } from '../metadata/types';
import { q } from '../store/ddl';
import type { Store } from '../store/store';
import { mergeSolution } from './merge';
import { parseSolutionParts, readSolutionFile, type SolutionFile } from './solution-file';
import { validateImport } from './validate';

const IMPORTS_TABLE = '__emulator_solution_imports';

export interface ImportOutcome {
  uniqueName: string;
  version: string;
  managed: boolean;
  /** True when this exact file was the solution's last import already (nothing changed). */
  unchanged: boolean;
}

/** Called after every successful import (seeding rows the new catalog implies, cache invalidation). */
export type AfterImport = (catalog: Catalog, file: SolutionFile) => void;

export class SolutionImporter {
  constructor(
    private readonly store: Store,
    private readonly afterImport: AfterImport,
  ) {
    store.db.exec(
      `CREATE TABLE IF NOT EXISTS ${q(IMPORTS_TABLE)} (seq INTEGER PRIMARY KEY AUTOINCREMENT, uniquename TEXT NOT NULL, version TEXT NOT NULL, hash TEXT NOT NULL, parts TEXT NOT NULL, importedon TEXT NOT NULL)`,
    );
  }

  /** Replays the imports a file database holds onto the store's (base) catalog. */
  restore(): void {
    const rows = this.store.db.prepare(`SELECT parts FROM ${q(IMPORTS_TABLE)} ORDER BY seq`).all() as {
      parts: string;
    }[];
    let catalog = this.store.model.catalog;
    for (const r of rows)
      catalog = mergeSolution(catalog, parseSolutionParts(JSON.parse(r.parts) as Record<string, string>));
    if (rows.length > 0) this.store.setCatalog(catalog);
  }

  /** The hash of a solution's last import, if any. */
  private lastHash(uniqueName: string): string | undefined {
    const r = this.store.db
      .prepare(`SELECT hash FROM ${q(IMPORTS_TABLE)} WHERE uniquename = ? COLLATE NOCASE ORDER BY seq DESC LIMIT 1`)
      .get(uniqueName) as { hash: string } | undefined;
    return r?.hash;
  }

  /** Reads and checks a zip without changing anything (the async import reads it before it queues). */
  async read(zip: Buffer): Promise<SolutionFile> {
    return readSolutionFile(zip);
  }

  /**
   * Imports a read file. Synchronous and meant to run inside the caller's transaction: a refusal or a
   * failure leaves the catalog, the tables and the rows as they were.
   */
  apply(file: SolutionFile): ImportOutcome {
    const outcome = {
      uniqueName: file.manifest.uniqueName,
      version: file.manifest.version,
      managed: file.manifest.managed,
    };
    const before = this.store.model.catalog;
    if (this.lastHash(file.manifest.uniqueName) === file.hash) return { ...outcome, unchanged: true };
    validateImport(file, before);
    const catalog = mergeSolution(before, file);
    this.store.db
      .prepare(`INSERT INTO ${q(IMPORTS_TABLE)} (uniquename, version, hash, parts, importedon) VALUES (?, ?, ?, ?, ?)`)
      .run(
        file.manifest.uniqueName,
        file.manifest.version,
        file.hash,
        JSON.stringify(file.parts),
        new Date().toISOString(),
      );
    try {
      this.store.setCatalog(catalog);
      this.afterImport(catalog, file);
    } catch (e) {
      // The caller rolls the transaction back (tables and rows); the catalog must follow it.
      this.store.restoreCatalog(before);
      throw e;
    }
    return { ...outcome, unchanged: false };
  }
}
