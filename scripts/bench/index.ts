/** Benchmark scenarios by name. Add one import and one entry per scenario file. */
import type { BenchScenario } from './types';
import { automapScenario } from './automap';
import { emulatorScenario } from './emulator';

export const SCENARIOS: BenchScenario[] = [automapScenario, emulatorScenario];
