/**
 * Benchmark scenarios by name, each loaded only when it is the one asked for. Lazily because
 * `sync-worker` is itself a scenario: it is the measured service process, and loading every other
 * scenario with it (the grid's Chromium driver and PCF build, the house's TypeScript compiler, about
 * 40 MB of heap) would be counted as the service's memory. Add one line per scenario file.
 */
import type { BenchScenario } from './types';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
const LOADERS: Readonly<Record<string, () => BenchScenario>> = {
  accounts: () => (require('./accounts') as typeof import('./accounts')).accountsScenario,
  automap: () => (require('./automap') as typeof import('./automap')).automapScenario,
  emulator: () => (require('./emulator') as typeof import('./emulator')).emulatorScenario,
  subscriptions: () => (require('./subscriptions') as typeof import('./subscriptions')).subscriptionsScenario,
  scale: () => (require('./scale') as typeof import('./scale')).scaleScenario,
  grid: () => (require('./grid') as typeof import('./grid')).gridScenario,
  'sync-worker': () => (require('./sync-worker') as typeof import('./sync-worker')).syncWorkerScenario,
  'reconcile-pure': () => (require('./reconcile-pure') as typeof import('./reconcile-pure')).reconcilePureScenario,
  reconcile: () => (require('./reconcile') as typeof import('./reconcile')).reconcileScenario,
  house: () => (require('./house') as typeof import('./house')).houseScenario,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const SCENARIO_NAMES: readonly string[] = Object.keys(LOADERS);

/** The scenario of that name, loaded now; undefined when there is none. */
export function loadScenario(name: string): BenchScenario | undefined {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]() : undefined;
}
