/** Benchmark scenarios by name. Add one import and one entry per scenario file. */
import type { BenchScenario } from './types';
import { automapScenario } from './automap';

export const SCENARIOS: BenchScenario[] = [automapScenario];
