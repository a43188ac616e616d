/**
 * Inputs: what the user named on the command line, turned into sources of log bytes and
 * manifests for the kind registry. A directory is walked (without following symlinks); YAML
 * files in it are manifests, everything else is read as a log.
 */

import { createReadStream, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, describeFsError } from '../errors.js';

export interface LogSource {
  /** How the source is named in evidence and errors. */
  label: string;
  open(): Readable;
  /** The year to assume for timestamps that carry none (klog): the file's modification year. */
  year: number;
}

export interface Inputs {
  logs: LogSource[];
  /** Manifest files found beside the logs (candidates for CRDs). */
  manifests: string[];
}

const MANIFEST = /\.(ya?ml)$/i;

function fileSource(path: string, mtime: Date): LogSource {
  const gz = path.endsWith('.gz');
  return {
    label: path,
    year: mtime.getUTCFullYear(),
    open: () => {
      const raw = createReadStream(path);
      if (!gz) return raw;
      const gunzip = createGunzip();
      raw.on('error', (err) => gunzip.destroy(err));
      return raw.pipe(gunzip);
    },
  };
}

export function stdinSource(): LogSource {
  return { label: '-', year: new Date().getUTCFullYear(), open: () => process.stdin };
}

/** Resolves the command-line paths; `-` (or no path at all) is standard input. */
export function collectInputs(paths: string[]): Inputs {
  const out: Inputs = { logs: [], manifests: [] };
  if (paths.length === 0) paths = ['-'];
  for (const p of paths) {
    if (p === '-') {
      out.logs.push(stdinSource());
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      throw new InputError(p, describeFsError(err));
    }
    if (st.isDirectory()) walk(p, out, new Set());
    else out.logs.push(fileSource(p, st.mtime));
  }
  return out;
}

function walk(dir: string, out: Inputs, seen: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    throw new InputError(dir, describeFsError(err));
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = lstatSync(full, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (!seen.has(full)) {
        seen.add(full);
        walk(full, out, seen);
      }
    } else if (st.isFile()) {
      if (MANIFEST.test(name)) out.manifests.push(full);
      else out.logs.push(fileSource(full, st.mtime));
    }
  }
}
