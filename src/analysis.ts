/**
 * The composition root: every way of running kube-log-doctor — a one-off report, follow mode, the
 * TUI — goes through `analyze()`. It loads the signature library and the kind registry, resolves
 * the inputs (files, directories, archives, standard input, streams), and runs them through one
 * path: input → framing → parse → match → correlate. Live use only adds hooks.
 */

import type { Readable } from 'node:stream';
import { loadLibrary, type LoadedLibrary } from './library/load.js';
import { VerdictCache } from './library/safety.js';
import { KindRegistry } from './correlate/registry.js';
import { loadApiResources, loadCrds } from './input/registry-files.js';
import { signatureKeywords } from './match/matcher.js';
import { analyzeBundle, type ProgressSink } from './parallel/run-bundle.js';
import type { LiveHooks } from './parallel/live.js';
import type { Input } from './input/collect.js';
import type { InputFormat } from './parse/input-format.js';
import type { Report } from './model/finding.js';
import { DEFAULT_MAX_EXPANDED_BYTES } from './input/budget.js';
import type { FilterOptions } from './model/filters.js';
import type { Catalog } from './model/catalog.js';
import { NEAR_MISS_UNITS } from './correlate/rule-units.js';
import { NEAR_MISS_FAMILY } from './correlate/correlate.js';
import { UsageError } from './errors.js';

export type { LiveHooks, LiveAnalysis } from './parallel/live.js';
export type { Input, StreamInput } from './input/collect.js';

/** What a run reads besides the logs: signatures and the kinds the cluster serves. */
export interface KnowledgeOptions {
  /** Extra pattern directories (`--patterns`). */
  patterns?: readonly string[];
  /** CRD manifests (`--crds`). */
  crds?: readonly string[];
  /** `kubectl api-resources` / `get crd -o json` output (`--api-resources`). */
  apiResources?: readonly string[];
  /** Run user regexes that neither RE2 nor recheck can vouch for, time-boxed (`--allow-unverified-regex`). */
  allowUnverifiedRegex?: boolean;
  /** The environment that names the user's cache directory (`XDG_CACHE_HOME`); default the process's. */
  env?: NodeJS.ProcessEnv;
}

export interface Knowledge {
  library: LoadedLibrary;
  registry: KindRegistry;
}

/** Loads the signature library and builds the kind registry; bad files throw errors naming them. */
export function loadKnowledge(opts: KnowledgeOptions): Knowledge {
  const library = loadLibrary([...(opts.patterns ?? [])], {
    allowUnverifiedRegex: opts.allowUnverifiedRegex === true,
    verdictCache: VerdictCache.defaultFile(opts.env ?? process.env),
  });
  const registry = KindRegistry.withBuiltins();
  for (const path of opts.crds ?? []) loadCrds(registry, path);
  for (const file of opts.apiResources ?? []) loadApiResources(registry, file);
  return { library, registry };
}

export interface AnalysisOptions {
  maxLineBytes: number;
  /** `auto` detects each source's formats; anything else overrides detection (`--input-format`). */
  inputFormat?: InputFormat;
  maxExpandedBytes?: number;
  /** Worker threads: a number, or 'auto'. A live run always reads in one thread. */
  jobs?: number | 'auto';
  progress?: ProgressSink;
  /** Standard input, for `-` or no input (tests pass their own). */
  stdin?: Readable;
  /** Hooks for a live run (follow mode, the TUI). */
  live?: LiveHooks;
  /** With `live.signal`: follow files like `tail -F` and watch directories until the signal aborts (`-f`). */
  follow?: boolean;
  /** As soon as the inputs are resolved (before reading): the paths that could not be opened, and how many files can be. */
  onResolved?: (errors: readonly string[], files: number) => void;
  /** Report filters (`--since`, `--pod`, `--only`, …); check `only`/`exclude` with checkSelectionNames first. */
  filters?: FilterOptions;
  /**
   * False: the report has no per-source list (`Report.sources`, one entry per finding per source)
   * and no per-source timelines, which only `--by source` and the HTML report show.
   */
  sources?: boolean;
}

/** The library as CI formats list it: every signature, then the near-miss rules. */
export function catalogOf(library: LoadedLibrary): Catalog {
  return {
    rules: [
      ...library.patterns.map((p) => ({ id: p.spec.id, family: p.spec.family, type: 'signature' as const, title: p.spec.title, severity: p.spec.severity, explanation: p.spec.explanation.trim() })),
      ...NEAR_MISS_UNITS.map((u) => ({ id: u.id, family: NEAR_MISS_FAMILY, type: 'near-miss' as const, title: u.title, severity: u.severity, explanation: u.description })),
    ],
  };
}

/** Ids and families `--only` and `--exclude` accept: the library's signatures and families, and the near-miss rules. */
export function selectableNames(library: LoadedLibrary): Set<string> {
  const names = new Set<string>([NEAR_MISS_FAMILY, 'near-miss']);
  for (const p of library.patterns) {
    names.add(p.spec.id);
    names.add(p.spec.family);
  }
  for (const u of NEAR_MISS_UNITS) names.add(u.id);
  return names;
}

/** A usage error naming the first `--only`/`--exclude` value that is no signature, rule or family. */
export function checkSelectionNames(filters: FilterOptions, library: LoadedLibrary): void {
  const known = selectableNames(library);
  for (const [option, list] of [['--only', filters.only], ['--exclude', filters.exclude]] as const) {
    for (const name of list ?? []) {
      if (!known.has(name)) throw new UsageError(`${option}: no signature, near-miss rule or family is called "${name}" (see kube-log-doctor patterns list).`);
    }
  }
}

/** Analyses the inputs and returns the correlated report. The registry gains the kinds found in the input. */
export function analyze(inputs: readonly Input[], knowledge: Knowledge, opts: AnalysisOptions): Promise<Report> {
  const { patterns } = knowledge.library;
  const inputFormat = opts.inputFormat ?? 'auto';
  const keywords = signatureKeywords(patterns);
  return analyzeBundle(inputs, {
    patterns,
    registry: knowledge.registry,
    maxLineBytes: opts.maxLineBytes,
    // Entries only go to the matcher, so lines that cannot match are counted without a full parse.
    assembler: { inputFormat, matchKeywords: keywords, startKeywords: keywords },
    maxExpandedBytes: opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
    jobs: opts.jobs ?? 'auto',
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
    ...(opts.live ? { live: opts.live } : {}),
    ...(opts.follow ? { follow: true } : {}),
    ...(opts.onResolved ? { onResolved: opts.onResolved } : {}),
    ...(opts.filters ? { filters: opts.filters } : {}),
    ...(opts.sources === false ? { sources: false } : {}),
  });
}
