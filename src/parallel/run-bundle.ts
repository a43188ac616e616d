/**
 * Batch analysis of paths: directories are walked, files and archives expanded, every file
 * analysed (in worker threads when there is enough to do), and the per-file outcomes merged in
 * input order into one report.
 */

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Matcher } from '../match/matcher.js';
import type { CompiledPattern } from '../library/compile.js';
import type { KindRegistry } from '../correlate/registry.js';
import type { Report } from '../model/finding.js';
import type { AssemblerOptions } from '../parse/assembler.js';
import { describeFsError } from '../errors.js';
import { ExpansionBudget } from '../input/budget.js';
import { layoutPath, type BundleFile } from '../input/bundle-file.js';
import { expand, release, type ExpandHandlers } from '../input/expand.js';
import { walkDirectory } from '../input/walk.js';
import { settledPipeline } from '../input/settle.js';
import type { AnalysisContext } from './analysis-context.js';
import { analyzeFileHere, analyzeLeaf } from './analyze-file.js';
import { OutcomeList } from './outcome-list.js';
import type { Outcome } from './outcome.js';
import { mergeOutcomes } from './merge.js';
import { WorkerPool, workersAvailable } from './pool.js';
import { SPLIT_MIN_BYTES, analyzeInRanges, headSplits } from './split-file.js';
import { shareAutomata } from './shared-automata.js';

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
  /** Standard input, for `-` (tests pass their own). */
  stdin?: NodeJS.ReadableStream;
}

interface Collected {
  files: BundleFile[];
  errors: string[];
  skipped: Record<string, number>;
  totalBytes: number;
}

/** Resolves the command-line paths to bundle files, in order. */
export function collectFiles(paths: string[], stdin: NodeJS.ReadableStream): Collected {
  const out: Collected = { files: [], errors: [], skipped: {}, totalBytes: 0 };
  for (const p of paths.length === 0 ? ['-'] : paths) {
    if (p === '-') {
      const stream = settledPipeline(stdin as NodeJS.ReadableStream & import('node:stream').Readable);
      out.files.push({ label: '-', path: '-', mtime: new Date(), origin: { stream } });
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      out.errors.push(`${p}: ${describeFsError(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      walkDirectory(p, {
        file: (f) => {
          out.files.push({ label: f.path, path: layoutPath(f.path), mtime: f.mtime, origin: { disk: f.path, size: f.size } });
          out.totalBytes += f.size;
        },
        skipped: (_path, reason) => {
          out.skipped[reason] = (out.skipped[reason] ?? 0) + 1;
        },
        error: (m) => out.errors.push(m),
      });
    } else {
      out.files.push({ label: p, path: layoutPath(p), mtime: st.mtime, origin: { disk: p, size: st.size } });
      out.totalBytes += st.size;
    }
  }
  return out;
}

function jobCount(jobs: number | 'auto', totalBytes: number): number {
  const cores = availableParallelism();
  if (jobs === 'auto') return totalBytes >= AUTO_PARALLEL_MIN_BYTES && cores > 1 && workersAvailable() ? cores : 1;
  return Math.max(1, Math.min(jobs, cores));
}

export async function analyzeBundle(paths: string[], opts: BundleOptions): Promise<Report> {
  const collected = collectFiles(paths, opts.stdin ?? process.stdin);
  const budget = new ExpansionBudget(opts.maxExpandedBytes);
  const progress = opts.progress;
  progress?.start(collected.totalBytes, collected.files.length);
  const ctx: AnalysisContext = {
    matcher: new Matcher(opts.patterns),
    budget,
    maxLineBytes: opts.maxLineBytes,
    assembler: opts.assembler ?? {},
    ...(progress ? { onDiskBytes: (n: number) => progress.advance(n), onMember: (label: string) => progress.current(label) } : {}),
  };
  const jobs = jobCount(opts.jobs, collected.totalBytes);
  let outcomes: Outcome[];
  try {
    outcomes = jobs === 1 ? await analyzeHere(collected.files, ctx, progress) : await analyzeWithWorkers(collected.files, ctx, jobs, opts);
  } finally {
    progress?.stop();
  }
  return mergeOutcomes(outcomes, {
    registry: opts.registry,
    errors: collected.errors,
    skipped: collected.skipped,
    expandedBytes: budget.used,
  });
}

async function analyzeHere(files: BundleFile[], ctx: AnalysisContext, progress: ProgressSink | undefined): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const file of files) {
    progress?.current(file.label);
    out.push(...(await analyzeFileHere(file, ctx)));
  }
  return out;
}

/**
 * The main thread expands archives and hands every member to a worker; a file on disk that is not
 * an archive is handed over by path (the worker reads it itself).
 */
async function analyzeWithWorkers(files: BundleFile[], ctx: AnalysisContext, jobs: number, opts: BundleOptions): Promise<Outcome[]> {
  const pool = new WorkerPool(
    jobs,
    {
      patterns: opts.patterns.map((p) => ({ spec: p.spec, file: p.file, engines: p.runners.map((r) => r.engine) })),
      maxLineBytes: opts.maxLineBytes,
      assembler: ctx.assembler,
      budgetLimit: ctx.budget.limit,
      budgetShared: ctx.budget.shared,
      ...(ctx.assembler.matchKeywords ? { automata: shareAutomata(ctx.assembler.matchKeywords) } : {}),
    },
    (bytes) => opts.progress?.advance(bytes),
  );
  const list = new OutcomeList();
  const lazyKeywords = (ctx.assembler.inputFormat ?? 'auto') === 'auto' ? ctx.assembler.matchKeywords : undefined;
  /** Bytes of the current top-level file read in this thread. */
  let readHere = 0;
  const h: ExpandHandlers = {
    budget: ctx.budget,
    onDiskBytes: (n) => {
      readHere += n;
      opts.progress?.advance(n);
    },
    problem: (message) => list.push({ type: 'error', message }),
    skipped: (label, reason) => list.push({ type: 'skipped', label, reason }),
    archive: (label) => list.push({ type: 'archive', label }),
    leaf: async (file, view, source, head, role) => {
      if ('disk' in file.origin && role.role === 'log' && !role.dedupe && file.origin.size >= (opts.splitMinBytes ?? SPLIT_MIN_BYTES) && headSplits(head, lazyKeywords)) {
        // One large log: this thread reads its first range while the workers read the others.
        const disk = file.origin;
        const input = { label: view.label, disk: disk.disk, meta: role.meta, year: (view.mtime ?? new Date()).getUTCFullYear(), size: disk.size, source };
        list.pushLater(
          analyzeInRanges(input, jobs, ctx, (job) => pool.runRange(job)).then(async (joined) =>
            // Ranges that cannot be joined exactly (rare): the file is read again, whole.
            joined ? [{ type: 'source' as const, source: joined }] : analyzeFileHere({ ...file, origin: disk }, ctx),
          ),
        );
        return;
      }
      // A lone file below the split size: a worker would only add its start-up to the run.
      if ('disk' in file.origin && files.length > 1) {
        // Only the first bytes were read here; the worker reads the file itself.
        await release(file, source.stream);
        // The worker reports the bytes it reads; what was read here to look at the file is taken back.
        opts.progress?.advance(-readHere);
        list.pushLater((await pool.runDisk(file as BundleFile & { origin: { disk: string; size: number } }, 0)).result);
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
    for (const file of files) {
      opts.progress?.current(file.label);
      readHere = 0;
      try {
        await expand(file, h);
      } catch (err) {
        list.push({ type: 'error', message: `${file.label}: ${(err as Error).message}` });
      }
    }
    return await list.settle();
  } finally {
    await pool.close();
  }
}
