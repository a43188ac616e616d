/**
 * `--min-severity`, `--only` and `--exclude`: which correlated findings a report lists. Chosen after
 * correlation, so a near-miss finding still sees the kinds of every matched line and a root cause
 * keeps its place in the story; links to findings not listed are dropped, and what was not
 * selected is counted.
 */

import type { Finding } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import type { FindingSelection } from '../model/filters.js';

/** The family of every finding that comes from comparing the logs with the registry (`patterns list` says `near-miss`). */
export const NEAR_MISS_FAMILY = 'kind-near-miss';

function names(f: Finding): string[] {
  return f.family === NEAR_MISS_FAMILY ? [f.id, f.family, 'near-miss'] : [f.id, f.family];
}

/** The test for one finding. */
export function findingSelector(sel: FindingSelection): (f: Finding) => boolean {
  const limit = sel.minSeverity !== undefined ? severityRank(sel.minSeverity) : Infinity;
  const only = sel.only?.length ? new Set(sel.only) : null;
  const exclude = new Set(sel.exclude ?? []);
  return (f) => {
    if (severityRank(f.severity) > limit) return false;
    const n = names(f);
    if (only && !n.some((x) => only.has(x))) return false;
    return !n.some((x) => exclude.has(x));
  };
}

/** The selected findings (links to others dropped), and how many were not selected with their occurrences. */
export function selectFindings(all: Finding[], sel: FindingSelection): { findings: Finding[]; excluded: { findings: number; count: number } } {
  const test = findingSelector(sel);
  const kept = all.filter(test);
  if (kept.length === all.length) return { findings: all, excluded: { findings: 0, count: 0 } };
  const keys = new Set(kept.map((f) => f.key));
  let count = 0;
  for (const f of all) if (!keys.has(f.key)) count += f.count;
  for (const f of kept) {
    f.causes = f.causes.filter((k) => keys.has(k));
    f.causedBy = f.causedBy.filter((k) => keys.has(k));
  }
  return { findings: kept, excluded: { findings: all.length - kept.length, count } };
}
