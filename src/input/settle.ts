/**
 * Byte streams that end instead of failing. A read error, a truncated gzip or a broken archive
 * member is recorded on the side and the stream simply ends after the last good byte, so every
 * byte that arrived before the failure is analysed — the same bytes on every run — and the
 * failure is reported afterwards against its source.
 */

import { PassThrough, Writable, finished, pipeline, type Readable, type Duplex } from 'node:stream';

export interface ByteSource {
  /** Never emits 'error'. */
  stream: Readable;
  /** Why the bytes stopped early, once the stream has ended; null when they did not. */
  failure(): Error | null;
  /**
   * Takes back a chunk the consumer is done with (it holds no view of it any more), for the
   * reader to read into again; chunks the reader did not make are ignored. Absent: nothing to reuse.
   */
  recycle?(chunk: Buffer): void;
}

/** Bytes a settled stream holds ahead of its consumer. */
export const READ_AHEAD_BYTES = 1024 * 1024;

/**
 * Runs the stages as one pipeline (all are torn down together on failure) and returns their
 * output as a settled stream. Backpressure is kept: the pipeline waits while the output is full.
 */
export function settledPipeline(first: Readable, ...rest: Duplex[]): ByteSource {
  // Room for a few chunks, so that reading goes on while the consumer works on the last one.
  const out = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
  let failure: Error | null = null;
  let ended = false;
  const forward = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (out.write(chunk)) cb();
      else out.once('drain', () => cb());
    },
  });
  // A consumer that stops reading early must not leave the file open behind it.
  out.on('close', () => {
    if (!ended) forward.destroy();
  });
  pipeline([first, ...rest, forward], (err) => {
    if (err && !failure) failure = err;
    ended = true;
    out.end();
  });
  return { stream: out, failure: () => failure };
}

/** A settled source whose bytes are all in memory. */
export function bufferSource(data: Buffer): ByteSource {
  const out = new PassThrough();
  out.end(data);
  return { stream: out, failure: () => null };
}

/** A source that failed before yielding anything. */
export function failedSource(err: Error): ByteSource {
  const out = new PassThrough();
  out.end();
  return { stream: out, failure: () => err };
}

/**
 * Hands each chunk of `stream` to `onChunk` as it comes, until the end or until `onChunk` returns
 * false (the stream is then destroyed). Rejects as `for await` would (an error, a premature close).
 * Unlike `for await`, whose read() joins whatever chunks are buffered into a new buffer, it passes
 * on the chunks themselves: no copy, and a reader can take them back (ByteSource.recycle).
 */
export function eachChunk(stream: Readable, onChunk: (chunk: Buffer) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopped = false;
    const onData = (chunk: Buffer | string): void => {
      if (stopped) return;
      let go: boolean;
      try {
        go = onChunk(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      } catch (err) {
        stopped = true;
        stream.destroy();
        reject(err as Error);
        return;
      }
      if (!go) {
        stopped = true;
        stream.destroy();
        resolve();
      }
    };
    stream.on('data', onData);
    finished(stream, (err) => {
      stream.off('data', onData);
      if (stopped) return;
      stopped = true;
      if (err) reject(err);
      else resolve();
    });
  });
}
