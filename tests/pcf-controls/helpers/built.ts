/**
 * Makes sure the PCF controls and the host are built before a browser test loads them (a no-op when
 * `npm test` has just built them: the build skips controls whose inputs did not change).
 */
import path from 'node:path';
import { buildPcfControls, type PcfBuildResult } from '../../../pcf-controls/build';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

let built: Promise<PcfBuildResult> | undefined;

export function ensurePcfBuilt(): Promise<PcfBuildResult> {
  built ??= buildPcfControls({ repoRoot: REPO_ROOT });
  return built;
}
