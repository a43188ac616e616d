/**
 * Report filters (`--since`, `--until`, `-n/--namespace`, `--pod`, `--container`, `--min-severity`,
 * `--only`, `--exclude`): what they are as plain data (workers get the entry filter as is), how
 * their values are read, and what a report says about them.
 */

import type { Severity } from './finding.js';

/** Which log entries count: applied to every matched entry before its matches are aggregated. */
export interface EntryFilterSpec {
  /** ISO 8601 (UTC): entries before this time are left out. */
  since?: string;
  /** ISO 8601 (UTC): entries after this time are left out. */
  until?: string;
  /** Globs (`*`, `?`, `[…]`, `{a,b}`); an entry counts when its source's value matches any of them. */
  namespace?: string[];
  pod?: string[];
  container?: string[];
}

/** Which findings the report lists (the others are counted). */
export interface FindingSelection {
  minSeverity?: Severity;
  /** Signature or rule ids and families: only findings with one of them. */
  only?: string[];
  /** Signature or rule ids and families: never findings with one of them. */
  exclude?: string[];
}

export interface FilterOptions extends EntryFilterSpec, FindingSelection {}

/** What filtering did; counted in every mode and for any `--jobs`, so they add up to the same numbers. */
export interface FilterCounts {
  /** Log entries (matched, or errors no signature knows) left out by the time window or the namespace/pod/container filters. */
  excludedEntries: number;
  /** Matched entries without a timestamp, kept under `--since`/`--until` (they cannot be placed in time). */
  untimedEntries: number;
}

/** The report's `filters`: the filters given (times resolved), and what they left out. */
export interface ReportFilters extends FilterOptions, FilterCounts {
  /** Findings not listed because of `--min-severity`, `--only` or `--exclude`, and their occurrences. */
  excludedFindings: number;
  excludedCount: number;
}

export function newFilterCounts(): FilterCounts {
  return { excludedEntries: 0, untimedEntries: 0 };
}

export function addFilterCounts(into: FilterCounts, from: FilterCounts): void {
  into.excludedEntries += from.excludedEntries;
  into.untimedEntries += from.untimedEntries;
}

export function hasEntryFilter(f: EntryFilterSpec): boolean {
  return f.since !== undefined || f.until !== undefined || !!f.namespace?.length || !!f.pod?.length || !!f.container?.length;
}

export function hasSelection(s: FindingSelection): boolean {
  return s.minSeverity !== undefined || !!s.only?.length || !!s.exclude?.length;
}

export function hasFilters(f: FilterOptions): boolean {
  return hasEntryFilter(f) || hasSelection(f);
}

/** The report's `filters`: the options in a fixed key order, then the counts. */
export function reportFilters(f: FilterOptions, counts: FilterCounts, excluded: { findings: number; count: number } | undefined): ReportFilters {
  return {
    ...entryFilterOf(f),
    ...selectionOf(f),
    excludedEntries: counts.excludedEntries,
    untimedEntries: counts.untimedEntries,
    excludedFindings: excluded?.findings ?? 0,
    excludedCount: excluded?.count ?? 0,
  };
}

/** The entry-filter part of the options, without the keys not given (plain data for workers). */
export function entryFilterOf(f: FilterOptions): EntryFilterSpec {
  return {
    ...(f.since !== undefined ? { since: f.since } : {}),
    ...(f.until !== undefined ? { until: f.until } : {}),
    ...(f.namespace?.length ? { namespace: [...f.namespace] } : {}),
    ...(f.pod?.length ? { pod: [...f.pod] } : {}),
    ...(f.container?.length ? { container: [...f.container] } : {}),
  };
}

export function selectionOf(f: FilterOptions): FindingSelection {
  return {
    ...(f.minSeverity !== undefined ? { minSeverity: f.minSeverity } : {}),
    ...(f.only?.length ? { only: [...f.only] } : {}),
    ...(f.exclude?.length ? { exclude: [...f.exclude] } : {}),
  };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `1h`, `30m`, `1h30m`, `90s`, `2d`, `500ms` (Go's duration syntax, plus days): milliseconds, or null. */
export function parseDuration(value: string): number | null {
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/.test(value)) return null;
  let total = 0;
  for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return Number.isFinite(total) ? total : null;
}

/** RFC 3339: a date, `T` (or a space), a time with optional fraction, and `Z` or an offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A `--since`/`--until` value: a duration back from `now` (`1h` = one hour ago) or an RFC 3339
 * time. Returns the instant as ISO 8601 UTC, or null when the value is neither.
 */
export function parseTimeBound(value: string, now: Date): string | null {
  const d = parseDuration(value.trim());
  if (d !== null) return new Date(now.getTime() - d).toISOString();
  const v = value.trim();
  if (!RFC3339.test(v)) return null;
  const t = Date.parse(v.replace(' ', 'T'));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The filters as short phrases (`since 2026-06-12T10:00:00.000Z`, `namespace default|kube-*`), in a fixed order. */
export function describeFilters(f: FilterOptions): string[] {
  const out: string[] = [];
  if (f.since !== undefined) out.push(`since ${f.since}`);
  if (f.until !== undefined) out.push(`until ${f.until}`);
  if (f.namespace?.length) out.push(`namespace ${f.namespace.join('|')}`);
  if (f.pod?.length) out.push(`pod ${f.pod.join('|')}`);
  if (f.container?.length) out.push(`container ${f.container.join('|')}`);
  if (f.minSeverity !== undefined) out.push(`severity ≥ ${f.minSeverity}`);
  if (f.only?.length) out.push(`only ${f.only.join(', ')}`);
  if (f.exclude?.length) out.push(`excluding ${f.exclude.join(', ')}`);
  return out;
}

/** What the filters left out (and kept without a time), as one phrase, or '' when nothing. */
export function describeFilterCounts(r: ReportFilters): string {
  const out: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  const left: string[] = [];
  if (r.excludedEntries > 0) left.push(`${n(r.excludedEntries)} matched ${r.excludedEntries === 1 ? 'entry' : 'entries'} outside the filters`);
  if (r.excludedFindings > 0) left.push(`${n(r.excludedFindings)} ${r.excludedFindings === 1 ? 'finding' : 'findings'} (×${n(r.excludedCount)}) not selected`);
  if (left.length) out.push(`left out ${left.join(' and ')}`);
  if (r.untimedEntries > 0) out.push(`kept ${n(r.untimedEntries)} matched ${r.untimedEntries === 1 ? 'entry' : 'entries'} without a timestamp`);
  return out.join('; ');
}
