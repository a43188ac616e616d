/**
 * tar archives (plain, or inside gzip): members streamed one after another with tar-stream,
 * behind the resync stage that skips corrupt headers. Only regular files are yielded.
 */

import { PassThrough } from 'node:stream';
import type tarStream from 'tar-stream';
import { lazy } from '../../lazy.js';

const tar = lazy<typeof tarStream>('tar-stream');
import type { ByteSource } from '../settle.js';
import { TarResync, describeGap } from './tar-resync.js';
import { normaliseMemberName, type ArchiveMember } from './member.js';

const FILE_TYPES = new Set(['file', 'contiguous-file']);

type Entry = AsyncIterableIterator<Buffer> & NodeJS.EventEmitter & { pause(): void; resume(): void; header: tarStream.Header };

/**
 * The member's bytes on a stream of its own. tar-stream tears the whole archive down when an entry
 * stream is destroyed, so a consumer that stops early (a skipped file) only detaches: the rest of
 * the member is read and dropped, and the archive goes on.
 */
function isolate(entry: Entry, onEnd: (err: Error | null) => void): { out: PassThrough; ended: Promise<Error | null> } {
  const out = new PassThrough();
  let detached = false;
  out.on('close', () => {
    detached = true;
    entry.resume();
  });
  out.on('drain', () => entry.resume());
  entry.on('data', (chunk: Buffer) => {
    if (!detached && !out.write(chunk)) entry.pause();
  });
  const ended = new Promise<Error | null>((resolve) => {
    entry.on('end', () => resolve(null));
    entry.on('error', (err: Error) => resolve(err));
    entry.on('close', () => resolve(new Error('member stream closed early')));
  });
  void ended.then((err) => {
    // The failure is known before the consumer sees the end.
    onEnd(err);
    if (!detached) out.end();
  });
  return { out, ended };
}

/**
 * Yields the regular-file members of a tar stream. Problems that belong to no member (corrupt
 * headers, an archive cut short between members) go to `onProblem`; a member cut short fails
 * through its own source, so each fault is reported once.
 */
export async function* tarMembers(input: ByteSource, onProblem: (message: string) => void): AsyncGenerator<ArchiveMember> {
  const extract = tar().extract();
  const resync = new TarResync((gap) => onProblem(describeGap(gap)));
  input.stream.pipe(resync).pipe(extract);
  let memberCutShort = false;
  try {
    for await (const raw of extract) {
      const entry = raw as unknown as Entry;
      const header = entry.header;
      if (!FILE_TYPES.has(header.type ?? 'file')) {
        entry.resume();
        continue;
      }
      let failure: Error | null = null;
      const { out, ended } = isolate(entry, (err) => {
        if (err) {
          memberCutShort = true;
          failure = input.failure() ?? new Error(`the archive ends inside this member (${err.message})`);
        }
      });
      yield {
        name: normaliseMemberName(header.name),
        size: header.size ?? null,
        mtime: header.mtime ?? null,
        source: { stream: out, failure: () => failure },
      };
      // The archive can only move on once the member has been read to its end.
      await ended;
    }
    const outer = input.failure();
    if (outer) onProblem(outer.message);
  } catch (err) {
    if (!memberCutShort) onProblem(input.failure()?.message ?? `corrupt tar archive (${(err as Error).message})`);
  } finally {
    extract.destroy();
  }
}
