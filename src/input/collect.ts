/**
 * The inputs a run was given — paths, `-` for standard input, or streams a caller hands over —
 * resolved to bundle files in order, before anything is read. Directories are walked; a named
 * FIFO, `<(…)` or a character device is read as a stream (never with positioned reads); a file
 * reached twice (directly and through a symbolic link) is read once.
 */

import { closeSync, createReadStream, openSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { describeFsError } from '../errors.js';
import { layoutPath, type BundleFile } from './bundle-file.js';
import { settledPipeline } from './settle.js';
import { walkDirectory, type DiskPath, type WalkedFile } from './walk.js';
import { tailFile } from './tail.js';
import { SNIFF_BYTES, sniff } from './magic.js';

/** A stream handed over by a caller (tests, embedding), read like standard input. */
export interface StreamInput {
  label: string;
  stream: Readable;
  mtime?: Date;
}

export type Input = string | StreamInput;

export interface Collected {
  files: BundleFile[];
  errors: string[];
  /** Paths skipped before analysis, by reason. */
  skipped: Record<string, number>;
  /** Each skipped path with its reason, in order (for messages). */
  skippedPaths: { path: string; reason: string }[];
  totalBytes: number;
  /** Under follow mode: a file is followed or a directory watched, so the run goes on until stopped. */
  following: boolean;
  /** The inputs that are directories (follow mode looks at them again for new logs). */
  directories: string[];
}

function streamFile(label: string, stream: Readable, mtime: Date): BundleFile {
  return { label, path: layoutPath(label), mtime, origin: { stream: settledPipeline(stream) } };
}

/** Resolves the inputs to bundle files, in order; no input at all is standard input. */
export interface CollectOptions {
  /** Follow mode (`-f`): text files are followed like `tail -F` until this signal aborts; archives are read once. */
  follow?: AbortSignal;
  /** Files already taken (by `dev:ino`), when a followed directory is looked at again. */
  seen?: Set<string>;
}

/** Whether a file on disk is an archive (read once even when following). */
function isArchive(path: DiskPath): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, head, 0, SNIFF_BYTES, 0);
    const c = sniff(head.subarray(0, n));
    return c === 'gzip' || c === 'tar' || c === 'zip';
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function collectFiles(inputs: readonly Input[], stdin: Readable, opts: CollectOptions = {}): Collected {
  const out: Collected = { files: [], errors: [], skipped: {}, skippedPaths: [], totalBytes: 0, following: false, directories: [] };
  const list = inputs.length === 0 ? ['-'] : inputs;
  const skip = (path: string, reason: string): void => {
    out.skipped[reason] = (out.skipped[reason] ?? 0) + 1;
    out.skippedPaths.push({ path, reason });
  };
  const roots: string[] = [];
  for (const p of list) {
    if (typeof p !== 'string' || p === '-') continue;
    try {
      roots.push(realpathSync(p));
    } catch {
      // Reported below, when the path is looked at.
    }
  }
  /** Files on disk by device and inode, so that a file reached twice is read once. */
  const byId = new Map<string, { index: number; viaLink: boolean }>();
  const follow = opts.follow;
  const addDisk = (f: WalkedFile, named = false): void => {
    if (opts.seen?.has(f.id)) return;
    opts.seen?.add(f.id);
    const before = byId.get(f.id);
    const tail = follow !== undefined && !isArchive(f.path);
    if (tail) out.following = true;
    const file: BundleFile = tail
      ? { label: f.label, path: layoutPath(f.label), mtime: f.mtime, origin: { stream: settledPipeline(tailFile(f.path, follow, named)) } }
      : { label: f.label, path: layoutPath(f.label), mtime: f.mtime, origin: { disk: f.path, size: f.size } };
    if (before === undefined) {
      byId.set(f.id, { index: out.files.length, viaLink: f.viaLink });
      out.files.push(file);
      out.totalBytes += f.size;
      return;
    }
    // Read it under its own name rather than through a link.
    if (before.viaLink && !f.viaLink) {
      skip(out.files[before.index]!.label, 'same file as another input (read once)');
      out.files[before.index] = file;
      before.viaLink = false;
    } else {
      skip(f.label, 'same file as another input (read once)');
    }
  };
  for (const p of list) {
    if (typeof p !== 'string') {
      out.files.push(streamFile(p.label, p.stream, p.mtime ?? new Date()));
      continue;
    }
    if (p === '-') {
      if (!opts.seen?.has('-')) out.files.push(streamFile('-', stdin, new Date()));
      opts.seen?.add('-');
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      // `tail -F`: a followed file that does not exist yet is waited for.
      if (follow && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        out.following = true;
        if (!opts.seen?.has(`path:${p}`)) out.files.push(streamFile(p, tailFile(p, follow, true), new Date()));
        opts.seen?.add(`path:${p}`);
        continue;
      }
      out.errors.push(`${p}: ${describeFsError(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      out.directories.push(p);
      if (follow) out.following = true;
      const before = out.files.length + out.skippedPaths.length + out.errors.length;
      walkDirectory(p, { file: addDisk, skipped: skip, error: (m) => out.errors.push(m) }, { roots });
      if (out.files.length + out.skippedPaths.length + out.errors.length === before) skip(p, 'empty directory');
    } else if (st.isFile()) {
      if (!opts.seen?.has(`path:${p}`)) addDisk({ path: p, label: p, size: st.size, mtime: st.mtime, id: `${st.dev}:${st.ino}`, viaLink: false }, true);
      opts.seen?.add(`path:${p}`);
    } else if (!opts.seen?.has(`${st.dev}:${st.ino}`)) {
      // A FIFO, a process substitution, /dev/stdin: bytes that can be read once, in order.
      opts.seen?.add(`${st.dev}:${st.ino}`);
      out.files.push(streamFile(p, createReadStream(p), st.mtime));
    }
  }
  return out;
}
