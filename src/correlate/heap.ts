/**
 * The V8 heap when a run holds many findings. V8 lets the heap grow to as much as four times what
 * was live at its last full collection before it collects again (on a machine with memory to
 * spare), so the peak of a run that holds hundreds of thousands of findings depends on when that
 * collection last happened: 320 to 350 MB for 200,000 distinct kinds, of which some 120 MB live.
 * Past MANY_FINDINGS, a run lets the heap grow to twice what is live (about 30 MB less at that
 * peak, for a CPU cost within the noise of bench/correlation.mjs), and collects garbage once before
 * it correlates them. Where the runtime refuses a flag set at run time, both do nothing.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Findings from which a run holds the heap tighter (see tightenHeapGrowth) and collects garbage before correlating them. */
export const MANY_FINDINGS = 20_000;

let gc: (() => void) | null | undefined;

/**
 * A full, synchronous garbage collection. Node gives `gc()` only to a process started with
 * `--expose-gc`; the flag set at run time gives it to contexts made afterwards, so one new context
 * hands it over (the way test runners measure leaks).
 */
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

let tightened = false;

/** From now on, the heap grows to twice what was live at the last full collection, not up to four times (process-wide, once). */
export function tightenHeapGrowth(): void {
  if (tightened) return;
  tightened = true;
  try {
    setFlagsFromString('--heap-growing-percent=100');
  } catch {
    // The runtime keeps its flags: the heap grows as it would.
  }
}
