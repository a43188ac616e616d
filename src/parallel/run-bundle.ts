/**
 * Batch analysis of paths: directories are walked, files and archives expanded, every file
 * analysed (in worker threads when there is enough to do), and the per-file outcomes merged in
 * input order into one report.
 */

import { availableParallelism } from 'node:os';
import { Matcher } from '../match/matcher.js';
import type { CompiledPattern } from '../library/compile.js';
import type { KindRegistry } from '../correlate/registry.js';
import type { Report } from '../model/finding.js';
import type { AssemblerOptions } from '../parse/assembler.js';
import { ExpansionBudget } from '../input/budget.js';
import type { BundleFile } from '../input/bundle-file.js';
import { collectFiles, type Input } from '../input/collect.js';
import { expand, release, type ExpandHandlers } from '../input/expand.js';
import type { Readable } from 'node:stream';
import { setMaxListeners } from 'node:events';
import type { DiskPath } from '../input/walk.js';
import type { AnalysisContext } from './analysis-context.js';
import { analyzeFileHere, analyzeLeaf } from './analyze-file.js';
import { LiveRun, type LiveHooks } from './live.js';
import { OutcomeList } from './outcome-list.js';
import type { Outcome } from './outcome.js';
import { mergeOutcomes } from './merge.js';
import { unknownSeeds } from '../correlate/unknown/known.js';
import { WorkerPool, workersAvailable } from './pool.js';
import { SPLIT_MIN_BYTES, analyzeInRanges, guidedStarts, headSplits } from './split-file.js';
import { shareAutomata } from './shared-automata.js';
import { EntryFilter } from '../match/entry-filter.js';
import { entryFilterOf, hasEntryFilter, type EntryFilterSpec, type FilterOptions } from '../model/filters.js';

/** Below this many bytes of input, starting workers costs more than it saves. */
export const AUTO_PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

/** Receives progress while a run goes on. */
export interface ProgressSink {
  start(totalBytes: number, totalFiles: number): void;
  /** Bytes of the input files read so far (compressed bytes for archives). */
  advance(bytes: number): void;
  /** The file being read now. */
  current(label: string): void;
  stop(): void;
}

export interface BundleOptions {
  patterns: readonly CompiledPattern[];
  registry: KindRegistry;
  maxLineBytes: number;
  assembler?: AssemblerOptions;
  maxExpandedBytes: number;
  /** Worker threads: a number (1 = none), or 'auto' (the core count, once the input is large enough). */
  jobs: number | 'auto';
  progress?: ProgressSink;
  /** Log files on disk at least this large are read in byte ranges by all threads (default SPLIT_MIN_BYTES). */
  splitMinBytes?: number;
  /** Compressed logs on disk at least this large are matched in a worker while this thread inflates them (default INFLATED_WORKER_MIN_BYTES). */
  inflatedWorkerMinBytes?: number;
  /** Standard input, for `-` (tests pass their own). */
  stdin?: Readable;
  /**
   * A live run (follow mode, the TUI): hooks see matches and snapshots as reading goes on. It is
   * read in this thread, without the lazy path (every entry reaches the matcher and onEntry).
   */
  live?: LiveHooks;
  /** With `live.signal`: follow files like `tail -F` and watch directories for new logs until the signal aborts. */
  follow?: boolean;
  /** Called once the inputs are resolved (before reading): the paths that could not be opened, and how many files can be. */
  onResolved?: (errors: readonly string[], files: number) => void;
  /** Report filters: entries are filtered before aggregation (here and in workers), findings selected after correlation. */
  filters?: FilterOptions;
  /** False: the report has no per-source list and no per-source timelines (only `--by source` and HTML show them). */
  sources?: boolean;
}

/**
 * `--jobs auto` uses worker threads from this many cores on. With two, one Node thread already keeps
 * about 1.3 of them busy (V8's garbage collector and libuv's reads run beside it), and on the 2-vCPU
 * development VM two threads read a 500 MB log at 0.87–0.94× the speed of one (bench/versus.mjs
 * --scaling: two independent runs at once get only 1.2–1.4× of one), a must-gather at 0.92×; so auto
 * stays on one thread there (an explicit `--jobs 2` still splits).
 */
export const AUTO_MIN_CORES = 3;

/** Files smaller than this are not worth a worker's time with `--jobs auto`: their fixed cost per file dominates. */
export const AUTO_WORKER_FILE_BYTES = 256 * 1024;

/**
 * Threads for a run. `auto` uses every core once the files big enough to be worth sending to a worker
 * add up to AUTO_PARALLEL_MIN_BYTES (a directory of thousands of tiny logs is read faster here: measured
 * with bench/jobs.mjs); a number is taken as given, up to the core count.
 */
function jobCount(jobs: number | 'auto', files: readonly BundleFile[]): number {
  const cores = availableParallelism();
  if (jobs !== 'auto') return Math.max(1, Math.min(jobs, cores));
  let worthBytes = 0;
  for (const f of files) if ('disk' in f.origin && f.origin.size >= AUTO_WORKER_FILE_BYTES) worthBytes += f.origin.size;
  return worthBytes >= AUTO_PARALLEL_MIN_BYTES && cores >= AUTO_MIN_CORES && workersAvailable() ? cores : 1;
}

