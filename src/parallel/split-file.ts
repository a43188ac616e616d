/**
 * One large log file read by several threads at once, with the same result as one reader: the
 * file is cut at nominal offsets into byte ranges; each later range begins at its first line that
 * the lazy path takes (a bare klog or zap JSON line that cannot match), and each range stops
 * where the next one begins, if its assembler's state there is clean (analyze-log.ts). Ranges
 * are then chained from the start of the file: a range that could not stop cleanly read on, and
 * the range it ran into is left out. The aggregates are merged in order, with line numbers
 * shifted. Every aggregate merges exactly (the objects a finding lists are a sample that merges
 * exactly, see ObjectSample), so the result is what one reader gives and the file is read once.
 */

import { addFilterCounts, newFilterCounts } from '../model/filters.js';
import type { DiskPath } from '../input/walk.js';
import { Aggregator, type AggregatorState } from '../correlate/aggregate.js';
import { addAssemblerCounters, newAssemblerCounters } from '../parse/assembler.js';
import { QuietBytes, quietByteScannerFor } from '../parse/quiet-bytes.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { ByteSource } from '../input/settle.js';
import { openDiskFile } from '../input/bundle-file.js';
import type { AnalysisContext } from './analysis-context.js';
import { analyzeLog } from './analyze-log.js';
import type { SourceResult } from './outcome.js';

/** Files below this size are read by one thread. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Bytes the first range gets beyond an equal share: about what the main thread reads while a
 * worker starts (0.3–0.4 s).
 */
const FIRST_RANGE_HEAD_START = 40 * 1024 * 1024;

/** What a later range needs to be read in another thread. */
export interface RangeJob {
  label: string;
  disk: DiskPath;
  meta: SourceMeta;
  year: number;
  /** Nominal start (the range reads from one byte before it) and the later ranges' starts. */
  start: number;
  later: number[];
}

/** Reads a later range of a file on disk (in a worker thread). */
export function analyzeRange(job: RangeJob, ctx: AnalysisContext): Promise<SourceResult> {
  const offset = job.start - 1;
  const source = openDiskFile(job.disk, offset, ctx.onDiskBytes);
  return analyzeLog({ label: job.label, meta: job.meta, year: job.year, source, range: { offset, start: job.start, later: job.later } }, ctx);
}

/** Reads a later range elsewhere (a worker thread). */
export type RangeRunner = (job: RangeJob) => Promise<SourceResult>;

/**
 * Whether the head of a log looks like bare klog or zap JSON lines, the only ones a later range
 * can begin at: most of its whole lines are lines the lazy path takes.
 */
export function headSplits(head: string, keywords: readonly string[] | undefined): boolean {
  if (!keywords) return false;
  const quiet = new QuietBytes(quietByteScannerFor(keywords));
  const lines = head.split('\n').slice(0, -1);
  if (lines.length === 0) return false;
  let taken = 0;
  for (const l of lines) {
    const b = Buffer.from(l.endsWith('\r') ? l.slice(0, -1) : l);
    quiet.newBuffer();
    if (quiet.classify(b, 0, b.length) !== null) taken++;
  }
  return taken * 2 >= lines.length;
}

/** The smallest range a file is cut into for several threads (the last ones are this size). */
export const MIN_RANGE_BYTES = 16 * 1024 * 1024;

/**
 * Where the ranges of a file read by `threads` threads begin (after the first, at 0): each range
 * is 1 / (2 × threads) of what is left, down to MIN_RANGE_BYTES, so that the threads take ranges
 * as they become free and finish together (a thread that started late, or runs slower, takes
 * fewer), while the number of ranges to merge stays small (about 12 for 500 MB and two threads).
 */
export function guidedStarts(size: number, threads: number, minBytes = MIN_RANGE_BYTES): number[] {
  const starts: number[] = [];
  for (let at = 0; ; ) {
    at += Math.max(minBytes, Math.floor((size - at) / (2 * threads)));
    // A short tail joins the range before it.
    if (size - at < minBytes / 2) break;
    starts.push(at);
  }
  return starts;
}

/** How a file is cut: `parts` ranges each read by a thread of its own, or ranges shared out to `threads` threads. */
export type RangePlan = number | { starts: number[]; threads: number };

