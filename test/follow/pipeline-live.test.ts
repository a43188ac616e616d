/** The pipeline's live hooks: snapshots while running, the idle flush, and stopping on a signal. */

import { describe, expect, it } from 'vitest';
import type { LiveAnalysis } from '../../src/analysis.js';
import { FIRST_FINDING_LINE, liveAnalysis, seedLines, until } from './helpers.js';

describe('analyze on a live input', () => {
  it('gives snapshots of the correlated report while the input is still open', async () => {
    let live: LiveAnalysis | null = null;
    const { input, done } = liveAnalysis({ onStart: (l) => (live = l), idleFlushMs: 5 });
    expect(live).not.toBeNull();
    input.write(seedLines().slice(0, 30).join('\n') + '\n');
    await until(() => live!.snapshot().findings.length === 2, 'the first findings');
    const snap = live!.snapshot();
    expect(snap.findings.map((f) => f.id)).toEqual(['kind-case-mismatch', 'gc-rest-mapping']);
    expect(snap.stats.lines).toBe(30);
    input.end();
    expect((await done).findings.find((f) => f.id === 'gc-rest-mapping')?.count).toBe(3);
  });

  it('matches the last entry of a burst once the input pauses, not only when the next line comes', async () => {
    const seen: number[] = [];
    const { input, done } = liveAnalysis({ idleFlushMs: 5, onEntry: (e) => seen.push(e.line) });
    input.write(seedLines().slice(0, FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => seen.includes(FIRST_FINDING_LINE), 'the pending entry to be flushed');
    input.end();
    await done;
  });

  it('without an idle flush, the last entry waits for the next line (continuation lines may follow)', async () => {
    const seen: number[] = [];
    const { input, done } = liveAnalysis({ onEntry: (e) => seen.push(e.line) });
    input.write(seedLines().slice(0, FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => seen.includes(FIRST_FINDING_LINE - 1), 'the entries before the last');
    expect(seen).not.toContain(FIRST_FINDING_LINE);
    input.end();
    await done;
    expect(seen).toContain(FIRST_FINDING_LINE);
  });

  it('stops reading a stream that never ends when the signal aborts, keeping a last line without newline', async () => {
    const controller = new AbortController();
    const { input, done } = liveAnalysis({ signal: controller.signal });
    const lines = seedLines().slice(0, FIRST_FINDING_LINE);
    input.write(lines.slice(0, -1).join('\n') + '\n');
    input.write(lines[lines.length - 1]!); // no newline: a partial line at the moment of the stop
    await new Promise((r) => setImmediate(r));
    controller.abort();
    const report = await done;
    expect(report.stats.lines).toBe(FIRST_FINDING_LINE);
    expect(report.stats.errors).toEqual([]);
    expect(report.findings.find((f) => f.id === 'gc-rest-mapping')?.count).toBe(1);
    expect(input.destroyed).toBe(true);
  });
});
