/**
 * Directory walking for bundles: every regular file under a directory, in a stable order (names
 * sorted by code unit). Symbolic links below the top are not followed: one that points into the
 * tree names a file the walk reaches anyway (kubelet's /var/log/containers links), one that points
 * out of it is outside what the user handed over; both are reported as skipped, never as errors.
 * Directories are remembered by device and inode, so a bind-mount loop is entered once.
 */

import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describeFsError } from '../errors.js';

export interface WalkedFile {
  path: string;
  size: number;
  mtime: Date;
}

export interface WalkEvents {
  file(f: WalkedFile): void;
  skipped(path: string, reason: string): void;
  error(message: string): void;
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function walkDirectory(dir: string, on: WalkEvents): void {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch (err) {
    on.error(`${dir}: ${describeFsError(err)}`);
    return;
  }
  const seen = new Set<string>();
  const visit = (path: string): void => {
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      on.error(`${path}: ${describeFsError(err)}`);
      return;
    }
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) {
      on.skipped(path, 'directory loop');
      return;
    }
    seen.add(id);
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (err) {
      on.error(`${path}: ${describeFsError(err)}`);
      return;
    }
    for (const name of names) {
      const full = join(path, name);
      let l;
      try {
        l = lstatSync(full, { throwIfNoEntry: false });
      } catch (err) {
        on.error(`${full}: ${describeFsError(err)}`);
        continue;
      }
      if (!l) continue;
      if (l.isSymbolicLink()) {
        let target: string | null = null;
        try {
          target = realpathSync(full);
        } catch {
          target = null;
        }
        on.skipped(full, target !== null && isInside(root, target) ? 'symlink within the tree (its target is read instead)' : 'symlink leading out of the tree');
      } else if (l.isDirectory()) {
        visit(full);
      } else if (l.isFile()) {
        on.file({ path: full, size: l.size, mtime: l.mtime });
      } else {
        on.skipped(full, 'not a regular file');
      }
    }
  };
  visit(dir);
}
