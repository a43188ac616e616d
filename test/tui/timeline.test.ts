import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/tui/timeline.js';
import { sparkline, timelineWidth } from '../../src/tui/sparkline.js';

const at = (s: number) => new Date(Date.UTC(2026, 5, 12, 10, 0, 0) + s * 1000).toISOString();

describe('Timeline', () => {
  it('counts occurrences per second on one axis shared by every finding', () => {
    const t = new Timeline();
    t.add('a', at(0));
    t.add('a', at(0));
    t.add('b', at(3));
    expect(t.counts()).toEqual([2, 0, 0, 1]);
    expect(t.counts(['a'])).toEqual([2, 0, 0, 0]);
    expect(t.counts(['b'])).toEqual([0, 0, 0, 1]);
    expect(t.counts(['a', 'b'])).toEqual([2, 0, 0, 1]);
    expect(t.range()).toEqual({ from: Date.parse(at(0)), to: Date.parse(at(4)) });
  });

  it('merges buckets when the span outgrows them, keeping every occurrence and the bucket bound', () => {
    const t = new Timeline(10);
    for (let s = 0; s < 1000; s += 7) t.add('a', at(s));
    const counts = t.counts();
    expect(counts.length).toBeLessThanOrEqual(10);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(Math.ceil(1000 / 7));
    expect(t.counts(['a'])).toEqual(counts);
  });

  it('counts entries without a timestamp apart, and reports no range before the first timed one', () => {
    const t = new Timeline();
    t.add('a', null);
    t.add('a', 'not a time');
    expect(t.untimed).toBe(2);
    expect(t.range()).toBeNull();
    expect(t.counts()).toEqual([]);
    expect(t.has('a')).toBe(false);
  });

  it('accepts occurrences out of order (several sources interleaved)', () => {
    const t = new Timeline();
    t.add('a', at(5));
    t.add('a', at(1));
    expect(t.counts()).toEqual([1, 0, 0, 0, 1]);
  });
});

describe('sparkline', () => {
  it('draws heights relative to the largest count, blank for zero', () => {
    expect(sparkline([0, 1, 2, 4, 8], 10)).toBe(' ▁▂▄█');
  });

  it('sums neighbouring counts when there are more counts than columns', () => {
    expect(sparkline([1, 1, 0, 0, 4, 4], 3)).toBe('▂ █');
  });

  it('is empty without counts or room', () => {
    expect(sparkline([], 10)).toBe('');
    expect(sparkline([1, 2], 0)).toBe('');
  });

  it('gets the same number of columns in the header and the details pane', () => {
    expect(timelineWidth(100)).toBe(66);
    expect(timelineWidth(20)).toBe(8);
  });
});
