/** Which findings and kinds are on screen under the text filter and the minimum severity. */

import { severityRank, type Finding, type KindSummary, type Report, type Severity } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { kindKey } from '../correlate/gvk.js';

export interface Criteria {
  filter: string;
  minSeverity: Severity;
}

/** Case-insensitive substring match on id, title, severity, kinds and objects. */
export function findingMatches(f: Finding, filter: string): boolean {
  if (filter === '') return true;
  const needle = filter.toLowerCase();
  const hay = [f.id, f.title, f.severity, ...f.kinds.map(kindLabel), ...f.objects.map(objectLabel)];
  return hay.some((s) => s.toLowerCase().includes(needle));
}

function severeEnough(f: Finding, min: Severity): boolean {
  return severityRank(f.severity) <= severityRank(min);
}

/** The report's findings (already in report order) that pass the criteria, optionally only `keys`. */
export function visibleFindings(report: Report, c: Criteria, keys?: readonly string[]): Finding[] {
  const only = keys ? new Set(keys) : null;
  return report.findings.filter((f) => (!only || only.has(f.key)) && severeEnough(f, c.minSeverity) && findingMatches(f, c.filter));
}

export function summaryKey(k: KindSummary): string {
  return kindKey(k);
}

/** Kinds with at least one finding at the minimum severity, matching the filter by label or problem. */
export function visibleKinds(report: Report, c: Criteria): KindSummary[] {
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const needle = c.filter.toLowerCase();
  return report.kinds.filter((k) => {
    const findings = k.findings.map((key) => byKey.get(key)).filter((f): f is Finding => f !== undefined);
    if (!findings.some((f) => severeEnough(f, c.minSeverity))) return false;
    if (needle === '') return true;
    return [kindLabel(k), ...k.problems].some((s) => s.toLowerCase().includes(needle));
  });
}

/** Severity counts of a set of findings, most severe first. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
