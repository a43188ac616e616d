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
  /** Line in the source; for an event from an event list in JSON, the event's position in the list. */
  line: number;
  text: string;
  /** Set when the source is a container log recognised in a bundle. */
  namespace?: string;
  pod?: string;
  container?: string;
  /** True when the line comes from a previous (terminated, often crashed) container instance. */
  previous?: boolean;
}

export interface Finding {
  /** Signature (or correlation rule) id. */
  id: string;
  /** Signature family (signatures.md family index), or the correlation rule's family. */
  family: string;
  /** `signature`: matched in the logs; `registry`: found by comparing the logs with the cluster's kinds. */
  origin: 'signature' | 'registry';
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
  /** Likely causes of the problem, most likely first. */
  likelyCauses: string[];
  fixes: string[];
  evidence: Evidence[];
  /** The named captures of the first occurrence. */
  captures: Record<string, string>;
  /** What the problem costs, in one sentence (used when a root cause is shown). */
  impact: string | null;
  /** Keys of findings this one causes (it is their root cause, or a link in their chain). */
  causes: string[];
  /** Keys of findings that explain this one. */
  causedBy: string[];
  /** Near-miss findings: where the registered kind they compare with came from. */
  registeredFrom?: RegisteredFrom;
}

/**
 * Where a registered kind came from: `cluster` (--crds, --api-resources, manifests in a bundle;
 * `detail` names the file), `built-in` (Kubernetes itself), `catalog` (the bundled catalog of
 * well-known kinds; `detail` names the project and the upstream file) or `log` (the logs name the
 * kind so elsewhere; `detail` names the finding and line).
 */
export interface RegisteredFrom {
  source: 'cluster' | 'built-in' | 'catalog' | 'log';
  detail: string;
}

/**
 * A copy of a finding with some fields replaced, its fields in their usual order (that of the
 * JSON report). Written out because a spread followed by overrides is slow on hundreds of
 * thousands of findings.
 */
export function copyFinding(f: Finding, o: Partial<Finding>): Finding {
  return {
    id: f.id,
    family: f.family,
    origin: f.origin,
    key: f.key,
    title: o.title ?? f.title,
    severity: f.severity,
    count: o.count ?? f.count,
    firstSeen: o.firstSeen !== undefined ? o.firstSeen : f.firstSeen,
    lastSeen: o.lastSeen !== undefined ? o.lastSeen : f.lastSeen,
    kinds: o.kinds ?? f.kinds,
    objects: o.objects ?? f.objects,
    objectsOmitted: o.objectsOmitted ?? f.objectsOmitted,
    diagnosis: o.diagnosis ?? f.diagnosis,
    explanation: o.explanation ?? f.explanation,
    likelyCauses: o.likelyCauses ?? f.likelyCauses,
    fixes: o.fixes ?? f.fixes,
    evidence: o.evidence ?? f.evidence,
    captures: f.captures,
    impact: o.impact !== undefined ? o.impact : f.impact,
    causes: o.causes ?? f.causes,
    causedBy: o.causedBy ?? f.causedBy,
    ...(f.registeredFrom ? { registeredFrom: f.registeredFrom } : {}),
  };
}

export interface KindSummary {
  group: string | null;
  version: string | null;
  kind: string | null;
  resource: string | null;
  /** Occurrences of findings that name this kind. */
  count: number;
  /** Keys of the findings that name this kind. */
  findings: string[];
  /** What is wrong with the kind itself, compared with the cluster's registry. */
  problems: string[];
  /** Objects of this kind named by those findings, with counts (the first ones seen, bounded). */
  objects: ObjectCount[];
  /** Occurrences that named objects of this kind beyond the listed ones. */
  objectsOmitted: number;
}

/** What a report leaves out past its cap on listed findings (and kinds), counted. */
export interface OmittedFindings {
  /** Findings not listed, and their occurrences. */
  findings: number;
  count: number;
  /** The same per family, most findings first. */
  families: { family: string; findings: number; count: number }[];
  /** Kinds not listed in `kinds`. */
  kinds: number;
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
  /** What a bundle held and what was done with it (present when paths were analysed, not stdin alone). */
  inputs?: InputStats;
}

/** Stats of a run that has read nothing yet. */
export function emptyStats(): Stats {
  return { bytes: 0, lines: 0, entries: 0, continuation: 0, unparsed: 0, truncated: 0, sources: 0, byFormat: {}, byLevel: {}, errors: [] };
}

export interface InputStats {
  /** Files looked at, archive members included. */
  files: number;
  /** Archives opened (tar, gzip of a tar, zip), nested ones included. */
  archives: number;
  /** Sources analysed as logs, as event lists; manifests read for kinds. */
  logs: number;
  eventLists: number;
  manifests: number;
  /** Kinds the bundle's CRDs and discovery documents added to the registry. */
  bundleKinds: number;
  /** Files not analysed, by reason (API objects, metadata, binary data, symlinks out of the tree). */
  skipped: Record<string, number>;
  /** Logs dropped because another copy of the same bytes was analysed (kind export containers/ vs pods/). */
  duplicates: number;
  /** Bytes produced by decompression. */
  expandedBytes: number;
  /**
   * Only when no log line at all was read: each input and why it gave none (skipped, empty,
   * unreadable), so that "nothing found" is never mistaken for "healthy". At most 100.
   */
  notRead?: { source: string; reason: string }[];
}

/** Whether a run read no log line (and no event) at all: its report cannot say the cluster is healthy. */
export function readNothing(report: Report): boolean {
  return report.stats.lines === 0;
}

/** One analysed source, for `--by source`. */
export interface SourceSummary {
  source: string;
  kind: 'log' | 'events';
  layout: string;
  namespace?: string;
  pod?: string;
  container?: string;
  previous?: boolean;
  node?: string;
  lines: number;
  entries: number;
  unparsed: number;
  /** Findings with occurrences in this source (keys as in `findings`), with the count from this source. */
  findings: { key: string; count: number }[];
  /** Errors met while reading this source. */
  errors: number;
}

export interface Report {
  version: 1;
  stats: Stats;
  findings: Finding[];
  kinds: KindSummary[];
  /** Per-source summary, in input order (`--by source`). */
  sources?: SourceSummary[];
  /** Present when the report lists only the first findings (or kinds) of many: what it left out. */
  omitted?: OmittedFindings;
}
