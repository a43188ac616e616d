/**
 * Bytes → lines, with a line-length cap: the part of a line past the cap is skipped up to the
 * next newline and the line is counted as truncated, so a single enormous line is never buffered
 * whole. Newlines are found in the raw bytes (a native scan) and each line is decoded on its own,
 * which makes framing cost little more than the decoding itself.
 */

import type { Readable } from 'node:stream';

/** Default cap on one physical line, in bytes. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const LF = 10;
const CR = 13;

export interface FramingCounters {
  bytes: number;
  truncated: number;
}

/** The bytes of one line that spans chunks, kept up to the cap. */
class PartialLine {
  private pieces: Buffer[] = [];
  length = 0;
  /** Set once the line outgrew the cap: further bytes up to the newline are skipped. */
  dropping = false;

  constructor(
    private readonly limit: number,
    private readonly counters: FramingCounters,
  ) {}

  get empty(): boolean {
    return this.length === 0 && !this.dropping;
  }

  add(chunk: Buffer, start: number, end: number): void {
    if (this.dropping || end === start) return;
    const room = this.limit - this.length;
    if (end - start > room) {
      end = start + room;
      this.dropping = true;
      this.counters.truncated++;
    }
    if (end > start) {
      // A copy: the chunk may be a view of a buffer its producer reuses.
      this.pieces.push(Buffer.from(chunk.subarray(start, end)));
      this.length += end - start;
    }
  }

  /** The line's bytes so far; the line is reset. */
  take(): Buffer {
    const out = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.length);
    this.pieces = [];
    this.length = 0;
    this.dropping = false;
    return out;
  }
}

/** A finished line: the bytes before the newline, capped, without a CR the cap left at its end. */
function decodeLine(buf: Buffer, start: number, end: number, limit: number, counters: FramingCounters): string {
  if (end - start > limit) {
    end = start + limit;
    counters.truncated++;
  }
  if (end > start && buf[end - 1] === CR) end--;
  return buf.toString('utf8', start, end);
}

/**
 * The lines of a byte stream. Each chunk is framed at once and its lines handed out one by one
 * from an array: an async generator would cost a suspension per line.
 */
class LineIterator implements AsyncIterableIterator<string> {
  private readonly source: AsyncIterator<Buffer | string>;
  private readonly partial: PartialLine;
  private lines: string[] = [];
  private index = 0;
  private ended = false;

  constructor(
    input: Readable,
    private readonly counters: FramingCounters,
    private readonly limit: number,
  ) {
    this.source = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    this.partial = new PartialLine(limit, counters);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<string>> {
    if (this.index < this.lines.length) return Promise.resolve({ value: this.lines[this.index++]!, done: false });
    return this.refill();
  }

  /** Stops early (the consumer broke out of its loop): the input is destroyed. */
  async return(): Promise<IteratorResult<string>> {
    this.ended = true;
    this.lines = [];
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<string>> {
    while (!this.ended) {
      const r = await this.source.next();
      this.lines = [];
      this.index = 0;
      if (r.done) {
        this.ended = true;
        if (this.partial.length > 0) return { value: this.partial.take().toString('utf8'), done: false };
        break;
      }
      this.frame(typeof r.value === 'string' ? Buffer.from(r.value) : r.value);
      if (this.lines.length > 0) return { value: this.lines[this.index++]!, done: false };
    }
    return { value: undefined, done: true };
  }

  private frame(chunk: Buffer): void {
    const { counters, limit, partial, lines } = this;
    counters.bytes += chunk.length;
    let start = 0;
    if (!partial.empty) {
      const nl = chunk.indexOf(LF);
      partial.add(chunk, 0, nl === -1 ? chunk.length : nl);
      if (nl === -1) return;
      const line = partial.take();
      lines.push(decodeLine(line, 0, line.length, limit, counters));
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      lines.push(decodeLine(chunk, start, nl, limit, counters));
      start = nl + 1;
    }
    partial.add(chunk, start, chunk.length);
  }
}

/**
 * Frames a byte stream into lines (CRLF or LF; a last line without newline counts too). Errors
 * of the input surface as a rejection of the iteration, so the caller can report them against
 * the source; an unfinished last line is then not framed.
 */
export function frameLines(
  input: Readable,
  counters: FramingCounters,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncIterable<string> {
  return new LineIterator(input, counters, maxLineBytes);
}
