/**
 * One log source → a SourceResult: bytes framed into lines, lines assembled into entries by the
 * parser, entries matched and aggregated by the same code as the single-stream pipeline, with an
 * aggregator of its own so that results can be merged in a fixed order afterwards.
 */

import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { Framer, type LineSink } from '../framing/lines.js';
import { EntryAssembler, newAssemblerCounters } from '../parse/assembler.js';
import { Aggregator } from '../correlate/aggregate.js';
import { UnknownCollector } from '../correlate/unknown/collect.js';
import { matchEntry } from './live.js';
import { describeFsError } from '../errors.js';
import { eachChunk, type ByteSource } from '../input/settle.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { DedupeKey } from '../input/role.js';
import type { AnalysisContext } from './analysis-context.js';
import type { PartSpan, SourceResult } from './outcome.js';
import { newFilterCounts } from '../model/filters.js';

export interface LogInput {
  label: string;
  meta: SourceMeta;
  /** Year for timestamps without one (klog): the file's modification year. */
  year: number;
  source: ByteSource;
  /** Line number of the line before the first one (a section of a larger file). */
  lineOffset?: number;
  dedupe?: DedupeKey;
  /** Label of the file the source is a part of. */
  partOf?: string;
  /** One byte range of a large file read by several threads (see split-file.ts). */
  range?: ByteRange;
}

/**
 * Where a part of a file starts and where the later parts do, as nominal offsets: a part begins
 * at the first line at or after its offset that the lazy path takes (0 for the first part), and
 * ends where the next part begins, if its state there is clean — else it goes on to the next.
 */
export interface ByteRange {
  /** Offset in the file of the source's first byte. */
  offset: number;
  start: number;
  later: number[];
}

/**
 * The watcher of a part's framer: before the part begins, it drops the lines that belong to the
 * part before; once begun, it looks for the line where the next part begins and stops there if
 * the assembler's state is clean, so that the next part's fresh start goes on exactly as this
 * reader would. Otherwise it reads on, and the next part's work is not used.
 */
function partWatcher(range: ByteRange, part: PartSpan, framer: Framer, assembler: EntryAssembler): NonNullable<LineSink['watch']> {
  let next = 0;
  /** Skips the later parts that would begin at or before `at`: they would begin on this very line. */
  const passLater = (at: number): void => {
    while (next < range.later.length && range.later[next]! <= at) next++;
    framer.watchFrom = range.later[next] ?? Infinity;
  };
  /** Stops before the line at `at`, where the next part begins. */
  const handOn = (at: number): true => {
    part.end = at;
    part.handedOn = true;
    framer.stop();
    return true;
  };
  // Until it begins, a later part watches every line (its source starts a byte early).
  framer.watchFrom = part.begin === null ? range.offset : (range.later[0] ?? Infinity);
  return (buf, start, end, at, whole) => {
    const boundary = whole && at >= range.start && assembler.quietLine(buf, start, end);
    if (part.begin === null) {
      // Lines before this part's first line belong to the part before.
      if (!boundary) return true;
      part.begin = at;
      // The next part begins on this same line: this one is empty.
      if (range.later[0] !== undefined && range.later[0] <= at) return handOn(at);
      passLater(at);
      return false;
    }
    if (!boundary) return false;
    if (assembler.atCleanBoundary()) return handOn(at);
    passLater(at);
    return false;
  };
}

/**
 * Where framed lines go for an assembler: bytes first (the lazy path), else text, numbered from
 * `lines.count` (the number of the line before the first).
 */
export function assemblerSink(assembler: EntryAssembler, lines: { count: number }): LineSink {
  return {
    line: (text) => assembler.push(text, ++lines.count),
    bytes: (buf, start, end) => {
      if (!assembler.pushBytes(buf, start, end)) return false;
      lines.count++;
      return true;
    },
    newBuffer: () => assembler.newBuffer(),
  };
}

/** `<label>: <reason>`, with the line reached when some lines had been read. */
export function readFailure(label: string, reason: string, line: number): string {
  return line > 0 ? `${label}: ${reason} (after line ${line})` : `${label}: ${reason}`;
}

