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
import { matchEntry } from '../pipeline.js';
import { describeFsError } from '../errors.js';
import type { ByteSource } from '../input/settle.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { DedupeKey } from '../input/role.js';
import type { AnalysisContext } from './analysis-context.js';
import type { SourceResult } from './outcome.js';

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
}

/** `<label>: <reason>`, with the line reached when some lines had been read. */
export function readFailure(label: string, reason: string, line: number): string {
  return line > 0 ? `${label}: ${reason} (after line ${line})` : `${label}: ${reason}`;
}

export async function analyzeLog(input: LogInput, ctx: AnalysisContext): Promise<SourceResult> {
  const counters = newAssemblerCounters();
  const framing = { bytes: 0, truncated: 0 };
  const aggregator = new Aggregator();
  const errors: string[] = [];
  const assembler = new EntryAssembler(input.label, counters, (entry) => matchEntry(entry, ctx.matcher, aggregator), input.year, ctx.assembler);
  const hash = input.dedupe ? createHash('sha256') : null;
  const bytes = hash
    ? input.source.stream.pipe(
        new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
          },
        }),
      )
    : input.source.stream;
  const offset = input.lineOffset ?? 0;
  let lineNo = offset;
  try {
    const sink: LineSink = {
      line: (text) => assembler.push(text, ++lineNo),
      bytes: (buf, start, end) => assembler.pushBytes(buf, start, end) && ++lineNo > 0,
      newBuffer: () => assembler.newBuffer(),
    };
    const framer = new Framer(framing, ctx.maxLineBytes);
    for await (const chunk of bytes as AsyncIterable<Buffer | string>) framer.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, sink);
    // After a read error the unfinished last line is not framed (its bytes may be cut anywhere).
    framer.finish(sink);
  } catch (err) {
    errors.push(readFailure(input.label, `read failed: ${describeFsError(err)}`, lineNo > offset ? lineNo : 0));
  }
  assembler.flush();
  const failure = input.source.failure();
  if (failure) errors.push(readFailure(input.label, describeFsError(failure), lineNo > offset ? lineNo : 0));
  return {
    label: input.label,
    kind: 'log',
    meta: input.meta,
    counters,
    bytes: framing.bytes,
    truncated: framing.truncated,
    errors,
    aggregate: aggregator.exportState(),
    ...(input.partOf !== undefined ? { partOf: input.partOf } : {}),
    ...(hash && input.dedupe ? { dedupe: { ...input.dedupe, digest: hash.digest('hex') } } : {}),
  };
}
