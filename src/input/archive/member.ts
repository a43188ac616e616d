/** What an archive reader yields: one member's name, metadata and bytes. */

import type { ByteSource } from '../settle.js';

export interface ArchiveMember {
  /** Path inside the archive, `/`-separated, without a leading `./`. */
  name: string;
  /** Size in bytes when the archive says it (tar, zip), else null. */
  size: number | null;
  /** Modification time recorded in the archive, or null. */
  mtime: Date | null;
  /**
   * The member's bytes. The reader moves to the next member only after this stream has been
   * read to its end (or destroyed), so a consumer must do one or the other.
   */
  source: ByteSource;
}

/** `./a//b/` → `a/b`. */
export function normaliseMemberName(name: string): string {
  return name
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}
