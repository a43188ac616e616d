/**
 * Side inputs read whole (CRD manifests, api-resources output, pattern files): only a regular file
 * or a pipe (a FIFO, `/dev/stdin`, `<(kubectl get crd -o json)`) is read, and never more than a
 * limit, so `/dev/zero`, a device or an endless pipe ends with a one-line error instead of
 * filling memory. Reads are sequential (no positions), as a pipe needs.
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError } from './errors.js';

/** Why a side file could not be read: a one-line reason, without the file name. */
export class SideFileError extends Error {}

/** `n` bytes in the unit the limits are documented in. */
export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The whole content of `path`, a regular file or a pipe of at most `limit` bytes; throws SideFileError. */
export function readSideFile(path: string | Buffer, limit: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new SideFileError(describeFsError(err));
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new SideFileError('is a directory');
    if (!st.isFile() && !st.isFIFO()) throw new SideFileError('not a regular file or pipe');
    if (st.isFile() && st.size > limit) throw new SideFileError(tooLarge(limit));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // A regular file's size is known: a read of what is left and a byte more takes it, and the
      // next read (of one byte) sees its end; a file that grew since, or a pipe, comes in chunks
      // of a pipe buffer's size. One byte past the limit is enough to know the input is too large.
      const want = st.isFile() && total <= st.size ? st.size + 1 - total : 64 * 1024;
      const buf = Buffer.allocUnsafe(Math.min(want, 1 << 20, limit + 1 - total));
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw new SideFileError(describeFsError(err));
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw new SideFileError(tooLarge(limit));
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(limit: number): string {
  return `larger than the ${formatBytes(limit)} limit, not read`;
}
