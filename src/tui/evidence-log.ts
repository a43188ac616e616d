/**
 * More evidence than the report keeps, for the TUI's evidence view: per finding, the first and
 * the latest lines up to fixed caps, and a count of the lines in between that were not kept.
 */

import type { Evidence } from '../model/finding.js';

export const EVIDENCE_HEAD = 100;
export const EVIDENCE_TAIL = 100;
/** Longest line kept, in characters (the report keeps the same). */
export const EVIDENCE_TEXT_MAX = 2000;

interface Kept {
  head: Evidence[];
  tail: Evidence[];
  total: number;
}

/** A kept line, or the place where lines were left out (and how many). */
export type EvidenceItem = { line: Evidence } | { omitted: number };

export interface EvidenceLines {
  items: EvidenceItem[];
  /** Lines seen in all. */
  total: number;
  /** Lines seen but not kept (between the first and the latest ones). */
  omitted: number;
}

export class EvidenceLog {
  private readonly byKey = new Map<string, Kept>();

  constructor(
    private readonly headCap = EVIDENCE_HEAD,
    private readonly tailCap = EVIDENCE_TAIL,
  ) {}

  add(key: string, ev: Evidence): void {
    let kept = this.byKey.get(key);
    if (!kept) this.byKey.set(key, (kept = { head: [], tail: [], total: 0 }));
    kept.total++;
    const line = ev.text.length > EVIDENCE_TEXT_MAX ? { ...ev, text: ev.text.slice(0, EVIDENCE_TEXT_MAX) } : ev;
    if (kept.head.length < this.headCap) kept.head.push(line);
    else {
      kept.tail.push(line);
      if (kept.tail.length > this.tailCap) kept.tail.shift();
    }
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The kept lines of the given findings, one finding after the other. */
  lines(keys: readonly string[]): EvidenceLines {
    const out: EvidenceLines = { items: [], total: 0, omitted: 0 };
    for (const key of keys) {
      const kept = this.byKey.get(key);
      if (!kept) continue;
      const omitted = kept.total - kept.head.length - kept.tail.length;
      out.items.push(...kept.head.map((line) => ({ line })));
      if (omitted > 0) out.items.push({ omitted });
      out.items.push(...kept.tail.map((line) => ({ line })));
      out.total += kept.total;
      out.omitted += omitted;
    }
    return out;
  }
}
