/**
 * The inputs a run was given — paths, `-` for standard input, or streams a caller hands over —
 * resolved to bundle files in order, before anything is read. Directories are walked; a named
 * FIFO, `<(…)` or a character device is read as a stream (never with positioned reads); a file
 * reached twice (directly and through a symbolic link) is read once.
 */

import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { describeFsError } from '../errors.js';
import { layoutPath, type BundleFile } from './bundle-file.js';
import { settledPipeline } from './settle.js';
import { walkDirectory, type WalkedFile } from './walk.js';

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
}

function streamFile(label: string, stream: Readable, mtime: Date): BundleFile {
  return { label, path: layoutPath(label), mtime, origin: { stream: settledPipeline(stream) } };
}

/** Resolves the inputs to bundle files, in order; no input at all is standard input. */
export function collectFiles(inputs: readonly Input[], stdin: Readable): Collected {
  const out: Collected = { files: [], errors: [], skipped: {}, skippedPaths: [], totalBytes: 0 };
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
  const addDisk = (f: WalkedFile): void => {
    const before = byId.get(f.id);
    const file: BundleFile = { label: f.label, path: layoutPath(f.label), mtime: f.mtime, origin: { disk: f.path, size: f.size } };
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
      out.files.push(streamFile('-', stdin, new Date()));
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      out.errors.push(`${p}: ${describeFsError(err)}`);
      continue;
    }
    if (st.isDirectory()) {
      const before = out.files.length + out.skippedPaths.length + out.errors.length;
      walkDirectory(p, { file: addDisk, skipped: skip, error: (m) => out.errors.push(m) }, { roots });
      if (out.files.length + out.skippedPaths.length + out.errors.length === before) skip(p, 'empty directory');
    } else if (st.isFile()) {
      addDisk({ path: p, label: p, size: st.size, mtime: st.mtime, id: `${st.dev}:${st.ino}`, viaLink: false });
    } else {
      // A FIFO, a process substitution, /dev/stdin: bytes that can be read once, in order.
      out.files.push(streamFile(p, createReadStream(p), st.mtime));
    }
  }
  return out;
}
