/**
 * Per-file outcomes → one report. Everything is folded in input order, whatever order the threads
 * finished in, so the same bundle always gives the same report: duplicates dropped (kind export's
 * two copies of a container log), previous container instances told apart from restart counts,
 * aggregates merged, bundle kinds added to the registry, then correlation as for a single stream.
 */

import { Aggregator } from '../correlate/aggregate.js';
import { collectGarbage, MANY_FINDINGS, tightenHeapGrowth } from '../correlate/heap.js';
import { correlate } from '../correlate/correlate.js';
import { UnknownCollector } from '../correlate/unknown/collect.js';
import { mineUnknown, type UnknownSeed } from '../correlate/unknown/drain.js';
import { rejectedKinds, type KindRegistry } from '../correlate/registry.js';
import { addAssemblerCounters, newAssemblerCounters } from '../parse/assembler.js';
import type { Evidence, Finding, InputStats, Report, SourceSummary, TimeHistogram, RejectedKinds } from '../model/finding.js';
import { findingSelector } from '../correlate/select.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { Outcome, SourceResult } from './outcome.js';
import { addFilterCounts, hasFilters, hasSelection, newFilterCounts, reportFilters, selectionOf, type FilterOptions } from '../model/filters.js';

export interface MergeOptions {
  registry: KindRegistry;
  /** Errors found before analysis (paths that do not exist, unreadable directories), in order. */
  errors?: string[];
  /** Files skipped before analysis (symlinks), by reason. */
  skipped?: Record<string, number>;
  /** The same, each with its path. */
  skippedPaths?: readonly { path: string; reason: string }[];
  expandedBytes: number;
  /** The run's filters, for the report (and the selection of findings). */
  filters?: FilterOptions;
  /** Masked match examples of the signatures, which seed the unrecognised-error miner. */
  seeds?: () => readonly UnknownSeed[];
  /**
   * False: no per-source list (`Report.sources`, one entry per finding per source) and no
   * per-source timelines, and timelines only for the listed findings: what the HTML report and
   * `--by source` need, and no other report.
   */
  sources?: boolean;
}

function dirOf(label: string): string {
  return label.slice(0, Math.max(label.lastIndexOf('/'), label.lastIndexOf('!')));
}

/** `containers/` copies whose bytes equal a `pods/` copy of the same container in the same tree. */
function duplicates(sources: SourceResult[]): Set<SourceResult> {
  const kept = new Set<string>();
  for (const s of sources) if (s.dedupe?.side === 'pods') kept.add(`${s.dedupe.group}\u0000${s.dedupe.container}\u0000${s.dedupe.digest}`);
  const dup = new Set<SourceResult>();
  for (const s of sources) {
    if (s.dedupe?.side === 'containers' && kept.has(`${s.dedupe.group}\u0000${s.dedupe.container}\u0000${s.dedupe.digest}`)) dup.add(s);
  }
  return dup;
}

/** kubelet keeps `<N>.log` for the current instance and lower N for earlier ones: mark those previous. */
function resolvePrevious(sources: SourceResult[]): void {
  const highest = new Map<string, number>();
  for (const s of sources) {
    if (s.meta.restart === undefined || s.meta.previous !== undefined || s.meta.layout === 'must-gather') continue;
    const dir = dirOf(s.label);
    highest.set(dir, Math.max(highest.get(dir) ?? -1, s.meta.restart));
  }
  for (const s of sources) {
    const top = highest.get(dirOf(s.label));
    if (top !== undefined && s.meta.restart !== undefined && s.meta.previous === undefined) s.meta = { ...s.meta, previous: s.meta.restart < top };
  }
}

function evidenceMeta(e: Evidence, meta: SourceMeta | undefined): void {
  if (!meta) return;
  if (meta.namespace !== undefined) e.namespace = meta.namespace;
  if (meta.pod !== undefined) e.pod = meta.pod;
  if (meta.container !== undefined) e.container = meta.container;
  if (meta.previous !== undefined) e.previous = meta.previous;
}

