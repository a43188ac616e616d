/**
 * zip archives through yauzl: entries read one at a time from the central directory, each
 * inflated as a stream and metered by the expansion budget. A zip needs random access, so one
 * found inside another archive is held in memory first (up to a limit), never written to disk.
 */

import type yauzlTypes from 'yauzl';
import { lazy } from '../../lazy.js';

const yauzl = lazy<typeof yauzlTypes>('yauzl');
import { openSync } from 'node:fs';
import type { ExpansionBudget } from '../budget.js';
import type { DiskPath } from '../walk.js';
import { failedSource, settledPipeline, type ByteSource } from '../settle.js';
import { normaliseMemberName, type ArchiveMember } from './member.js';

/** Largest zip read into memory when it is itself an archive member. */
export const MAX_NESTED_ZIP_BYTES = 512 * 1024 * 1024;

export type ZipLocation = { path: DiskPath } | { buffer: Buffer };

function openZip(where: ZipLocation): Promise<yauzlTypes.ZipFile> {
  // Names are decoded here, not by yauzl: it refuses the whole archive for one entry named `../x`
  // or `/abs`, which is harmless since nothing is ever extracted.
  const options = { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: false };
  if ('buffer' in where) return yauzl().fromBufferPromise(where.buffer, options);
  if (typeof where.path === 'string') return yauzl().openPromise(where.path, options);
  const fd = openSync(where.path, 'r');
  return yauzl().fromFdPromise(fd, options);
}

/** An entry's name: UTF-8 when its flag says so, else CP437 (read as Latin-1, close enough for a label). */
function entryName(entry: yauzlTypes.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  return raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
}

function nextEntry(zip: yauzlTypes.ZipFile): Promise<yauzlTypes.Entry | null> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: yauzlTypes.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Yields the file entries of a zip. Archive-level problems go to `onProblem`; a failing entry fails through its source. */
export async function* zipMembers(
  where: ZipLocation,
  budget: ExpansionBudget,
  onProblem: (message: string) => void,
): AsyncGenerator<ArchiveMember> {
  let zip: yauzlTypes.ZipFile;
  try {
    zip = await openZip(where);
  } catch (err) {
    onProblem(`not a readable zip archive (${(err as Error).message})`);
    return;
  }
  try {
    for (;;) {
      let entry: yauzlTypes.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (err) {
        onProblem(`corrupt zip central directory (${(err as Error).message}); later entries are missing`);
        return;
      }
      if (!entry) return;
      const name = entryName(entry);
      if (name.endsWith('/')) continue;
      let source: ByteSource;
      try {
        const raw = await zip.openReadStreamPromise(entry);
        source = settledPipeline(raw, budget.meter());
      } catch (err) {
        source = failedSource(new Error(`zip entry cannot be read (${(err as Error).message})`));
      }
      yield {
        name: normaliseMemberName(name),
        size: entry.uncompressedSize,
        mtime: entry.getLastModDate(),
        source,
      };
      if (!source.stream.readableEnded) {
        source.stream.resume();
        await new Promise<void>((resolve) => source.stream.once('close', () => resolve()));
      }
    }
  } finally {
    zip.close();
  }
}
