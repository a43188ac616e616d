/**
 * `tail -F` as a stream: a file's bytes from the start, then whatever is appended, until the run
 * stops. Truncation (copytruncate) starts again from the new end of the file's content at 0;
 * rotation (the name now points at another file) reads the old file to its end, then the new one
 * from its start; a file that does not exist yet is waited for. Polling, not inotify: it works on
 * every file system, network and container mounts included.
 */

import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { DiskPath } from './walk.js';

/** How often a followed file is looked at once its end is reached. */
export const TAIL_POLL_MS = 250;
const CHUNK = 256 * 1024;

/**
 * `byName`: the path is what is followed (`tail -F`: after a rotation, the new file under the
 * name); otherwise the file first opened is (a directory's file: its watcher finds the new one).
 */
export function tailFile(path: DiskPath, signal: AbortSignal, byName: boolean, pollMs = TAIL_POLL_MS): Readable {
  let fd: number | null = null;
  let ino = -1;
  let position = 0;
  let timer: NodeJS.Timeout | null = null;
  const buffer = Buffer.allocUnsafe(CHUNK);

  const open = (): boolean => {
    try {
      fd = openSync(path, 'r');
    } catch {
      return false;
    }
    ino = fstatSync(fd).ino;
    position = 0;
    return true;
  };
  const close = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  /** Reads what is there now; true when bytes were pushed. */
  const readNow = (stream: Readable): boolean => {
    if (fd === null && !open()) return false;
    const size = fstatSync(fd!).size;
    // Truncated under us: the file starts again.
    if (size < position) position = 0;
    const n = readSync(fd!, buffer, 0, CHUNK, position);
    if (n > 0) {
      position += n;
      stream.push(Buffer.from(buffer.subarray(0, n)));
      return true;
    }
    if (!byName) return false;
    // At the end: has the name moved on to another file (rotation)?
    let now: number | null = null;
    try {
      now = statSync(path).ino;
    } catch {
      now = null;
    }
    if (now !== null && now !== ino) {
      close();
      return open() && readNow(stream);
    }
    return false;
  };

  const stream = new Readable({
    read() {
      if (timer) return;
      const step = (): void => {
        timer = null;
        if (signal.aborted) return;
        try {
          if (!readNow(stream)) timer = setTimeout(step, pollMs);
        } catch (err) {
          stream.destroy(err as Error);
        }
      };
      step();
    },
    destroy(err, cb) {
      if (timer) clearTimeout(timer);
      close();
      signal.removeEventListener('abort', stop);
      cb(err);
    },
  });
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    stream.push(null);
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return stream;
}
