/**
 * Bytes → lines. A line-length cap runs before split2 so that a single enormous line can never
 * be buffered whole: the part past the cap is skipped up to the next newline and the line is
 * counted as truncated (split2's own `skipOverflow` would drop it without a trace).
 */

import { Transform, type TransformCallback, type Readable, pipeline } from 'node:stream';
import split2 from 'split2';

/** Default cap on one physical line, in bytes. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = Buffer.from('\n');

export interface FramingCounters {
  bytes: number;
  truncated: number;
}

/** Passes bytes through, cutting every line to at most `limit` bytes and counting what it cut. */
export class LineCap extends Transform {
  private run = 0;
  private dropping = false;

  constructor(
    private readonly limit: number,
    private readonly counters: FramingCounters,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.counters.bytes += chunk.length;
    if (!this.dropping && this.fitsWhole(chunk)) {
      const lastNl = chunk.lastIndexOf(10);
      this.run = lastNl === -1 ? this.run + chunk.length : chunk.length - lastNl - 1;
      cb(null, chunk);
      return;
    }
    const out: Buffer[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.dropping) {
        const room = this.limit - this.run;
        if (end - start <= room) {
          out.push(chunk.subarray(start, end));
          this.run += end - start;
        } else {
          out.push(chunk.subarray(start, start + room));
          this.run = this.limit;
          this.dropping = true;
          this.counters.truncated++;
        }
      }
      if (nl === -1) break;
      out.push(NEWLINE);
      this.run = 0;
      this.dropping = false;
      start = nl + 1;
    }
    cb(null, Buffer.concat(out));
  }

  /** True when no line touching this chunk grows past the limit (the common case: pass it through). */
  private fitsWhole(chunk: Buffer): boolean {
    let room = this.limit - this.run;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (end - start > room) return false;
      if (nl === -1) return true;
      room = this.limit;
      start = nl + 1;
    }
  }
}

/**
 * Frames a byte stream into lines (CRLF or LF). Errors of the input surface as a rejection of
 * the iteration, so the caller can report them against the source.
 */
export function frameLines(
  input: Readable,
  counters: FramingCounters,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncIterable<string> {
  const splitter = split2();
  pipeline(input, new LineCap(maxLineBytes, counters), splitter, (err) => {
    if (err) splitter.destroy(err);
  });
  return splitter as AsyncIterable<string>;
}
