/** Domain types shared by correlate/, report/ and tests: kinds, objects, findings, the report. */

import type { ReportFilters } from './filters.js';
import type { Level } from './entry.js';

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

/** Against `--baseline`: not in the earlier report, its count more than doubled, or known. */
export type BaselineMark = 'new' | 'grown' | 'known';

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
  /** Only with `--baseline`. */
  baseline?: BaselineMark;
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
  /**
   * Kinds a CRD or discovery document registered under names that fail their grammar (see
   * model/grammar.ts): never used for the kind check or in a command. Present when there are any.
   */
  rejectedKinds?: RejectedKinds;
  /** What a bundle held and what was done with it (present when paths were analysed, not stdin alone). */
  inputs?: InputStats;
  /** Only with ignore rules (a config file): what they left out of the report. */
  ignored?: { findings: number; count: number; unknownGroups: number; unknownLines: number; file: string };
}

/** Stats of a run that has read nothing yet. */
export function emptyStats(): Stats {
  return { bytes: 0, lines: 0, entries: 0, continuation: 0, unparsed: 0, truncated: 0, sources: 0, byFormat: {}, byLevel: {}, errors: [] };
}

/** Registered kinds refused for invalid names: how many, and the first ones with the reason. */
export interface RejectedKinds {
  count: number;
  /** The first MAX_REJECTED_LISTED (100), in the order they were met. */
  kinds: { source: string; reason: string }[];
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

/** One example line of an unrecognised-error group. */
export interface UnknownExampleLine {
  source: string;
  line: number;
  text: string;
}

/** Unrecognised errors of one template: error-level (or error-worded) lines no signature explains. */
export interface UnknownGroup {
  /** `u-` and 12 hex digits of the SHA-256 of the template: stable across runs. */
  id: string;
  /** The message with its variable parts as `<*>`. */
  template: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  levels: Level[];
  /** Up to 5 sources, sorted. */
  sources: string[];
  kinds: KindRef[];
  objects: ObjectRef[];
  /** Up to 3, the first in input order. */
  examples: UnknownExampleLine[];
  /**
   * The signature whose example messages most of the group's lines look like, although it did
   * not match them (a variant its regex does not read, or another error worded alike).
   */
  resembles?: string;
  /** Only with `--baseline`. */
  baseline?: BaselineMark;
}

/** The miner's result: groups most lines first, and what was left out. */
export interface UnknownReport {
  groups: UnknownGroup[];
  omitted?: { groups: number; lines: number };
}

/**
 * Occurrences over the log's own time: `buckets` holds [bucket index, count] pairs, flat and in
 * index order, where a bucket holds the times t (ms since the epoch) with floor(t / bucketMs) = index.
 * Bounded: the buckets from the first to the last are at most a fixed number (correlate/time-histogram.ts).
 */
export interface TimeHistogram {
  bucketMs: number;
  buckets: number[];
}

/** A causal link and the chain rule that made it. */
export interface ChainLink {
  cause: string;
  effect: string;
  /** Chain rule id (src/correlate/chains.ts). */
  rule: string;
}

/**
 * What the HTML report draws beyond the JSON report: when findings occurred (per finding and per
 * source) and which chain rule made each link. Not part of the JSON report.
 */
export interface ReportDetail {
  /** Timed occurrences of each finding matched in the logs, by key. */
  timelines: Record<string, TimeHistogram>;
  /** Per analysed source (in the order of `Report.sources`): its findings' timed occurrences, by key. */
  sourceTimelines: Record<string, TimeHistogram>[];
  /** Every link between listed findings, with its rule. */
  links: ChainLink[];
}

export interface Report {
  version: 1;
  stats: Stats;
  findings: Finding[];
  kinds: KindSummary[];
  /**
   * Unrecognised errors, grouped by template (most lines first, at most 1,000); empty when none.
   * Absent only in reports made by hand.
   */
  unknown?: UnknownGroup[];
  /** Present when groups or lines of unrecognised errors were left out of `unknown`. */
  unknownOmitted?: { groups: number; lines: number };
  /** Only with `--show-ignored`: what ignore rules left out, each with the rule (0-based) and its reason. */
  ignored?: { type: 'finding' | 'unknown'; id: string; key: string; count: number; rule: number; reason: string }[];
  /** Ignore rules past their `until` date (they no longer apply). */
  ignoreExpired?: { rule: number; reason: string; until: string }[];
  /** Only with `--baseline`: the earlier report, how the findings compare, and what it had that this run has not (at most 100 of each). */
  baseline?: {
    file: string;
    counts: { new: number; grown: number; known: number; resolved: number };
    resolved: { findings: { key: string; id: string; title: string; count: number }[]; unknown: { id: string; template: string; count: number }[] };
  };
  /** Per-source summary, in input order (`--by source`). */
  sources?: SourceSummary[];
  /** Present when the report lists only the first findings (or kinds) of many: what it left out. */
  omitted?: OmittedFindings;
  /** Present when filters were given (`--since`, `--pod`, `--only`, …): which, and what they left out. */
  filters?: ReportFilters;
  /** For the HTML report; the JSON report leaves it out. */
  detail?: ReportDetail;
}