function summary(s: SourceResult, selected: ((f: Finding) => boolean) | null): SourceSummary {
  const m = s.meta;
  return {
    source: s.label,
    kind: s.kind,
    layout: m.layout,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.pod !== undefined ? { pod: m.pod } : {}),
    ...(m.container !== undefined ? { container: m.container } : {}),
    ...(m.previous !== undefined ? { previous: m.previous } : {}),
    ...(m.node !== undefined ? { node: m.node } : {}),
    lines: s.counters.lines,
    entries: s.counters.entries,
    unparsed: s.counters.unparsed,
    findings: (selected ? s.aggregate.findings.filter((f) => selected(f.finding)) : s.aggregate.findings).map((f) => ({ key: f.finding.key, count: f.finding.count })),
    errors: s.errors.length,
  };
}

export function mergeOutcomes(outcomes: Outcome[], opts: MergeOptions): Report {
  // Errors keep input order: a source's own errors come where the source does.
  const errors = [...(opts.errors ?? [])];
  const inputs: InputStats = {
    files: 0,
    archives: 0,
    logs: 0,
    eventLists: 0,
    manifests: 0,
    bundleKinds: 0,
    skipped: { ...(opts.skipped ?? {}) },
    duplicates: 0,
    expandedBytes: opts.expandedBytes,
  };
  const sources: SourceResult[] = [];
  const parts = new Set<string>();
  for (const o of outcomes) {
    if (o.type === 'kinds' || o.type === 'skipped' || (o.type === 'source' && o.source.partOf === undefined)) inputs.files++;
    if (o.type === 'source' && o.source.partOf !== undefined) parts.add(o.source.partOf);
    switch (o.type) {
      case 'source':
        sources.push(o.source);
        errors.push(...o.source.errors);
        break;
      case 'kinds':
        inputs.manifests++;
        for (const k of o.kinds) opts.registry.add(k);
        inputs.bundleKinds += o.kinds.length;
        break;
      case 'skipped':
        inputs.skipped[o.reason] = (inputs.skipped[o.reason] ?? 0) + 1;
        break;
      case 'archive':
        inputs.archives++;
        break;
      case 'error':
        errors.push(o.message);
        break;
    }
  }
  inputs.files += parts.size + Object.values(opts.skipped ?? {}).reduce((a, b) => a + b, 0);
  const dup = duplicates(sources);
  inputs.duplicates = dup.size;
  const analysed = sources.filter((s) => !dup.has(s));
  resolvePrevious(analysed);

  // Before merging: the merge takes the sources' findings over (and changes them).
  const perSource = opts.sources !== false;
  const selected = opts.filters && hasSelection(opts.filters) ? findingSelector(selectionOf(opts.filters)) : null;
  const summaries = perSource ? analysed.map((s) => summary(s, selected)) : null;
  const perSourceTimelines = perSource ? analysed.map(sourceTimelines) : [];
  const aggregator = new Aggregator();
  const unknownTemplates = new UnknownCollector();
  const counters = newAssemblerCounters();
  let bytes = 0;
  let truncated = 0;
  const filtered = newFilterCounts();
  for (const [order, s] of analysed.entries()) {
    aggregator.mergeState(s.aggregate);
    // Taken over: the state's own list is garbage from here on, not kept until the report is made.
    s.aggregate = { findings: [], templates: [], sameLine: [], evidence: { blocks: [] } };
    if (s.filtered) addFilterCounts(filtered, s.filtered);
    unknownTemplates.mergeState(s.unknown, { order });
    if (s.kind === 'log') inputs.logs++;
    else inputs.eventLists++;
    bytes += s.bytes;
    truncated += s.truncated + s.counters.truncated;
    addAssemblerCounters(counters, s.counters);
  }

  if (counters.lines === 0) inputs.notRead = notRead(outcomes, opts, dup);
  const filters = opts.filters && hasFilters(opts.filters) ? opts.filters : undefined;
  const sameLine = aggregator.sameLinePairs();
  // The aggregator's findings as they are (texts rendered only for the listed ones).
  const finished = aggregator.finish();
  // Reading many findings leaves the collector as much garbage as live data, and V8 lets the heap
  // grow past both before it collects again: correlation's tables would come on top of it all.
  // Collected first (0.2 to 0.4 s of CPU for 200,000 findings), they take the garbage's place.
  if (finished.length >= MANY_FINDINGS) {
    tightenHeapGrowth();
    collectGarbage();
  }
  const { findings, kinds, omitted, excluded, links } = correlate(finished, opts.registry, sameLine, filters ? selectionOf(filters) : undefined, {
    texts: aggregator,
    owned: true,
    byKey: aggregator,
  });
  const metaByLabel = new Map(analysed.map((s) => [s.label, s.meta]));
  for (const f of findings) for (const e of f.evidence) evidenceMeta(e, metaByLabel.get(e.source));
  const unknown = mineUnknown(unknownTemplates.exportState(), opts.seeds ?? (() => []));
  for (const g of unknown.groups) for (const e of g.examples) evidenceMeta(e, metaByLabel.get(e.source));

  return {
    version: 1,
    stats: {
      bytes,
      lines: counters.lines,
      entries: counters.entries,
      continuation: counters.continuation,
      unparsed: counters.unparsed,
      truncated,
      sources: analysed.length,
      byFormat: sortKeys(counters.byFormat),
      byLevel: sortKeys(counters.byLevel),
      errors,
      ...withRejected(opts.registry),
      inputs: { ...inputs, skipped: sortKeys(inputs.skipped) },
    },
    findings,
    kinds,
    unknown: unknown.groups,
    ...(unknown.omitted ? { unknownOmitted: unknown.omitted } : {}),
    ...(summaries ? { sources: summaries } : {}),
    ...(omitted ? { omitted } : {}),
    ...(filters ? { filters: reportFilters(filters, filtered, excluded) } : {}),
    // The HTML report's shared axis spans every finding's occurrences.
    detail: { timelines: aggregator.timelines(perSource ? aggregator.keys() : findings.map((f) => f.key)), sourceTimelines: perSourceTimelines, links },
  };
}

