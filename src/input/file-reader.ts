/**
 * A file on disk read in chunks into buffers the consumer gives back. `fs.createReadStream`
 * allocates a fresh buffer for every read; for a large log that is most of the cost of reading
 * it: each new 256 KiB buffer is memory the kernel must map and zero, and the garbage collector
 * frees it only later. This reader reuses the buffers that the consumer has handed back with
 * `recycle()` (analyzeLog does, once the framer has copied what it keeps of a chunk), and
 * allocates only when none is free, so whoever does not recycle gets the usual behaviour.
 *
 * bench/read-chunks.mjs measures it: reading 150–300 MB chunk by chunk, reusing buffers took
 * 0.5–0.8× the CPU of createReadStream (most of the difference system time); the whole analysis
 * of a 150 MB zap log about 0.9×.
 */

import { close, fstat, open, read } from 'node:fs';
import { Readable } from 'node:stream';
import type { DiskPath } from './walk.js';

export const CHUNK_BYTES = 256 * 1024;
/** Buffers kept for reuse: more than the chunks in flight between a reader and its consumer. */
const POOL_MAX = 16;
/**
 * The buffers given back, shared by the readers of this thread: a directory of thousands of small
 * logs reuses a few buffers instead of allocating one per file.
 */
const free: Buffer[] = [];

export class FileReader extends Readable {
  private fd: number | null = null;
  private position: number;
  private sizeAtOpen = -1;
  /** The memory of the chunks handed out and not given back: only those are taken back, once. */
  private readonly out = new WeakSet<ArrayBufferLike>();
  /** A read is under way: the file is closed only after it (its descriptor could be reused meanwhile). */
  private reading = false;
  private closeWhenRead: (() => void) | null = null;

  constructor(
    private readonly path: DiskPath,
    private readonly start: number,
    private readonly onBytes?: (n: number) => void,
  ) {
    super({ highWaterMark: CHUNK_BYTES });
    this.position = start;
  }

  override _construct(cb: (err?: Error | null) => void): void {
    open(this.path, 'r', (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      fstat(fd, (_e, st) => {
        // Without a size there is nothing to compare with; a read error still surfaces on its own.
        if (st) this.sizeAtOpen = st.size;
        cb();
      });
    });
  }

  override _read(): void {
    // Not from Node's shared pool: each buffer must own its memory to be reused safely.
    const buf = free.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.reading = true;
    read(this.fd!, buf, 0, CHUNK_BYTES, this.position, (err, n) => {
      this.reading = false;
      if (this.closeWhenRead) return this.closeWhenRead();
      if (err) return this.destroy(err);
      if (n === 0) {
        free.push(buf);
        // A file that ends before the size it had when it was opened (truncated while it is read)
        // fails, so that the partial result is reported as an input error (and --strict exits 2).
        if (this.sizeAtOpen >= 0 && this.position < this.sizeAtOpen) {
          return this.destroy(new Error(`file shrank while it was read: it ended at byte ${this.position} of ${this.sizeAtOpen}`));
        }
        this.push(null);
        return;
      }
      this.position += n;
      this.onBytes?.(n);
      this.out.add(buf.buffer);
      this.push(n === CHUNK_BYTES ? buf : buf.subarray(0, n));
    });
  }

  /**
   * Gives a chunk this reader produced back for reuse: the caller must hold no view of it any
   * more. Chunks from elsewhere (copies, concatenations) are ignored.
   */
  recycle(chunk: Buffer): void {
    if (chunk.byteOffset !== 0 || !this.out.has(chunk.buffer)) return;
    this.out.delete(chunk.buffer);
    if (free.length < POOL_MAX) free.push(chunk.length === CHUNK_BYTES ? chunk : Buffer.from(chunk.buffer, 0, CHUNK_BYTES));
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const fd = this.fd;
    if (fd === null) return cb(err);
    this.fd = null;
    const closeNow = (): void => close(fd, () => cb(err));
    if (this.reading) this.closeWhenRead = closeNow;
    else closeNow();
  }
}
