/**
 * Occurrences over the log's own time in a bounded number of buckets, mergeable in any order.
 *
 * A bucket is `BASE_MS × 2^k` wide and holds the times t with floor(t / width) = index. The width
 * is the narrowest one (smallest k) at which every occurrence fits in MAX_BUCKETS buckets from the
 * first to the last: that depends on the set of times alone, so adding times one by one, merging
 * per-file or per-range histograms, and merging them in another order all give the same histogram
 * (the narrowest width for a union is at least each part's, and coarsening only ever doubles).
 */

import type { TimeHistogram } from '../model/finding.js';

/** Narrowest bucket: one second. */
export const BASE_MS = 1000;
/** Most buckets from the first occurrence to the last. */
export const MAX_BUCKETS = 96;

export function emptyHistogram(): TimeHistogram {
  return { bucketMs: BASE_MS, buckets: [] };
}

/** Milliseconds since the epoch of an ISO time, or null when there is none (or it does not parse). */
export function timeMs(iso: string | null): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
}

function span(h: TimeHistogram): number {
  const b = h.buckets;
  return b.length === 0 ? 0 : b[b.length - 2]! - b[0]! + 1;
}

/** Doubles the bucket width once: neighbouring buckets merge. */
function coarsen(h: TimeHistogram): void {
  const b = h.buckets;
  const out: number[] = [];
  for (let i = 0; i < b.length; i += 2) {
    const index = Math.floor(b[i]! / 2);
    if (out.length > 0 && out[out.length - 2] === index) out[out.length - 1]! += b[i + 1]!;
    else out.push(index, b[i + 1]!);
  }
  h.buckets = out;
  h.bucketMs *= 2;
}

/** Adds `count` occurrences in bucket `index` (at the histogram's width), keeping index order. */
function bump(h: TimeHistogram, index: number, count: number): void {
  const b = h.buckets;
  // The first bucket: a list of its size (a splice into an empty list reserves room for 17 numbers,
  // and most findings of a large log keep one bucket).
  if (b.length === 0) {
    h.buckets = [index, count];
    return;
  }
  // Logs mostly go forward in time: look from the end.
  let i = b.length - 2;
  while (i >= 0 && b[i]! > index) i -= 2;
  if (i >= 0 && b[i] === index) b[i + 1]! += count;
  else b.splice(i + 2, 0, index, count);
}

function fit(h: TimeHistogram): void {
  while (span(h) > MAX_BUCKETS) coarsen(h);
}

/** Counts one occurrence at `ms` (milliseconds since the epoch). */
export function addTime(h: TimeHistogram, ms: number): void {
  bump(h, Math.floor(ms / h.bucketMs), 1);
  fit(h);
}

/** Folds `other` into `h` (as if its occurrences had been added to `h`). */
export function mergeHistogram(h: TimeHistogram, other: TimeHistogram): void {
  if (other.buckets.length === 0) return;
  while (h.bucketMs < other.bucketMs) coarsen(h);
  const factor = h.bucketMs / other.bucketMs;
  const b = other.buckets;
  for (let i = 0; i < b.length; i += 2) bump(h, Math.floor(b[i]! / factor), b[i + 1]!);
  fit(h);
}

/** A copy of `h` with buckets `bucketMs` wide (at least its own width; a power-of-two multiple of it). */
export function atWidth(h: TimeHistogram, bucketMs: number): TimeHistogram {
  const out: TimeHistogram = { bucketMs: h.bucketMs, buckets: [...h.buckets] };
  while (out.bucketMs < bucketMs) coarsen(out);
  return out;
}

/** The union of several histograms. */
export function unionHistogram(list: readonly TimeHistogram[]): TimeHistogram {
  const h = emptyHistogram();
  for (const x of list) mergeHistogram(h, x);
  return h;
}

export function histogramTotal(h: TimeHistogram): number {
  let n = 0;
  for (let i = 1; i < h.buckets.length; i += 2) n += h.buckets[i]!;
  return n;
}
