/**
 * The solution packer's API. `buildSolution` writes the managed and unmanaged zips; `checkSolution`
 * validates them. The extension points (web resources, PCF controls, ribbons) are described in
 * webresources.ts, controls.ts and ribbon.ts.
 */
export { buildSolution, zipFileName, type BuildOptions, type BuildResult } from './build';
export {
  checkSolution,
  checkZip,
  checkFidelityOnly,
  loadCheckContext,
  formatProblem,
  type CheckOptions,
  type CheckContext,
  type SolutionProblem,
} from './check';
export { SolutionErrorCodes, type SolutionErrorCode } from './codes';
export {
  DEFAULT_WEBRESOURCE_MANIFEST,
  WEB_RESOURCE_TYPES,
  loadWebResourceManifest,
  type WebResourceInput,
  type PackedFile,
} from './webresources';
export { DEFAULT_PCF_CONTROLS_DIR, discoverPcfOutputs, type PackedControl } from './controls';
export { DEFAULT_RIBBON_DIR } from './ribbon';
export { componentIds, uuidV5 } from './ids';
export { defaultModel, type SolutionModel } from './model';
export { readZip, writeZip } from './zip';
