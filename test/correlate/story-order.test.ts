/**
 * The story order of a capped report: the first findings of orderFindings with a limit are the
 * first of the whole order (roots picked by a selection, not a sort of every root), and the rest
 * are all there.
 */

import { describe, expect, it } from 'vitest';
import { orderFindings, smallest } from '../../src/correlate/correlate.js';
import { SEVERITIES, type Finding } from '../../src/model/finding.js';
import { finding } from '../report/helpers.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('smallest', () => {
  it('gives the k smallest in order, as a sort would', () => {
    const next = random(7);
    for (const n of [0, 1, 2, 5, 50, 1000]) {
      // Many equal values: ties are broken by the index, so the order is total.
      const items = Array.from({ length: n }, (_, i) => ({ v: Math.floor(next() * 10), i }));
      const compare = (a: { v: number; i: number }, b: { v: number; i: number }) => a.v - b.v || a.i - b.i;
      for (const k of [1, 3, 17, n - 1, n, n + 5]) {
        if (k < 1) continue;
        expect(smallest(items, k, compare)).toEqual([...items].sort(compare).slice(0, k));
      }
    }
  });
});

describe('orderFindings with a limit', () => {
  it('starts as the whole order does, and holds every finding once', () => {
    const next = random(11);
    for (let round = 0; round < 20; round++) {
      const n = 20 + Math.floor(next() * 200);
      const all: Finding[] = Array.from({ length: n }, (_, i) =>
        finding({ key: `f${i}`, severity: SEVERITIES[Math.floor(next() * 4)]!, count: 1 + Math.floor(next() * 5), causes: [], causedBy: [] }),
      );
      // Links from lower to higher numbers only: never a cycle.
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (next() < 2 / n) {
            all[i]!.causes.push(all[j]!.key);
            all[j]!.causedBy.push(all[i]!.key);
          }
        }
      }
      const whole = orderFindings(all).map((f) => f.key);
      for (const limit of [1, 5, Math.floor(n / 3), n, n + 1]) {
        const capped = orderFindings(all, limit).map((f) => f.key);
        expect(capped.slice(0, limit)).toEqual(whole.slice(0, limit));
        expect([...capped].sort()).toEqual([...whole].sort());
      }
    }
  });
});
