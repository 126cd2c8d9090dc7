/**
 * Where the shared reference material is: `<repo root>/../shared` (the repository is cloned with
 * `shared` beside it), or the folder named by W365_SHARED_DIR.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { W365Error } from '../../../common/errors';
import { SolutionErrorCodes } from '../codes';
import { findRepoRoot } from '../repo-root';

/** The libxml2-compatible copy of Microsoft's solution XSDs (see reference/README.md). */
export const SCHEMA_SUBDIR = path.join('reference', 'dataverse-schemas-9.0.0.2090-libxml2');
export const MAIN_XSD = 'CustomizationsSolution.xsd';

export interface SharedPaths {
  readonly sharedDir: string;
  readonly schemaDir: string;
  readonly referenceDir: string;
}

export function resolveSharedPaths(
  options: { sharedDir?: string; repoRoot?: string; env?: NodeJS.ProcessEnv } = {},
): SharedPaths {
  const env = options.env ?? process.env;
  const fromEnv = env.W365_SHARED_DIR;
  const sharedDir = path.resolve(
    options.sharedDir ?? fromEnv ?? path.join(options.repoRoot ?? findRepoRoot(), '..', 'shared'),
  );
  const schemaDir = path.join(sharedDir, SCHEMA_SUBDIR);
  if (!existsSync(path.join(schemaDir, MAIN_XSD))) {
    const how = options.sharedDir ? 'the sharedDir option' : fromEnv ? 'W365_SHARED_DIR' : 'the repository root';
    throw new W365Error(
      SolutionErrorCodes.SharedDirMissing,
      `Cannot find ${path.join(schemaDir, MAIN_XSD)} (shared folder taken from ${how}). ` +
        'Clone the shared reference folder beside the repository (<repo>/../shared) or set W365_SHARED_DIR to its path.',
    );
  }
  return { sharedDir, schemaDir, referenceDir: path.join(sharedDir, 'reference') };
}
