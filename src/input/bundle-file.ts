/** A file of a bundle before it is opened: a path on disk, an archive member, or standard input. */

import { settledPipeline, type ByteSource } from './settle.js';
import type { DiskPath } from './walk.js';
import { FileReader } from './file-reader.js';

export interface BundleFile {
  /** How the file is named to the user: a path, `archive!member`, or `-`. */
  label: string;
  /** The path layouts are recognised by: `/`-separated, archives shown as directories. */
  path: string;
  mtime: Date | null;
  /** Where the bytes are: re-openable on disk (any thread can read it), or a stream read once. */
  origin: { disk: DiskPath; size: number } | { stream: ByteSource };
}

/** The file's bytes; `onBytes` counts what is read from disk (progress). */
export function openBundleFile(file: BundleFile, onBytes?: (n: number) => void): ByteSource {
  if ('stream' in file.origin) return file.origin.stream;
  return openDiskFile(file.origin.disk, 0, onBytes);
}

/**
 * A file on disk from byte `start` on; `onBytes` counts what is read (progress). A file that ends
 * before the size it had when it was opened (truncated while it is read) fails the source, so the
 * partial result is reported as an input error (and --strict exits 2). Its consumer may give
 * chunks back for reuse (ByteSource.recycle).
 */
export function openDiskFile(path: DiskPath, start: number, onBytes?: (n: number) => void): ByteSource {
  const reader = new FileReader(path, start, onBytes);
  return { ...settledPipeline(reader), recycle: (chunk) => reader.recycle(chunk) };
}

/** The path with `\` made `/` (Windows), for layout recognition. */
export function layoutPath(p: string): string {
  return p.replace(/\\/g, '/');
}
