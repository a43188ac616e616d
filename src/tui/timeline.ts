/**
 * Occurrences over time, per finding and in total, in a fixed number of buckets: when the time
 * span outgrows them, every bucket doubles in width (neighbours merge), so memory stays flat
 * however long the input runs. Times are the log's own timestamps; untimed entries are counted
 * apart.
 */

/** Most buckets kept (and the widest sparkline drawn). */
export const TIMELINE_BUCKETS = 120;
const ALL = '\u0000all';

export class Timeline {
  private bucketMs = 1000;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private readonly series = new Map<string, Map<number, number>>();
  /** Occurrences whose entry had no timestamp. */
  untimed = 0;

  constructor(private readonly maxBuckets = TIMELINE_BUCKETS) {}

  /** Counts one occurrence of `key` at the ISO time `iso` (null: untimed). */
  add(key: string, iso: string | null): void {
    const t = iso === null ? Number.NaN : Date.parse(iso);
    if (!Number.isFinite(t)) {
      this.untimed++;
      return;
    }
    let index = Math.floor(t / this.bucketMs);
    while (Math.max(this.hi, index) - Math.min(this.lo, index) + 1 > this.maxBuckets) {
      this.coarsen();
      index = Math.floor(t / this.bucketMs);
    }
    this.lo = Math.min(this.lo, index);
    this.hi = Math.max(this.hi, index);
    this.bump(key, index);
    this.bump(ALL, index);
  }

  /** Whether `key` has any timed occurrence. */
  has(key: string): boolean {
    return this.series.has(key);
  }

  /**
   * Counts per bucket from the first to the last bucket that holds anything (the same axis for
   * every key), summed over `keys`, or over everything when `keys` is omitted.
   */
  counts(keys?: readonly string[]): number[] {
    if (this.hi < this.lo) return [];
    const out = new Array<number>(this.hi - this.lo + 1).fill(0);
    for (const key of keys ?? [ALL]) {
      for (const [i, n] of this.series.get(key) ?? []) out[i - this.lo]! += n;
    }
    return out;
  }

  /** The time span covered, in ms since the epoch, or null before the first timed occurrence. */
  range(): { from: number; to: number } | null {
    if (this.hi < this.lo) return null;
    return { from: this.lo * this.bucketMs, to: (this.hi + 1) * this.bucketMs };
  }

  private bump(key: string, index: number): void {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new Map()));
    s.set(index, (s.get(index) ?? 0) + 1);
  }

  private coarsen(): void {
    this.bucketMs *= 2;
    for (const [key, s] of this.series) {
      const merged = new Map<number, number>();
      for (const [i, n] of s) merged.set(Math.floor(i / 2), (merged.get(Math.floor(i / 2)) ?? 0) + n);
      this.series.set(key, merged);
    }
    if (this.hi >= this.lo) {
      this.lo = Math.floor(this.lo / 2);
      this.hi = Math.floor(this.hi / 2);
    }
  }
}
