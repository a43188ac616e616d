import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../src/tui/live-store.js';
import { seedStore } from './helpers.js';
import type { LiveAnalysis } from '../../src/analysis.js';
import { emptyStats } from '../../src/model/finding.js';
import type { Report } from '../../src/model/finding.js';

function reportWithLines(lines: number): Report {
  return { version: 1, stats: { ...emptyStats(), lines }, findings: [], kinds: [] };
}

describe('LiveStore', () => {
  it('keeps a timeline and evidence per finding, and lends a root cause found by correlation those of what it explains', async () => {
    const store = await seedStore();
    const { report } = store.getSnapshot();
    const root = report.findings.find((f) => f.id === 'kind-case-mismatch')!;
    const gc = report.findings.find((f) => f.id === 'gc-rest-mapping')!;
    expect(store.sourceKeys(gc)).toEqual([gc.key]);
    expect(store.sourceKeys(root)).toEqual([gc.key]);
    expect(store.timeline.counts([gc.key]).reduce((a, b) => a + b, 0)).toBe(20);
    expect(store.evidence.lines(store.sourceKeys(root)).total).toBe(20);
  });

  it('publishes only when something changed, and tells subscribers', () => {
    let lines = 0;
    const live: LiveAnalysis = { snapshot: () => reportWithLines(lines) };
    const store = new LiveStore('stdin', () => 0);
    let notified = 0;
    store.subscribe(() => notified++);
    const first = store.getSnapshot();
    store.publish();
    expect(notified).toBe(0);
    store.hooks().onStart(live);
    lines = 10;
    store.publish();
    expect(notified).toBe(1);
    expect(store.getSnapshot()).not.toBe(first);
    expect(store.getSnapshot().report.stats.lines).toBe(10);
    const same = store.getSnapshot();
    store.publish();
    expect(store.getSnapshot()).toBe(same);
  });

  it('measures lines per second over a window while reading, and the average at the end', () => {
    let now = 0;
    let lines = 0;
    const store = new LiveStore('stdin', () => now);
    const hooks = store.hooks();
    hooks.onStart({ snapshot: () => reportWithLines(lines) });
    now = 500;
    lines = 100;
    store.publish();
    expect(store.getSnapshot().linesPerSecond).toBeNull();
    now = 2000;
    lines = 3000;
    hooks.onEntry({} as never);
    store.publish();
    expect(store.getSnapshot().linesPerSecond).toBe(1500);
    now = 4000;
    store.finish(reportWithLines(4000), 'stopped');
    expect(store.getSnapshot()).toMatchObject({ status: 'stopped', linesPerSecond: 1000 });
  });

  it('keeps the newest notices for the footer, and a failure', () => {
    const store = new LiveStore('x', () => 0);
    for (let i = 0; i < 30; i++) store.notice(`n${i}`);
    store.fail('analysis failed: boom');
    const s = store.getSnapshot();
    expect(s.status).toBe('failed');
    expect(s.notices).toHaveLength(20);
    expect(s.notices[s.notices.length - 1]).toBe('analysis failed: boom');
  });
});
