/**
 * Subscribe a component to a store (grid-store.ts): re-render after every change. React 16.14, the
 * platform's React, has no useSyncExternalStore; a reducer tick does the same for a store that makes a
 * new state object per change.
 */
import * as React from 'react';

export interface Subscribable {
  subscribe(listener: () => void): () => void;
}

export function useStore(store: Subscribable): void {
  const [, tick] = React.useReducer((n: number) => n + 1, 0);
  React.useLayoutEffect(() => store.subscribe(() => tick()), [store]);
}
