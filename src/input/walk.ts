/**
 * The one directory walker: every regular file under a directory, in a stable order (names sorted
 * by their bytes). Names are read as bytes, so a file whose name is not valid UTF-8 is still read
 * (its label shows the undecodable bytes as U+FFFD).
 *
 * Symbolic links are followed when their target is a regular file or directory inside one of the
 * inputs the user named, or a regular file under /var/log (a node's /var/log/containers links
 * point into /var/log/pods); any other link is skipped with its reason. A file reached twice
 * (directly and through a link) is read once: the caller drops repeats by device and inode.
 * Directories are remembered by device and inode, so a loop is entered once.
 */

import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { describeFsError } from '../errors.js';

/** A path on disk: a string, or the raw bytes of a name that is not valid UTF-8. */
export type DiskPath = string | Buffer;

export interface WalkedFile {
  /** What to open. */
  path: DiskPath;
  /** How to show it (undecodable bytes as U+FFFD). */
  label: string;
  size: number;
  mtime: Date;
  /** `dev:ino`, so that a file reached twice is read once. */
  id: string;
  /** Reached through a symbolic link. */
  viaLink: boolean;
}

export interface WalkEvents {
  file(f: WalkedFile): void;
  skipped(path: string, reason: string): void;
  error(message: string): void;
}

export interface WalkOptions {
  /** Real paths of every input the user named: links into any of them are followed. */
  roots: readonly string[];
  /** Where links to regular files are always followed (the node log layout); default /var/log. */
  trustedDir?: string;
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** A path as text for messages and labels. */
export function pathLabel(p: DiskPath): string {
  return typeof p === 'string' ? p : p.toString('utf8');
}

/** `dir` + `/` + `name`, kept as a string when the name is valid UTF-8. */
function joinName(dir: DiskPath, name: Buffer): DiskPath {
  const text = name.toString('utf8');
  if (typeof dir === 'string' && Buffer.from(text, 'utf8').equals(name)) return dir.endsWith(sep) ? dir + text : dir + sep + text;
  const head = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  return Buffer.concat([head, Buffer.from(head[head.length - 1] === sep.charCodeAt(0) ? '' : sep), name]);
}

export function walkDirectory(dir: DiskPath, on: WalkEvents, opts: WalkOptions): void {
  const trusted = opts.trustedDir ?? '/var/log';
  const seen = new Set<string>();
  /** Why a link is not followed, or null when it is (with its target's stats). */
  const linkVerdict = (full: DiskPath): { reason: string } | { st: Stats } => {
    let target: string;
    let st: Stats;
    try {
      target = realpathSync(full);
      st = statSync(full);
    } catch {
      return { reason: 'symlink whose target does not exist' };
    }
    if (opts.roots.some((r) => isInside(r, target))) return { st };
    if (st.isFile() && isInside(trusted, target)) return { st };
    return { reason: 'symlink leading out of the inputs' };
  };
  const visit = (path: DiskPath, viaLink: boolean): void => {
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      on.error(`${pathLabel(path)}: ${describeFsError(err)}`);
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) {
      on.skipped(pathLabel(path), 'directory loop');
      return;
    }
    seen.add(id);
    let names: Buffer[];
    try {
      names = readdirSync(path, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch (err) {
      on.error(`${pathLabel(path)}: ${describeFsError(err)}`);
      return;
    }
    for (const name of names) {
      const full = joinName(path, name);
      let l;
      try {
        l = lstatSync(full, { throwIfNoEntry: false });
      } catch (err) {
        on.error(`${pathLabel(full)}: ${describeFsError(err)}`);
        continue;
      }
      if (!l) {
        on.skipped(pathLabel(full), 'removed while the directory was read');
        continue;
      }
      let link = viaLink;
      if (l.isSymbolicLink()) {
        const verdict = linkVerdict(full);
        if ('reason' in verdict) {
          on.skipped(pathLabel(full), verdict.reason);
          continue;
        }
        l = verdict.st;
        link = true;
      }
      if (l.isDirectory()) {
        visit(full, link);
      } else if (l.isFile()) {
        on.file({ path: full, label: pathLabel(full), size: l.size, mtime: l.mtime, id: `${l.dev}:${l.ino}`, viaLink: link });
      } else {
        on.skipped(pathLabel(full), 'not a regular file');
      }
    }
  };
  visit(dir, false);
}
