import { beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { changeBlock, clockTime, diffCounts, newFindingLine, subjectLabel } from '../../src/follow/follow-lines.js';
import { FollowPrinter } from '../../src/follow/follow-printer.js';
import { runFollow } from '../../src/follow/run-follow.js';
import { makeStyle } from '../../src/report/style.js';
import type { Finding, Report } from '../../src/model/finding.js';
import { FIRST_FINDING_LINE, liveAnalysis, seedLines, until } from './helpers.js';

const plain = makeStyle(false);
const NOW = new Date('2026-07-01T08:30:05Z');
let report: Report;
let root: Finding;
let gc: Finding;

beforeAll(async () => {
  const { input, done } = liveAnalysis();
  input.end(seedLines().join('\n'));
  report = await done;
  root = report.findings.find((f) => f.id === 'kind-case-mismatch')!;
  gc = report.findings.find((f) => f.id === 'gc-rest-mapping')!;
});

describe('follow lines', () => {
  it('shows the log’s own time, or the wall clock when the entry has none', () => {
    expect(clockTime('2026-06-12T10:00:20.717Z', NOW)).toBe('10:00:20Z');
    expect(clockTime(null, NOW)).toBe('08:30:05Z');
  });

  it('prints a new finding as one line: time, severity, id, kind and object, title', () => {
    expect(newFindingLine(gc, '10:00:20Z', plain)).toBe(
      "10:00:20Z ERROR    gc-rest-mapping  autoscaling.aibrix.ai/v1alpha1/PodAutoScaler default/llama-7b-pa …  Garbage collector cannot resolve an owner's kind",
    );
    expect(newFindingLine(root, '10:00:20Z', plain)).toMatch(/^10:00:20Z ERROR {4}kind-case-mismatch {2}.*\[root cause\]$/);
  });

  it('escapes control characters from the log', () => {
    const evil = { ...gc, objects: [{ kind: 'Pod', namespace: 'ns', name: 'web\u001b[2J', count: 1 }], objectsOmitted: 0 };
    expect(subjectLabel(evil)).toContain('\u001b');
    const line = newFindingLine(evil, '10:00:20Z', plain);
    expect(line).not.toContain('\u001b');
    expect(line).toContain('ns/web\\x1b[2J');
  });

  it('tells new findings from grown ones', () => {
    const before = new Map([[gc.key, 5]]);
    const changes = diffCounts(before, report.findings);
    expect(changes.added.map((f) => f.id)).toEqual(['kind-case-mismatch']);
    expect(changes.grown).toEqual([{ finding: gc, by: 15 }]);
    expect(diffCounts(new Map(report.findings.map((f) => [f.key, f.count])), report.findings)).toEqual({ added: [], grown: [] });
  });

  it('prints a change block, and nothing when nothing changed unless asked', () => {
    const changes = diffCounts(new Map([[gc.key, 5]]), report.findings);
    const block = changeBlock(changes, { now: '08:30:05Z', since: '08:29:35Z' }, { lines: 50, newLines: 20, findings: 2 }, plain, false);
    expect(block.split('\n')).toEqual([
      '── 08:30:05Z · since 08:29:35Z: 1 new, 1 grew · 2 findings · 50 lines (+20) ──',
      expect.stringMatching(/^ {2}new {5}ERROR {4}kind-case-mismatch ×20 {2}/),
      expect.stringMatching(/^ {2}\+15 {5}ERROR {4}gc-rest-mapping ×20 {2}/),
      '',
    ]);
    const none = { added: [], grown: [] };
    expect(changeBlock(none, { now: 'a', since: 'b' }, { lines: 1, newLines: 0, findings: 0 }, plain, false)).toBe('');
    expect(changeBlock(none, { now: '08:30:05Z', since: '08:29:35Z' }, { lines: 1, newLines: 0, findings: 0 }, plain, true)).toBe(
      '── 08:30:05Z · no change since 08:29:35Z · 0 findings · 1 line (+0) ──\n',
    );
  });
});

describe('FollowPrinter', () => {
  it('announces each finding once, and the next block counts from the last', () => {
    const out: string[] = [];
    const printer = new FollowPrinter((s) => out.push(s), plain, () => NOW);
    printer.announceNew(report, '2026-06-12T10:00:20.717Z');
    printer.announceNew(report, '2026-06-12T10:00:21.000Z');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^10:00:20Z ERROR {4}kind-case-mismatch/);
    printer.printChanges(report, false);
    expect(out[2]).toContain('2 new, 0 grew');
    printer.printChanges(report, false);
    expect(out).toHaveLength(3);
    printer.printChanges(report, true);
    expect(out[3]).toContain('no change since 08:30:05Z');
  });
});

describe('runFollow', () => {
  it('announces the first finding while the input is still open, prints changes on SIGUSR1, and stops on SIGINT', async () => {
    const out: string[] = [];
    const signals = new EventEmitter();
    let input: ReturnType<typeof liveAnalysis>['input'] | null = null;
    const outcome = runFollow(
      (hooks) => {
        const live = liveAnalysis(hooks);
        input = live.input;
        return live.done;
      },
      { intervalSeconds: 3600, write: (s) => out.push(s), style: plain, signals, now: () => NOW },
    );
    const lines = seedLines();
    input!.write(lines.slice(0, FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => out.length >= 2, 'the first findings to be announced');
    expect(out[0]).toMatch(/kind-case-mismatch.*\[root cause\]/);
    expect(out[1]).toMatch(/gc-rest-mapping/);

    input!.write(lines.slice(FIRST_FINDING_LINE).join('\n') + '\n');
    // SIGUSR1 asks for a change block at once; ask until it shows all 50 lines read.
    await until(() => {
      signals.emit('SIGUSR1');
      return out[out.length - 1]!.includes('· 50 lines');
    }, 'a change block covering the whole input');
    expect(out[out.length - 1]).toMatch(/^── 08:30:05Z · /);

    signals.emit('SIGINT', 'SIGINT');
    const { report: final, stoppedBy } = await outcome;
    expect(stoppedBy).toBe('SIGINT');
    expect(final.findings.find((f) => f.id === 'gc-rest-mapping')?.count).toBe(20);
    expect(signals.listenerCount('SIGINT') + signals.listenerCount('SIGTERM') + signals.listenerCount('SIGUSR1')).toBe(0);
  });
});
