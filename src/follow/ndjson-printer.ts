/**
 * Follow mode's machine-readable stream (`-f -o ndjson`): one JSON line per finding the moment it
 * first appears, one per finding that grew at each interval (or SIGUSR1), and the final report as
 * the `end` line. Same memory as the text printer: the announced keys and the last counts.
 */

import type { Report } from '../model/finding.js';
import { endEvent, ndjsonLine } from '../report/ndjson.js';
import { diffCounts } from './follow-lines.js';
import type { LivePrinter } from './follow-printer.js';

export class NdjsonPrinter implements LivePrinter {
  private readonly announced = new Set<string>();
  /** Counts as last written, per finding key. */
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  announceNew(report: Report): void {
    const at = this.now().toISOString();
    for (const f of report.findings) {
      if (this.announced.has(f.key)) continue;
      this.announced.add(f.key);
      this.counts.set(f.key, f.count);
      this.write(ndjsonLine({ event: 'new', at, finding: f }));
    }
  }

  printChanges(report: Report): void {
    const at = this.now().toISOString();
    const { added, grown } = diffCounts(this.counts, report.findings);
    for (const f of added) {
      this.announced.add(f.key);
      this.write(ndjsonLine({ event: 'new', at, finding: f }));
    }
    for (const g of grown) this.write(ndjsonLine({ event: 'grew', at, by: g.by, finding: g.finding }));
    for (const f of report.findings) this.counts.set(f.key, f.count);
  }

  /** The last changes, then the whole report. */
  end(report: Report, reason: string): void {
    this.printChanges(report);
    this.write(ndjsonLine(endEvent(this.now().toISOString(), reason, report)));
  }
}
