/**
 * The bridge between the running pipeline and the UI: takes the pipeline's hooks (timeline and
 * evidence per match, snapshots of the report) and publishes immutable snapshots that React
 * reads with useSyncExternalStore. Publishing is driven from outside (a timer while live, once
 * at the end), so a flood of lines never becomes a flood of renders.
 */

import type { Finding, Report } from '../model/finding.js';
import type { LiveAnalysis, LiveHooks } from '../analysis.js';
import { emptyStats } from '../model/finding.js';
import { EvidenceLog } from './evidence-log.js';
import { Timeline } from './timeline.js';

export type LiveStatus = 'reading' | 'done' | 'stopped' | 'failed';

export interface LiveSnapshot {
  report: Report;
  status: LiveStatus;
  /** What is being read, as the header shows it. */
  input: string;
  /** Lines per second: recent while reading, the average once done; null until measurable. */
  linesPerSecond: number | null;
  /** Messages for the user (input errors, a failure). */
  notices: readonly string[];
}

/** Keeps the rate steady: it is measured over at least this much wall-clock time. */
const RATE_WINDOW_MS = 1000;
/** Most notices kept (the newest). */
const MAX_NOTICES = 20;
/**
 * A snapshot correlates every finding: after one, publishing skips until ten times what it took
 * has passed, so that snapshots never take more than a tenth of the time however many findings.
 */
const SNAPSHOT_COST_FACTOR = 10;

export type StoreHooks = Required<Pick<LiveHooks, 'onStart' | 'onMatch' | 'onEntry'>>;

export class LiveStore {
  readonly timeline = new Timeline();
  readonly evidence = new EvidenceLog();
  private live: LiveAnalysis | null = null;
  private current: LiveSnapshot;
  private dirty = false;
  private readonly listeners = new Set<() => void>();
  private startedAt: number;
  private rateMark: { at: number; lines: number };
  private notices: string[] = [];
  /** No snapshot before this time (see SNAPSHOT_COST_FACTOR). */
  private nextSnapshotAt = 0;

  constructor(
    input: string,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.startedAt = now();
    this.rateMark = { at: this.startedAt, lines: 0 };
    this.current = {
      report: { version: 1, stats: emptyStats(), findings: [], kinds: [] },
      status: 'reading',
      input,
      linesPerSecond: null,
      notices: [],
    };
  }

  /** Pipeline hooks that feed this store. */
  hooks(onStart?: () => void): StoreHooks {
    return {
      onStart: (live) => {
        this.live = live;
        // Rates count from the first byte read, not from loading patterns and drawing.
        this.startedAt = this.now();
        this.rateMark = { at: this.startedAt, lines: 0 };
        this.dirty = true;
        onStart?.();
      },
      onMatch: (m, key) => {
        this.timeline.add(key, m.entry.time);
        this.evidence.add(key, { source: m.entry.source, line: m.entry.line, text: m.entry.raw });
        this.dirty = true;
      },
      onEntry: () => {
        this.dirty = true;
      },
    };
  }

  notice(message: string): void {
    this.notices = [...this.notices, message].slice(-MAX_NOTICES);
    this.dirty = true;
  }

  /** Publishes a fresh snapshot if anything changed since the last one (and the last was not too costly). */
  publish(): void {
    if (!this.dirty || !this.live) return;
    // On the store's clock, as the rates are: a test's clock that stands still makes snapshots free.
    const started = this.now();
    if (started < this.nextSnapshotAt) return;
    this.dirty = false;
    const report = this.live.snapshot();
    const ended = this.now();
    this.nextSnapshotAt = ended + SNAPSHOT_COST_FACTOR * (ended - started);
    this.set({ ...this.current, report, linesPerSecond: this.rate(report.stats.lines), notices: this.notices });
  }

  /** The final report: publishes it at once. */
  finish(report: Report, status: 'done' | 'stopped'): void {
    const elapsed = this.now() - this.startedAt;
    // Under a second, the rate says more about start-up than about reading.
    const average = elapsed >= RATE_WINDOW_MS ? (report.stats.lines * 1000) / elapsed : null;
    this.dirty = false;
    this.set({ ...this.current, report, status, linesPerSecond: average, notices: this.notices });
  }

  fail(message: string): void {
    this.notices = [...this.notices, message].slice(-MAX_NOTICES);
    this.dirty = false;
    this.set({ ...this.current, status: 'failed', notices: this.notices });
  }

  /** Keys whose occurrences make up a finding: its own, or (a finding derived by correlation) those it explains. */
  sourceKeys(f: Finding): string[] {
    if (this.timeline.has(f.key) || this.evidence.has(f.key)) return [f.key];
    return f.causes.length > 0 ? f.causes : [f.key];
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.current;

  private rate(lines: number): number | null {
    const at = this.now();
    if (at - this.rateMark.at < RATE_WINDOW_MS) return this.current.linesPerSecond;
    const perSecond = ((lines - this.rateMark.lines) * 1000) / (at - this.rateMark.at);
    this.rateMark = { at, lines };
    return perSecond;
  }

  private set(next: LiveSnapshot): void {
    this.current = next;
    for (const l of this.listeners) l();
  }
}
