/**
 * Bytes → lines, with a line-length cap: the part of a line past the cap is skipped up to the
 * next newline and the line is counted as truncated, so a single enormous line is never buffered
 * whole. Newlines are found in the raw bytes (a native scan) and each line is decoded on its own,
 * which makes framing cost little more than the decoding itself.
 */

import type { Readable } from 'node:stream';

/** Default cap on one physical line, in bytes. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Highest cap `--max-line-length` accepts: a line is decoded into one string, and V8 holds at
 * most 2^29 − 24 characters (about 512 MiB) in one; half of that leaves room for the text an entry
 * gathers around its line.
 */
export const MAX_MAX_LINE_BYTES = 256 * 1024 * 1024;

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

/** The end of the line `buf[start, end)` without a CR before its newline. */
function withoutCr(buf: Buffer, start: number, end: number): number {
  return end > start && buf[end - 1] === CR ? end - 1 : end;
}

/** A finished line: the bytes before the newline, capped, without a CR the cap left at its end. */
function decodeLine(buf: Buffer, start: number, end: number, limit: number, counters: FramingCounters): string {
  if (end - start > limit) {
    end = start + limit;
    counters.truncated++;
  }
  return buf.toString('utf8', start, withoutCr(buf, start, end));
}

/** Where framed lines go. */
export interface LineSink {
  /** A line, decoded (UTF-8, invalid bytes replaced), capped, without its terminator. */
  line(text: string): void;
  /**
   * Offered each line within the cap before it is decoded: its bytes `buf[start, end)`, without
   * terminator (nor CR; a last line without newline comes as it stands). Returns true when it
   * took the line, which is then not decoded. The bytes are valid only during the call.
   */
  bytes?(buf: Buffer, start: number, end: number): boolean;
  /** Before the lines of another buffer are offered to bytes() (it may reuse an earlier one's memory). */
  newBuffer?(): void;
  /**
   * Offered first each line that starts at or after Framer.watchFrom: its bytes as for bytes(),
   * the offset `at` where it starts in the input, and whether it is whole (within the cap).
   * Returns true when it dealt with the line, which is then not framed.
   */
  watch?(buf: Buffer, start: number, end: number, at: number, whole: boolean): boolean;
}

/**
 * Frames chunks of bytes into lines for a sink; a line may span any number of chunks. It keeps
 * the offset of every line in the input, for a reader of one byte range of a larger file.
 */
export class Framer {
  private readonly partial: PartialLine;
  /** Offset in the input of the next chunk's first byte. */
  position: number;
  /** Offset in the input where the unfinished line started. */
  private partialAt = 0;
  /** Lines starting at or after this offset go to sink.watch() first. */
  watchFrom = Infinity;
  /** Set by stop(): the rest of the input is not framed. */
  stopped = false;

  constructor(
    private readonly counters: FramingCounters,
    private readonly limit: number,
    /** Offset in the input of the first byte fed. */
    offset = 0,
  ) {
    this.partial = new PartialLine(limit, counters);
    this.position = offset;
  }

  /** Ends framing here (a watcher found where another reader takes over). */
  stop(): void {
    this.stopped = true;
  }

  feed(chunk: Buffer, sink: LineSink): void {
    if (this.stopped) return;
    const { counters, partial } = this;
    const base = this.position;
    this.position += chunk.length;
    counters.bytes += chunk.length;
    let start = 0;
    if (!partial.empty) {
      const nl = chunk.indexOf(LF);
      partial.add(chunk, 0, nl === -1 ? chunk.length : nl);
      if (nl === -1) return;
      const whole = !partial.dropping;
      const line = partial.take();
      sink.newBuffer?.();
      if (!this.watched(line, 0, line.length, this.partialAt, whole, sink)) this.emit(line, 0, line.length, sink);
      // A line the watcher dropped is no line of this reader's: nor is its cut.
      else if (!whole) counters.truncated--;
      if (this.stopped) return;
      start = nl + 1;
    }
    sink.newBuffer?.();
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      if (base + start < this.watchFrom || !this.watched(chunk, start, nl, base + start, nl - start <= this.limit, sink)) this.emit(chunk, start, nl, sink);
      if (this.stopped) return;
      start = nl + 1;
    }
    if (partial.empty && start < chunk.length) this.partialAt = base + start;
    partial.add(chunk, start, chunk.length);
  }

  /** End of input: a last line without newline is a line too (as it stands: a CR there is no terminator). */
  finish(sink: LineSink): void {
    if (this.stopped || this.partial.length === 0) return;
    const whole = !this.partial.dropping;
    const line = this.partial.take();
    sink.newBuffer?.();
    if (this.partialAt >= this.watchFrom && sink.watch?.(line, 0, line.length, this.partialAt, whole)) {
      if (!whole) this.counters.truncated--;
      return;
    }
    if (sink.bytes === undefined || !sink.bytes(line, 0, line.length)) sink.line(line.toString('utf8'));
  }

  /** Offers a line to the watcher (CR before the newline removed); true when it was dealt with. */
  private watched(buf: Buffer, start: number, end: number, at: number, whole: boolean, sink: LineSink): boolean {
    if (at < this.watchFrom || sink.watch === undefined) return false;
    return sink.watch(buf, start, withoutCr(buf, start, end), at, whole);
  }

  private emit(buf: Buffer, start: number, end: number, sink: LineSink): void {
    if (sink.bytes !== undefined && end - start <= this.limit && sink.bytes(buf, start, withoutCr(buf, start, end))) return;
    sink.line(decodeLine(buf, start, end, this.limit, this.counters));
  }
}

/**
 * The lines of a byte stream. Each chunk is framed at once and its lines handed out one by one
 * from an array: an async generator would cost a suspension per line.
 */
class LineIterator implements AsyncIterableIterator<string> {
  private readonly source: AsyncIterator<Buffer | string>;
  private readonly framer: Framer;
  private lines: string[] = [];
  private index = 0;
  private ended = false;
  private readonly sink: LineSink = { line: (text) => this.lines.push(text) };

  constructor(input: Readable, counters: FramingCounters, limit: number) {
    this.source = (input as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
    this.framer = new Framer(counters, limit);
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
        this.framer.finish(this.sink);
      } else {
        this.framer.feed(typeof r.value === 'string' ? Buffer.from(r.value) : r.value, this.sink);
      }
      if (this.lines.length > 0) return { value: this.lines[this.index++]!, done: false };
    }
    return { value: undefined, done: true };
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
