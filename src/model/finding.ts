/** Domain types shared by correlate/, report/ and tests: kinds, objects, findings, the report. */

export type Severity = 'critical' | 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Rank for sorting: lower is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** A resource kind as named by a log line. Unknown parts are null; the core group is "". */
export interface KindRef {
  group: string | null;
  version: string | null;
  kind: string | null;
  resource: string | null;
}

export interface ObjectRef {
  kind: string | null;
  namespace: string | null;
  name: string;
}

/** An object as listed on a finding: how many of the finding's lines named it. */
export interface ObjectCount extends ObjectRef {
  count: number;
}

export interface Evidence {
  source: string;
  line: number;
  text: string;
}

export interface Finding {
  /** Signature (or correlation rule) id. */
  id: string;
  /** Unique, deterministic reference to this finding within a report (used by causes/causedBy). */
  key: string;
  title: string;
  severity: Severity;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  kinds: KindRef[];
  objects: ObjectCount[];
  /** Occurrences that named objects beyond the listed ones (the list is bounded). */
  objectsOmitted: number;
  diagnosis: string;
  explanation: string;
  causes: string[];
  fixes: string[];
  evidence: Evidence[];
  /** What the problem costs, in one sentence (used when a root cause is shown). */
  impact: string | null;
  /** Keys of findings this one explains (it is their root cause). */
  explains: string[];
  /** Keys of findings that explain this one. */
  causedBy: string[];
}

export interface KindSummary {
  group: string | null;
  version: string | null;
  kind: string | null;
  resource: string | null;
  count: number;
  findings: string[];
  problems: string[];
}

export interface Stats {
  bytes: number;
  lines: number;
  entries: number;
  continuation: number;
  unparsed: number;
  truncated: number;
  sources: number;
  byFormat: Record<string, number>;
  byLevel: Record<string, number>;
  errors: string[];
}

export interface Report {
  version: 1;
  stats: Stats;
  findings: Finding[];
  kinds: KindSummary[];
}
