/**
 * Opens what a bundle file is — gzip, tar, zip, or text — by its first bytes, and recurses into
 * archives (archives inside archives too) without writing anything to disk. Text files get a role
 * from classify.ts and go to the `leaf` handler; archive members go to the `member` handler,
 * which may analyse them in this thread or hand them to a worker.
 */

import { Transform, type Readable } from 'node:stream';
import { peek } from './peek.js';
import { sniff, unsupportedReason } from './magic.js';
import { gunzip } from './archive/gzip.js';
import { tarMembers } from './archive/tar.js';
import { MAX_NESTED_ZIP_BYTES, zipMembers, type ZipLocation } from './archive/zip.js';
import type { ArchiveMember } from './archive/member.js';
import { classify } from './classify.js';
import { openBundleFile, type BundleFile } from './bundle-file.js';
import type { ExpansionBudget } from './budget.js';
import { settledPipeline, type ByteSource } from './settle.js';
import type { Role } from './role.js';
import { describeFsError } from '../errors.js';
import { endOnAbort } from './abort.js';

/** Bytes looked at to decide what a file is (magic numbers, dump and manifest shapes). */
export const HEAD_BYTES = 4096;
/** Archives nested deeper than this are not opened (a zip quine would never end). */
export const MAX_NESTING = 8;

/** How a file is seen at one level: a `.gz` file's content keeps its label but loses the suffix in its path. */
export interface View {
  label: string;
  path: string;
  mtime: Date | null;
  /** The bytes come out of a decompressor (the file on disk is not what is read). */
  inflated?: boolean;
}

export interface ExpandHandlers {
  budget: ExpansionBudget;
  onDiskBytes?: (n: number) => void;
  /** A live input: its first bytes are enough to look at once it pauses this long (ms). */
  peekIdleMs?: number;
  /** A live run's stop: the file being read ends there as at its end. */
  signal?: AbortSignal;
  /** A fault that belongs to no single source (a corrupt archive header, an unreadable file). */
  problem(message: string): void;
  skipped(label: string, reason: string): void;
  /** An archive was opened. */
  archive(label: string): void;
  /** A text file to analyse. Resolves when its bytes have been read (or released). */
  leaf(file: BundleFile, view: View, source: ByteSource, head: string, role: Role): Promise<void>;
  /** An archive member. Resolves once its stream has been read; the analysis may finish later. */
  member(file: BundleFile, depth: number): Promise<void>;
}

/** `x.tgz` → `x.tar`, `x.log.gz` → `x.log`: the name the decompressed content would have. */
export function withoutGzipSuffix(path: string): string {
  if (/\.tgz$/i.test(path)) return path.slice(0, -4) + '.tar';
  return path.replace(/\.gz$/i, '');
}