export async function analyzeBundle(inputs: readonly Input[], opts: BundleOptions): Promise<Report> {
  // Every followed file, open input and live stage listens to the one stop signal (a node's
  // /var/log/pods has hundreds): not a leak, so no warning on stderr past ten — set before the
  // inputs are collected, since following a file starts listening at once.
  if (opts.live?.signal) setMaxListeners(0, opts.live.signal);
  const stdin = opts.stdin ?? process.stdin;
  const followSignal = opts.follow ? opts.live?.signal : undefined;
  const seen = new Set<string>();
  const collected = collectFiles(inputs, stdin, followSignal ? { follow: followSignal, seen } : {});
  opts.onResolved?.(collected.errors, collected.files.length);
  const budget = new ExpansionBudget(opts.maxExpandedBytes);
  const progress = opts.progress;
  progress?.start(collected.totalBytes, collected.files.length);
  // Parsed only when there are unrecognised errors to group.
  const seeds = () => unknownSeeds(opts.patterns);
  const live = opts.live ? new LiveRun(opts.live, opts.registry, opts.filters, seeds) : undefined;
  const entryFilter = opts.filters && hasEntryFilter(opts.filters) ? entryFilterOf(opts.filters) : undefined;
  const assembler = opts.assembler ?? {};
  const ctx: AnalysisContext = {
    matcher: new Matcher(opts.patterns),
    budget,
    maxLineBytes: opts.maxLineBytes,
    // A live run shows every entry as it is matched: no lazy path (same findings, by the equivalence tests).
    assembler: live ? { ...assembler, matchKeywords: undefined } : assembler,
    ...(progress ? { onDiskBytes: (n: number) => progress.advance(n), onMember: (label: string) => progress.current(label) } : {}),
    ...(live ? { live } : {}),
    ...(entryFilter ? { filter: new EntryFilter(entryFilter) } : {}),
  };
  for (const e of collected.errors) live?.error(e);
  live?.hooks.onStart?.(live);
  const jobs = live ? 1 : jobCount(opts.jobs, collected.files);
  let outcomes: Outcome[];
  try {
    if (followSignal && collected.following) {
      // Named files follow their name themselves (rotation); directories are looked at again for new logs.
      const dirs = collected.directories;
      outcomes = await analyzeFollowing(collected.files, ctx, followSignal, () => collectFiles(dirs, stdin, { follow: followSignal, seen }));
    } else {
      outcomes = jobs === 1 ? await analyzeHere(collected.files, ctx, progress) : await analyzeWithWorkers(collected.files, ctx, jobs, opts, entryFilter);
    }
  } finally {
    progress?.stop();
  }
  return mergeOutcomes(outcomes, {
    registry: opts.registry,
    errors: collected.errors,
    skipped: collected.skipped,
    skippedPaths: collected.skippedPaths,
    expandedBytes: budget.used,
    ...(opts.filters ? { filters: opts.filters } : {}),
    ...(opts.sources === false ? { sources: false } : {}),
    seeds,
  });
}

type DiskFile = BundleFile & { origin: { disk: DiskPath; size: number } };
/** Small files sent to a worker in one message: at most this many, or this many bytes in all. */
const BATCH_FILES = 256;
const BATCH_BYTES = 4 * 1024 * 1024;

/** A compressed log on disk at least this large is matched in a worker while this thread inflates it. */
export const INFLATED_WORKER_MIN_BYTES = 2 * 1024 * 1024;

/** How often followed directories are looked at for new logs. */
export const RESCAN_MS = 1000;

/**
 * Follow mode on files and directories: every followed file is read at once (they grow side by
 * side), directories are looked at again every RESCAN_MS for new logs, until the signal aborts.
 * Outcomes keep the order in which files were found.
 */
async function analyzeFollowing(files: BundleFile[], ctx: AnalysisContext, signal: AbortSignal, rescan: () => { files: BundleFile[]; errors: string[] }): Promise<Outcome[]> {
  const list = new OutcomeList();
  const start = (file: BundleFile): void => list.pushLater(analyzeFileHere(file, ctx));
  for (const f of files) start(f);
  const timer = setInterval(() => {
    const more = rescan();
    for (const e of more.errors) {
      list.push({ type: 'error', message: e });
      ctx.live?.error(e);
    }
    for (const f of more.files) start(f);
  }, RESCAN_MS);
  await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
  clearInterval(timer);
  return list.settle();
}

async function analyzeHere(files: BundleFile[], ctx: AnalysisContext, progress: ProgressSink | undefined): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const file of files) {
    // A stopped live run reads no further input.
    if (ctx.live?.hooks.signal?.aborted) break;
    progress?.current(file.label);
    out.push(...(await analyzeFileHere(file, ctx)));
  }
  return out;
}

/**
 * The main thread expands archives and hands every member to a worker; a file on disk that is not
 * an archive is handed over by path (the worker reads it itself).
 */