export async function analyzeLog(input: LogInput, ctx: AnalysisContext): Promise<SourceResult> {
  const counters = newAssemblerCounters();
  const framing = { bytes: 0, truncated: 0 };
  const range = input.range;
  const continued = range !== undefined && range.start > 0;
  const aggregator = new Aggregator();
  const errors: string[] = [];
  const assemblerOptions = continued ? { ...ctx.assembler, continued: true } : ctx.assembler;
  const live = ctx.live;
  const filtered = ctx.filter ? newFilterCounts() : undefined;
  const keep = ctx.filter && filtered ? ctx.filter.forSource(input.meta, filtered) : null;
  const unknown = new UnknownCollector();
  const assembler = new EntryAssembler(input.label, counters, (entry) => matchEntry(entry, ctx.matcher, aggregator, unknown, live, keep), input.year, assemblerOptions);
  live?.track(counters, framing, filtered);
  const hash = input.dedupe ? createHash('sha256') : null;
  const stream = input.source.stream;
  const bytes = hash
    ? stream.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
          },
        }),
      )
    : stream;
  const offset = input.lineOffset ?? 0;
  const lines = { count: offset };
  let part: PartSpan | null = null;
  let stoppedEarly = false;
  /** The last chunk framed, given back to its reader (recycle) once nothing holds a view of it. */
  let previous: Buffer | null = null;
  const recycle = input.source.recycle;
  // A live input pauses between bursts; without this the last entry of a burst would wait for the next.
  let linesAtLastTick = -1;
  const idleMs = live?.hooks.idleFlushMs;
  const idle = idleMs
    ? setInterval(() => {
        if (lines.count === linesAtLastTick) assembler.flush();
        linesAtLastTick = lines.count;
      }, idleMs).unref()
    : null;
  try {
    const sink = assemblerSink(assembler, lines);
    const framer = new Framer(framing, ctx.maxLineBytes, range?.offset ?? 0);
    if (range) {
      part = { begin: continued ? null : 0, end: -1, handedOn: false };
      sink.watch = partWatcher(range, part, framer, assembler);
    }
    // The chunk before the one just framed is given back to the reader: the framer copies what it
    // keeps of a line across chunks, and the lazy path lets go of a chunk's lines (newBuffer()) once
    // the next chunk is framed.
    await eachChunk(bytes, (chunk) => {
      framer.feed(chunk, sink);
      if (recycle && previous) recycle(previous);
      previous = chunk;
      // A range that reached the next one reads no further (the stream is closed).
      stoppedEarly = framer.stopped;
      return !stoppedEarly;
    });
    // After a read error the unfinished last line is not framed (its bytes may be cut anywhere).
    framer.finish(sink);
    if (part && part.end === -1) part.end = framer.position;
  } catch (err) {
    errors.push(readFailure(input.label, `read failed: ${describeFsError(err)}`, lines.count > offset ? lines.count : 0));
  } finally {
    if (idle) clearInterval(idle);
  }
  assembler.flush();
  // Every line is assembled: the last chunk can be read into again (the next small file of a directory).
  if (recycle && previous) recycle(previous);
  // Closing the stream early is no read failure.
  const failure = stoppedEarly ? null : input.source.failure();
  if (failure) errors.push(readFailure(input.label, describeFsError(failure), lines.count > offset ? lines.count : 0));
  for (const e of errors) live?.error(e);
  return {
    label: input.label,
    kind: 'log',
    meta: input.meta,
    counters,
    // A part counts the bytes of its own lines only.
    bytes: part ? (part.begin === null ? 0 : part.end - part.begin) : framing.bytes,
    ...(part ? { part } : {}),
    truncated: framing.truncated,
    errors,
    aggregate: aggregator.exportState(),
    ...(filtered ? { filtered } : {}),
    unknown: unknown.exportState(),
    ...(input.partOf !== undefined ? { partOf: input.partOf } : {}),
    ...(hash && input.dedupe ? { dedupe: { ...input.dedupe, digest: hash.digest('hex') } } : {}),
  };
}
