/**
 * The solution zip `w365 solution build` makes from the current sources, for every test that needs our
 * tables in the Dataverse emulator: the emulator imports it, as an admin imports the solution. Built
 * once per test run (jest's global setup builds it; the build is kept under the hash of its inputs) and
 * read once per test file.
 */
import { builtSolutionZip } from '../../emulators/embedded/solution';

let zip: Promise<Buffer> | undefined;

export function shippedSolutionZip(): Promise<Buffer> {
  zip ??= builtSolutionZip();
  return zip;
}
