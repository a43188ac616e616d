/**
 * zip archives through yauzl: entries read one at a time from the central directory, each
 * inflated as a stream and metered by the expansion budget. A zip needs random access, so one
 * found inside another archive is held in memory first (up to a limit), never written to disk.
 */

import type yauzlTypes from 'yauzl';
import { lazy } from '../../lazy.js';

const yauzl = lazy<typeof yauzlTypes>('yauzl');
import type { ExpansionBudget } from '../budget.js';
import { failedSource, settledPipeline, type ByteSource } from '../settle.js';
import { normaliseMemberName, type ArchiveMember } from './member.js';

/** Largest zip read into memory when it is itself an archive member. */
export const MAX_NESTED_ZIP_BYTES = 512 * 1024 * 1024;

export type ZipLocation = { path: string } | { buffer: Buffer };

function openZip(where: ZipLocation): Promise<yauzlTypes.ZipFile> {
  const options = { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true };
  return 'path' in where ? yauzl().openPromise(where.path, options) : yauzl().fromBufferPromise(where.buffer, options);
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
      if (entry.fileName.endsWith('/')) continue;
      let source: ByteSource;
      try {
        const raw = await zip.openReadStreamPromise(entry);
        source = settledPipeline(raw, budget.meter());
      } catch (err) {
        source = failedSource(new Error(`zip entry cannot be read (${(err as Error).message})`));
      }
      yield {
        name: normaliseMemberName(entry.fileName),
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