/** Reads a stream into memory, or returns null (and drains it) once it passes `limit` bytes. */
async function readAll(stream: Readable, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.resume();
      await new Promise<void>((resolve) => {
        if (stream.readableEnded) resolve();
        else stream.once('end', () => resolve()).once('close', () => resolve());
      });
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Lets go of a stream that will not be analysed: a file on disk is closed, an archive member read past. */
export async function release(file: BundleFile, stream: Readable): Promise<void> {
  if ('disk' in file.origin) {
    stream.destroy();
    return;
  }
  if (stream.readableEnded) return;
  stream.resume();
  await new Promise<void>((resolve) => stream.once('end', () => resolve()).once('close', () => resolve()));
}

/**
 * Releases a file that is not analysed, and says why its bytes stopped early if they did: an
 * archive member read past may be where the archive is cut short or the expansion limit is
 * crossed, which must not go unreported. (A file on disk is closed, not read: nothing to say.)
 */
export async function releaseSkipped(file: BundleFile, source: ByteSource, label: string): Promise<string | null> {
  await release(file, source.stream);
  if ('disk' in file.origin) return null;
  const failure = source.failure();
  return failure ? `${label}: ${describeFsError(failure)}` : null;
}

/** Expands one bundle file. */
export function expand(file: BundleFile, h: ExpandHandlers, depth = 0): Promise<void> {
  const view: View = { label: file.label, path: file.path, mtime: file.mtime };
  const source = openBundleFile(file, h.onDiskBytes);
  const signal = h.signal;
  // Stopping is no read failure (the stream it ends is torn down).
  const stoppable = signal ? { ...source, stream: endOnAbort(source.stream, signal), failure: () => (signal.aborted ? null : source.failure()) } : source;
  return expandSource(file, view, stoppable, h, depth);
}

async function expandSource(file: BundleFile, view: View, source: ByteSource, h: ExpandHandlers, depth: number): Promise<void> {
  const { head, stream } = await peek(source.stream, HEAD_BYTES, h.peekIdleMs);
  const src: ByteSource = { ...source, stream };
  if (head.length === 0 && source.failure()) {
    h.problem(`${view.label}: ${describeFsError(source.failure())}`);
    return;
  }
  const container = sniff(head);
  const archive = container === 'gzip' || container === 'tar' || container === 'zip';
  if (archive && depth > MAX_NESTING) {
    h.problem(`${view.label}: archives nested more than ${MAX_NESTING} deep are not opened`);
    return release(file, stream);
  }
  switch (container) {
    case 'gzip': {
      const inner = gunzip(src, h.budget);
      return expandSource(file, { ...view, path: withoutGzipSuffix(view.path), inflated: true }, inner, h, depth);
    }
    case 'tar': {
      h.archive(view.label);
      const members = tarMembers(src, (p) => h.problem(`${view.label}: ${p}`));
      for await (const m of members) await h.member(memberFile(view, m), depth + 1);
      return;
    }
    case 'zip': {
      h.archive(view.label);
      let where: ZipLocation;
      if ('disk' in file.origin && view.label === file.label && view.path === file.path) {
        stream.destroy();
        where = { path: file.origin.disk };
      } else {
        const buffer = await readAll(stream, MAX_NESTED_ZIP_BYTES);
        if (!buffer) {
          h.problem(`${view.label}: a zip inside another archive is read into memory, and this one is over ${MAX_NESTED_ZIP_BYTES} bytes; unpack it first`);
          return;
        }
        if (src.failure()) {
          h.problem(`${view.label}: ${src.failure()!.message}`);
          return;
        }
        where = { buffer };
      }
      for await (const m of zipMembers(where, h.budget, (p) => h.problem(`${view.label}: ${p}`))) {
        await h.member(memberFile(view, m), depth + 1);
      }
      return;
    }
    case 'utf16le':
    case 'utf16be':
      return expandSource(file, { ...view, inflated: true }, decodeUtf16(src, container), h, depth);
    case 'text':
      return h.leaf(file, view, src, head.toString('utf8'), classify(view.path, head.toString('utf8')));
    default: {
      const reason = unsupportedReason(container)!;
      // Compressed data the tool cannot open is an input error; binary files are just not logs.
      if (container === 'binary' || container === 'journal') h.skipped(view.label, reason);
      else h.problem(`${view.label}: ${reason}`);
      const failure = await releaseSkipped(file, src, view.label);
      if (failure) h.problem(failure);
      return;
    }
  }
}

/** UTF-16 text (its byte-order mark dropped) as UTF-8, streamed; sequences cut between chunks are joined. */
function decodeUtf16(source: ByteSource, encoding: 'utf16le' | 'utf16be'): ByteSource {
  const decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      cb(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(cb) {
      cb(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  const out = settledPipeline(source.stream, toUtf8);
  return { stream: out.stream, failure: () => source.failure() ?? out.failure() };
}

function memberFile(view: View, m: ArchiveMember): BundleFile {
  return {
    label: `${view.label}!${m.name}`,
    path: `${view.path}/${m.name}`,
    mtime: m.mtime ?? view.mtime,
    origin: { stream: m.source },
  };
}
