/** Benchmark scenarios by name. Add one import and one entry per scenario file. */
import type { BenchScenario } from './types';

export const SCENARIOS: BenchScenario[] = [];