/** A source's findings' timed occurrences, by key (copies: the merge changes the source's own). */
function sourceTimelines(s: SourceResult): Record<string, TimeHistogram> {
  const out: Record<string, TimeHistogram> = {};
  for (const f of s.aggregate.findings) if (f.times) out[f.finding.key] = { bucketMs: f.times.bucketMs, buckets: [...f.times.buckets] };
  return out;
}

/** `rejectedKinds` for stats, when the registry refused any kind. */
export function withRejected(registry: KindRegistry): { rejectedKinds?: RejectedKinds } {
  const rejected = rejectedKinds(registry);
  return rejected ? { rejectedKinds: rejected } : {};
}

/** Most inputs listed when nothing was read. */
const MAX_NOT_READ = 100;

/** Why each input gave no line, in input order. */
function notRead(outcomes: Outcome[], opts: MergeOptions, dup: Set<SourceResult>): { source: string; reason: string }[] {
  const out = (opts.skippedPaths ?? []).map((s) => ({ source: s.path, reason: s.reason }));
  for (const o of outcomes) {
    if (o.type === 'skipped') out.push({ source: o.label, reason: o.reason });
    else if (o.type === 'kinds') out.push({ source: o.label, reason: 'a manifest (read for its kinds), not a log' });
    else if (o.type === 'source' && !dup.has(o.source)) out.push({ source: o.source.label, reason: o.source.errors.length > 0 ? 'unreadable' : 'empty' });
    else if (o.type === 'source') out.push({ source: o.source.label, reason: 'a copy of another log' });
    else if (o.type === 'error') out.push({ source: '', reason: o.message });
  }
  for (const e of opts.errors ?? []) out.unshift({ source: '', reason: e });
  return out.slice(0, MAX_NOT_READ);
}

/** Record keys in a fixed order, so JSON does not depend on which source was merged first. */
function sortKeys(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
