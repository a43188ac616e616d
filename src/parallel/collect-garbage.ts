/**
 * A full garbage collection on request. Node gives `gc()` only to a process started with
 * `--expose-gc`; the flag set at run time gives it to contexts made afterwards, so one new context
 * hands it over (the way test runners measure leaks). Where the runtime refuses, nothing happens.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects garbage now (a full, synchronous collection), when the runtime allows it. */
export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const fn: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
}
