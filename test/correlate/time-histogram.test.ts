/**
 * Time histograms (src/correlate/time-histogram.ts): bounded, and the same whatever the order the
 * times came in and however they were split into parts merged later (files, byte ranges, threads).
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addTime, emptyHistogram, histogramTotal, MAX_BUCKETS, mergeHistogram, atWidth } from '../../src/correlate/time-histogram.js';
import type { TimeHistogram } from '../../src/model/finding.js';

const T0 = Date.parse('2026-06-12T10:00:00Z');

function of(times: readonly number[]): TimeHistogram {
  const h = emptyHistogram();
  for (const t of times) addTime(h, t);
  return h;
}

const span = (h: TimeHistogram) => (h.buckets.length === 0 ? 0 : h.buckets[h.buckets.length - 2]! - h.buckets[0]! + 1);

describe('time histogram', () => {
  it('counts per second while the times fit, then doubles the bucket width', () => {
    const h = of([T0, T0 + 200, T0 + 1500, T0 + 5000]);
    expect(h).toEqual({ bucketMs: 1000, buckets: [T0 / 1000, 2, T0 / 1000 + 1, 1, T0 / 1000 + 5, 1] });
    addTime(h, T0 + 200_000);
    expect(h.bucketMs).toBe(4000);
    expect(span(h)).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(histogramTotal(h)).toBe(5);
  });

  it('is the same for any order and any split into merged parts, and stays bounded', () => {
    const times = fc.array(fc.integer({ min: T0 - 3_600_000, max: T0 + 30 * 86_400_000 }), { maxLength: 200 });
    fc.assert(
      fc.property(times, fc.array(fc.nat(), { maxLength: 5 }), (ts, cuts) => {
        const whole = of(ts);
        expect(span(whole)).toBeLessThanOrEqual(MAX_BUCKETS);
        expect(histogramTotal(whole)).toBe(ts.length);
        expect(of([...ts].reverse())).toEqual(whole);
        // Split at the cuts, merge the parts in reverse order.
        const at = [...new Set(cuts.map((c) => (ts.length === 0 ? 0 : c % ts.length)))].sort((a, b) => a - b);
        const parts: number[][] = [];
        let from = 0;
        for (const c of [...at, ts.length]) {
          parts.push(ts.slice(from, c));
          from = c;
        }
        const merged = emptyHistogram();
        for (const p of parts.reverse()) mergeHistogram(merged, of(p));
        expect(merged).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('coarsens a copy to a wider axis, never the original', () => {
    const h = of([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(atWidth(h, 4000)).toEqual({ bucketMs: 4000, buckets: [T0 / 4000, 4] });
    expect(h.bucketMs).toBe(1000);
  });
});
