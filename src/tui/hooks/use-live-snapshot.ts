/** The store's latest published snapshot; re-renders when a new one is published. */

import { useSyncExternalStore } from 'react';
import type { LiveSnapshot, LiveStore } from '../live-store.js';

export function useLiveSnapshot(store: LiveStore): LiveSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
