/**
 * Follow mode's memory of what it has already told the user: which findings were announced, and
 * the counts at the last change block. Both are bounded by the number of distinct findings.
 */

import type { Report } from '../model/finding.js';
import type { Style } from '../report/style.js';
import { changeBlock, clockTime, diffCounts, newFindingLine } from './follow-lines.js';

/** What follow mode prints while the input runs: new findings at once, and what changed at each interval. */
export interface LivePrinter {
  announceNew(report: Report, entryTime: string | null): void;
  printChanges(report: Report, forced: boolean): void;
}

export class FollowPrinter implements LivePrinter {
  private readonly announced = new Set<string>();
  private baseline = new Map<string, number>();
  private baselineLines = 0;
  private baselineAt: string;

  constructor(
    private readonly write: (text: string) => void,
    private readonly st: Style,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.baselineAt = clockTime(null, this.now());
  }

  /**
   * Announces every finding of the snapshot not announced before, in report order (so a root
   * cause found by correlation comes before what it explains). Each shows the time it was first
   * seen, or else `entryTime`, the time of the log entry that brought the first of them.
   */
  announceNew(report: Report, entryTime: string | null): void {
    const now = this.now();
    for (const f of report.findings) {
      if (this.announced.has(f.key)) continue;
      this.announced.add(f.key);
      this.write(newFindingLine(f, clockTime(f.firstSeen ?? entryTime, now), this.st) + '\n');
    }
  }

  /** Prints what changed since the last block; `forced` (SIGUSR1) prints even when nothing did. */
  printChanges(report: Report, forced: boolean): void {
    const nowLabel = clockTime(null, this.now());
    const changes = diffCounts(this.baseline, report.findings);
    const block = changeBlock(
      changes,
      { now: nowLabel, since: this.baselineAt },
      { lines: report.stats.lines, newLines: report.stats.lines - this.baselineLines, findings: report.findings.length },
      this.st,
      forced,
    );
    // Findings that correlation produced between announcements are new to the user too.
    for (const f of changes.added) this.announced.add(f.key);
    if (block) this.write(block);
    this.baseline = new Map(report.findings.map((f) => [f.key, f.count]));
    this.baselineLines = report.stats.lines;
    this.baselineAt = nowLabel;
  }
}
