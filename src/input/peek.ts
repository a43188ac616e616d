/** Reads the first bytes of a stream without consuming them, so the stream can be sniffed and then read whole. */

import { READ_AHEAD_BYTES } from './settle.js';
import { PassThrough, type Readable } from 'node:stream';

export interface Peeked {
  /** Up to `n` first bytes (fewer when the stream is shorter). */
  head: Buffer;
  /** The whole stream again, head included. */
  stream: Readable;
}

/**
 * Waits for `n` bytes (or the end) of `input`. An error of the input before `n` bytes rejects;
 * one after is forwarded on the returned stream. With `idleMs` (a live input, which may pause
 * for hours after a few lines), what has arrived is enough once no byte came for that long.
 */
export function peek(input: Readable, n: number, idleMs?: number): Promise<Peeked> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let idle: NodeJS.Timeout | null = null;
    const finish = () => {
      if (settled) return;
      settled = true;
      if (idle) clearTimeout(idle);
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      const head = Buffer.concat(chunks, size);
      const out = new PassThrough({ highWaterMark: READ_AHEAD_BYTES });
      out.write(head);
      input.on('error', (err) => out.destroy(err));
      input.pipe(out);
      resolve({ head: head.subarray(0, n), stream: out });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= n) finish();
      else if (idleMs !== undefined) {
        if (idle) clearTimeout(idle);
        idle = setTimeout(finish, idleMs);
      }
    };
    const onEnd = () => {
      if (settled) return;
      settled = true;
      if (idle) clearTimeout(idle);
      const head = Buffer.concat(chunks, size);
      const out = new PassThrough();
      out.end(head);
      resolve({ head, stream: out });
    };
    const onError = (err: Error) => {
      if (settled) return;
      settled = true;
      if (idle) clearTimeout(idle);
      reject(err);
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}
