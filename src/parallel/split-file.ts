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
import { shiftEvidence } from '../correlate/evidence-store.js';
import { UnknownCollector } from '../correlate/unknown/collect.js';
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
  // Ranges are joined as they come in, in order: a range read ahead waits for the ones before it.
  const join = new RangeJoin();
  let next = 0;
  const take = (): number => (next < jobs.length ? next++ : -1);
  const runner = async (run: RangeRunner): Promise<void> => {
    for (let i = take(); i !== -1; i = take()) join.offer(i + 1, await run(jobs[i]!));
  };
  const others = Array.from({ length: Math.max(1, runners) }, () => runner(runRange));
  // Collected below; a failure must not count as unhandled meanwhile.
  for (const p of others) p.catch(() => undefined);
  join.offer(0, await analyzeLog({ label: input.label, meta: input.meta, year: input.year, source: input.source, range: { offset: 0, start: 0, later: starts } }, ctx));
  // Ranges no runner has taken yet are read here.
  if (typeof plan !== 'number') await runner((job) => analyzeRange(job, ctx));
  await Promise.all(others);
  return join.result();
}

/**
 * Chains the ranges from the first, merging each into one aggregate as soon as the ones before it
 * are in (so that no more than a few ranges' aggregates are held at once). A range joins the chain
 * if it begins where the chain ends; a range the chain has read past (a range before it could not
 * stop cleanly) or an empty one is left out.
 */
class RangeJoin {
  private readonly waiting = new Map<number, SourceResult>();
  private nextIndex = 0;
  private first: SourceResult | null = null;
  private last: SourceResult | null = null;
  private end = 0;
  private readonly counters = newAssemblerCounters();
  private readonly aggregator = new Aggregator();
  private readonly unknown = new UnknownCollector();
  private readonly errors: string[] = [];
  private filtered: ReturnType<typeof newFilterCounts> | undefined;
  private bytes = 0;
  private truncated = 0;
  private linesBefore = 0;

  offer(index: number, r: SourceResult): void {
    this.waiting.set(index, r);
    for (let w = this.waiting.get(this.nextIndex); w; w = this.waiting.get(this.nextIndex)) {
      this.waiting.delete(this.nextIndex++);
      if (this.first === null) {
        this.first = w;
        this.filtered = w.filtered ? newFilterCounts() : undefined;
      } else if (!(w.part!.begin === this.end && w.part!.end > this.end)) continue;
      this.add(w);
    }
  }

  private add(r: SourceResult): void {
    if (this.filtered && r.filtered) addFilterCounts(this.filtered, r.filtered);
    this.aggregator.mergeState(shiftLines(r.aggregate, this.linesBefore));
    this.unknown.mergeState(r.unknown, { shift: this.linesBefore });
    addAssemblerCounters(this.counters, r.counters);
    this.errors.push(...r.errors);
    this.bytes += r.bytes;
    this.truncated += r.truncated;
    this.linesBefore += r.counters.lines;
    this.end = r.part!.end;
    this.last = r;
  }

  /** The joined result; null when the ranges do not join up (the file changed while it was read). */
  result(): SourceResult | null {
    const first = this.first!;
    // The chain must reach the end of the file: its last range read to the end, handing on to none
    // (a file that changed while it was read may leave no range where one stopped).
    if (this.last!.part!.handedOn) return null;
    const { counters, bytes, truncated, errors, filtered } = this;
    return {
      label: first.label,
      kind: 'log',
      meta: first.meta,
      counters,
      bytes,
      truncated,
      errors,
      aggregate: this.aggregator.exportState(),
      unknown: this.unknown.exportState(),
      ...(filtered ? { filtered } : {}),
    };
  }
}

/**
 * Evidence line numbers of a later range, as numbers in the whole file: the lines in the state's
 * evidence store are moved by its blocks' shift (no record is copied), the last lines kept as
 * they are moved in place (the state is the merge's to take over).
 */
function shiftLines(state: AggregatorState, by: number): AggregatorState {
  if (by === 0) return state;
  for (const f of state.findings) if (f.lastEvidence) f.lastEvidence = { ...f.lastEvidence, line: f.lastEvidence.line + by };
  return { ...state, evidence: shiftEvidence(state.evidence, by) };
}
