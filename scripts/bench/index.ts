/** Benchmark scenarios by name. Add one import and one entry per scenario file. */
import type { BenchScenario } from './types';
import { accountsScenario } from './accounts';
import { automapScenario } from './automap';
import { gridScenario } from './grid';
import { reconcileScenario } from './reconcile';
import { houseScenario } from './house';
import { reconcilePureScenario } from './reconcile-pure';
import { emulatorScenario } from './emulator';
import { subscriptionsScenario } from './subscriptions';
import { syncWorkerScenario } from './sync-worker';

export const SCENARIOS: BenchScenario[] = [
  accountsScenario,
  automapScenario,
  emulatorScenario,
  subscriptionsScenario,
  gridScenario,
  syncWorkerScenario,
  reconcilePureScenario,
  reconcileScenario,
  houseScenario,
];
