/**
 * Before any test file: build the solution zip the tests import into the emulator, once, so that
 * parallel workers do not build it at the same time (the build is kept under the hash of its inputs).
 */
import { builtSolutionZip } from '../emulators/embedded/solution';

export default async function globalSetup(): Promise<void> {
  await builtSolutionZip();
}