/**
 * Analyses a log file of `size` bytes in byte ranges: the first here from `source`, the others by
 * `runRange`. With a number, that many ranges, each with a runner of its own (the first range a
 * little longer, since it starts at once); with a plan of starts and threads, `threads - 1` runners
 * take the later ranges in order as they become free, and this thread takes them too once its first
 * range is read. Returns null when the ranges cannot be joined exactly (the caller then reads the
 * file in one go).
 */
export async function analyzeInRanges(
  input: { label: string; disk: DiskPath; meta: SourceMeta; year: number; size: number; source: ByteSource },
  plan: RangePlan,
  ctx: AnalysisContext,
  runRange: RangeRunner,
): Promise<SourceResult | null> {
  let starts: number[];
  let runners: number;
  if (typeof plan === 'number') {
    // The other ranges start later, once their worker is up: the first range is that much longer.
    const head = Math.min(FIRST_RANGE_HEAD_START, Math.floor(input.size / (2 * plan)));
    starts = Array.from({ length: plan - 1 }, (_, i) => head + Math.floor(((input.size - head) * (i + 1)) / plan));
    runners = plan - 1;
  } else {
    starts = plan.starts;
    runners = plan.threads - 1;
  }
  const jobs: RangeJob[] = starts.map((start, i) => ({ label: input.label, disk: input.disk, meta: input.meta, year: input.year, start, later: starts.slice(i + 1) }));
  const results: SourceResult[] = new Array<SourceResult>(jobs.length);
  let next = 0;
  const take = (): number => (next < jobs.length ? next++ : -1);
  const runner = async (run: RangeRunner): Promise<void> => {
    for (let i = take(); i !== -1; i = take()) results[i] = await run(jobs[i]!);
  };
  const others = Array.from({ length: Math.max(1, runners) }, () => runner(runRange));
  // Collected below; a failure must not count as unhandled meanwhile.
  for (const p of others) p.catch(() => undefined);
  const first = await analyzeLog({ label: input.label, meta: input.meta, year: input.year, source: input.source, range: { offset: 0, start: 0, later: starts } }, ctx);
  // Ranges no runner has taken yet are read here.
  if (typeof plan !== 'number') await runner((job) => analyzeRange(job, ctx));
  await Promise.all(others);
  return joinRanges([first, ...results]);
}

/** Chains the ranges from the first; null when they do not join up (the file changed while it was read). */
function joinRanges(ranges: SourceResult[]): SourceResult | null {
  const first = ranges[0]!;
  const chain = [first];
  for (let end = first.part!.end; ; ) {
    const next = ranges.find((r) => r.part!.begin === end && r.part!.end > end);
    if (!next) break;
    chain.push(next);
    end = next.part!.end;
  }
  // The chain must reach the end of the file: its last range read to the end, handing on to none
  // (a file that changed while it was read may leave no range where one stopped).
  if (chain[chain.length - 1]!.part!.handedOn) return null;

  const counters = newAssemblerCounters();
  const aggregator = new Aggregator();
  const errors: string[] = [];
  let bytes = 0;
  let truncated = 0;
  let linesBefore = 0;
  const filtered = first.filtered ? newFilterCounts() : undefined;
  for (const r of chain) {
    if (filtered && r.filtered) addFilterCounts(filtered, r.filtered);
    aggregator.mergeState(shiftLines(r.aggregate, linesBefore));
    addAssemblerCounters(counters, r.counters);
    errors.push(...r.errors);
    bytes += r.bytes;
    truncated += r.truncated;
    linesBefore += r.counters.lines;
  }
  return { label: first.label, kind: 'log', meta: first.meta, counters, bytes, truncated, errors, aggregate: aggregator.exportState(), ...(filtered ? { filtered } : {}) };
}

/** Evidence line numbers of a later range, as numbers in the whole file. */
function shiftLines(state: AggregatorState, by: number): AggregatorState {
  if (by === 0) return state;
  return {
    ...state,
    findings: state.findings.map((f) => ({
      ...f,
      finding: { ...f.finding, evidence: f.finding.evidence.map((e) => ({ ...e, line: e.line + by })) },
      lastEvidence: f.lastEvidence ? { ...f.lastEvidence, line: f.lastEvidence.line + by } : null,
    })),
  };
}
