/**
 * Matching an entry, and what a live run (follow mode, the TUI) sees of it while it goes on.
 *
 * Every mode folds each file's matches into an aggregator of its own, and the report is merged
 * from those in input order. A live run also folds every match into one run-wide aggregator,
 * so that it can be shown (and correlated) before the input ends; its counters are the live
 * sum of the sources being read. The final report of a live run is still the merged one, so it
 * is the same as a batch run's.
 */

import type { LogEntry } from '../model/entry.js';
import { emptyStats, type Report } from '../model/finding.js';
import { addAssemblerCounters, type AssemblerCounters } from '../parse/assembler.js';
import type { Matcher, Match } from '../match/matcher.js';
import { Aggregator } from '../correlate/aggregate.js';
import { correlate } from '../correlate/correlate.js';
import { UnknownCollector } from '../correlate/unknown/collect.js';
import { mineUnknown, type UnknownSeed } from '../correlate/unknown/drain.js';
import { WRAPPER_FAMILIES } from '../correlate/unknown/known.js';
import { isUnknownCandidate } from '../match/error-words.js';
import { withRejected } from './merge.js';
import type { KindRegistry, RegisteredKind } from '../correlate/registry.js';
import { addFilterCounts, hasFilters, newFilterCounts, reportFilters, selectionOf, type FilterCounts, type FilterOptions } from '../model/filters.js';

/** Whether a matched entry counts (the entry filter of its source; see match/entry-filter.ts). */
export type EntryTest = (entry: LogEntry) => boolean;

/** Hooks for watching a run as it goes on. */
export interface LiveHooks {
  /** Called once, before reading starts, with a handle for snapshots while running. */
  onStart?: (live: LiveAnalysis) => void;
  /** Called for every match; `isNew` on the first occurrence of its finding. */
  onMatch?: (match: Match, findingKey: string, isNew: boolean) => void;
  /** Called for every entry, after matching. */
  onEntry?: (entry: LogEntry) => void;
  /** Stops reading when aborted: the source being read ends as at its end, later ones are not read. */
  signal?: AbortSignal;
  /** When an input pauses this long (ms), match its pending entry instead of waiting for the next line. */
  idleFlushMs?: number;
}

/** A running analysis, as follow mode and the TUI see it. */
export interface LiveAnalysis {
  /** The report as it would be if the input ended now (correlated; stats so far). */
  snapshot(): Report;
}

/**
 * Matches one entry and folds its matches into the source's aggregator (and, in a live run, the
 * run-wide one). Lines that match several signatures are linked.
 */
export function matchEntry(entry: LogEntry, matcher: Matcher, aggregator: Aggregator, unknown: UnknownCollector, live?: LiveRun, keep?: EntryTest | null): void {
  const keys: string[] = [];
  const liveKeys: string[] = [];
  const matches = matcher.match(entry);
  // An error no signature explains (a wrapper alone does not): an unrecognised error.
  const explained = matches.some((m) => !WRAPPER_FAMILIES.has(m.pattern.spec.family));
  const candidate = !explained && isUnknownCandidate(entry);
  // Filters look only at entries that matched or are unrecognised errors: the others are not counted anywhere.
  if (keep && (matches.length > 0 || candidate) && !keep(entry)) {
    live?.hooks.onEntry?.(entry);
    return;
  }
  for (const m of matches) {
    keys.push(aggregator.add(m).key);
    if (live) {
      const { key, isNew } = live.aggregator.add(m);
      liveKeys.push(key);
      live.hooks.onMatch?.(m, key, isNew);
    }
  }
  if (keys.length > 1) aggregator.linkSameLine(keys);
  if (candidate) unknown.add(entry);
  if (live) {
    if (candidate) live.unknown.add(entry);
    if (liveKeys.length > 1) live.aggregator.linkSameLine(liveKeys);
    live.hooks.onEntry?.(entry);
  }
}

/** The run-wide state of a live run. */
export class LiveRun implements LiveAnalysis {
  readonly aggregator = new Aggregator();
  readonly unknown = new UnknownCollector();
  private readonly counters: AssemblerCounters[] = [];
  private readonly framing: { bytes: number; truncated: number }[] = [];
  private readonly errors: string[] = [];
  private readonly filtered: FilterCounts[] = [];
  private readonly kinds: RegisteredKind[] = [];
  /** The registry with the input's kinds, made again only when kinds were added. */
  private withInputKinds: KindRegistry | null = null;
  private sources = 0;

  constructor(
    readonly hooks: LiveHooks,
    private readonly registry: KindRegistry,
    private readonly filters?: FilterOptions,
    /** Masked match examples of the signatures (correlate/unknown/known.ts). */
    private readonly seeds: () => readonly UnknownSeed[] = () => [],
  ) {}

  /** A source starts: its counters are read live from now on. */
  track(counters: AssemblerCounters, framing: { bytes: number; truncated: number }, filtered?: FilterCounts): void {
    this.sources++;
    if (filtered) this.filtered.push(filtered);
    this.counters.push(counters);
    this.framing.push(framing);
  }

  error(message: string): void {
    this.errors.push(message);
  }

  /** Kinds found in the input (CRDs of a bundle): known to snapshots at once. */
  addKinds(kinds: readonly RegisteredKind[]): void {
    this.kinds.push(...kinds);
    this.withInputKinds = null;
  }

  snapshot(): Report {
    const registry = this.kinds.length === 0 ? this.registry : (this.withInputKinds ??= this.registry.withKinds(this.kinds));
    const filters = this.filters && hasFilters(this.filters) ? this.filters : undefined;
    // Drafts (copies without texts): correlation renders the texts of the findings it lists.
    const { findings, kinds, omitted, excluded, links } = correlate(this.aggregator.drafts(), registry, this.aggregator.sameLinePairs(), filters ? selectionOf(filters) : undefined, {
      texts: this.aggregator,
      owned: true,
    });
    const stats = emptyStats();
    // Stats hold the assembler's counters under the same names.
    for (const c of this.counters) addAssemblerCounters(stats, c);
    for (const f of this.framing) {
      stats.bytes += f.bytes;
      stats.truncated += f.truncated;
    }
    stats.sources = this.sources;
    stats.errors = [...this.errors];
    const counts = newFilterCounts();
    for (const f of this.filtered) addFilterCounts(counts, f);
    const unknown = mineUnknown(this.unknown.exportState(), this.seeds);
    const rejected = withRejected(registry).rejectedKinds;
    if (rejected) stats.rejectedKinds = rejected;
    return {
      version: 1,
      stats,
      findings,
      kinds,
      unknown: unknown.groups,
      ...(unknown.omitted ? { unknownOmitted: unknown.omitted } : {}),
      ...(omitted ? { omitted } : {}),
      ...(filters ? { filters: reportFilters(filters, counts, excluded) } : {}),
      detail: { timelines: this.aggregator.timelines(findings.map((f) => f.key)), sourceTimelines: [], links },
    };
  }
}