async function analyzeWithWorkers(files: BundleFile[], ctx: AnalysisContext, jobs: number, opts: BundleOptions, filter: EntryFilterSpec | undefined): Promise<Outcome[]> {
  const pool = new WorkerPool(
    jobs,
    {
      patterns: opts.patterns.map((p) => ({ spec: p.spec, file: p.file, engines: p.runners.map((r) => r.engine) })),
      maxLineBytes: opts.maxLineBytes,
      assembler: ctx.assembler,
      budgetLimit: ctx.budget.limit,
      budgetShared: ctx.budget.shared,
      ...(filter ? { filter } : {}),
      ...(ctx.assembler.matchKeywords ? { automata: shareAutomata(ctx.assembler.matchKeywords) } : {}),
    },
    (bytes) => opts.progress?.advance(bytes),
  );
  const list = new OutcomeList();
  const lazyKeywords = (ctx.assembler.inputFormat ?? 'auto') === 'auto' ? ctx.assembler.matchKeywords : undefined;
  /** Bytes of the current top-level file read in this thread. */
  let readHere = 0;
  /** What expanding the current top-level file in this thread took from the budget. */
  let fileBudget = ctx.budget.counted();
  const h: ExpandHandlers = {
    get budget() {
      return fileBudget;
    },
    onDiskBytes: (n) => {
      readHere += n;
      opts.progress?.advance(n);
    },
    problem: (message) => list.push({ type: 'error', message }),
    skipped: (label, reason) => list.push({ type: 'skipped', label, reason }),
    archive: (label) => list.push({ type: 'archive', label }),
    leaf: async (file, view, source, head, role) => {
      if (
        'disk' in file.origin &&
        !view.inflated &&
        role.role === 'log' &&
        !role.dedupe &&
        file.origin.size >= (opts.splitMinBytes ?? SPLIT_MIN_BYTES) &&
        headSplits(head, lazyKeywords)
      ) {
        // One large log: this thread reads its first range while the workers read the others.
        const disk = file.origin;
        const input = { label: view.label, disk: disk.disk, meta: role.meta, year: (view.mtime ?? new Date()).getUTCFullYear(), size: disk.size, source };
        list.pushLater(
          analyzeInRanges(input, { starts: guidedStarts(disk.size, jobs), threads: jobs }, ctx, (job) => pool.runRange(job)).then(async (joined) =>
            // Ranges that do not join up (the file changed while it was read): it is read again, whole.
            joined ? [{ type: 'source' as const, source: joined }] : analyzeFileHere({ ...file, origin: disk }, ctx),
          ),
        );
        return;
      }
      if ('disk' in file.origin && view.inflated && role.role === 'log' && file.origin.size >= (opts.inflatedWorkerMinBytes ?? INFLATED_WORKER_MIN_BYTES)) {
        // A large compressed log: this thread inflates it (zlib runs on libuv's threads) while a worker parses and matches.
        const member: BundleFile = { label: view.label, path: view.path, mtime: view.mtime, origin: { stream: source } };
        list.pushLater((await pool.runStream(member, source, 0)).result);
        return;
      }
      // A lone file below the split size: a worker would only add its start-up to the run.
      if ('disk' in file.origin && files.length > 1) {
        // Only the first bytes were read here; the worker reads the file itself.
        await release(file, source.stream);
        // The worker reports the bytes it reads (and expands); what was read here to look at the file is taken back.
        opts.progress?.advance(-readHere);
        fileBudget.giveBack();
        list.pushLater((await pool.runDisk(file as BundleFile & { origin: { disk: DiskPath; size: number } }, 0)).result);
        return;
      }
      const done = analyzeLeaf(file, view, source, head, role, ctx);
      list.pushLater(done);
      await done;
    },
    member: async (file, depth) => {
      opts.progress?.current(file.label);
      if (!('stream' in file.origin)) throw new Error(`archive member ${file.label} has no stream`);
      list.pushLater((await pool.runStream(file, file.origin.stream, depth)).result);
    },
  };
  try {
    const splitMin = opts.splitMinBytes ?? SPLIT_MIN_BYTES;
    /** Small files on disk waiting to go to a worker together. */
    let batch: DiskFile[] = [];
    let batchBytes = 0;
    const sendBatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      const files = batch;
      batch = [];
      batchBytes = 0;
      list.pushLater((await pool.runDisks(files)).result);
    };
    for (const file of files) {
      opts.progress?.current(file.label);
      readHere = 0;
      fileBudget = ctx.budget.counted();
      if ('disk' in file.origin && file.origin.size < splitMin && files.length > 1) {
        // Too small to be read in ranges: a worker opens and reads it itself, nothing is read here;
        // small files travel in batches (one message for many), so many tiny logs cost no more than here.
        batch.push(file as DiskFile);
        batchBytes += file.origin.size;
        if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await sendBatch();
        continue;
      }
      await sendBatch();
      try {
        await expand(file, h);
      } catch (err) {
        list.push({ type: 'error', message: `${file.label}: ${(err as Error).message}` });
      }
    }
    await sendBatch();
    return await list.settle();
  } finally {
    await pool.close();
  }
}
