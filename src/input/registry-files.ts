/**
 * The registry's side inputs on disk: `--crds PATH` (a manifest file, a pipe, or a directory tree
 * walked by the one walker) and `--api-resources FILE`. Each is a regular file or a pipe, read up
 * to the manifest size limit; every problem is a RegistryError naming the file.
 */

import { realpathSync, statSync } from 'node:fs';
import { RegistryError, describeFsError } from '../errors.js';
import { MAX_MANIFEST_BYTES } from '../correlate/manifest-docs.js';
import { KindRegistry, crdsFromText, kindsFromApiResources, type RegisteredKind } from '../correlate/registry.js';
import { SideFileError, readSideFile } from '../side-file.js';
import { pathLabel, walkDirectory, type DiskPath } from './walk.js';

/** The text of a registry source: a regular file or a pipe, up to the manifest size limit. */
function readRegistryFile(file: DiskPath, label = pathLabel(file)): string {
  try {
    return readSideFile(file, MAX_MANIFEST_BYTES).toString('utf8');
  } catch (err) {
    if (err instanceof SideFileError) throw new RegistryError(label, err.message);
    throw err;
  }
}

/** Loads `--api-resources FILE`: api-resources table output, or `kubectl get crd -o json|yaml`. */
export function loadApiResources(registry: KindRegistry, file: string): number {
  const text = readRegistryFile(file);
  const kinds = /^\s*NAME\s/m.test(text.slice(0, 4096)) && !/^\s*[{[]/.test(text) ? kindsFromApiResources(text, file) : crdsFromText(text, file);
  for (const k of kinds) registry.add(k);
  return kinds.length;
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** A manifest file to read: what to open, and how to name it. */
interface ManifestFile {
  path: DiskPath;
  label: string;
}

/**
 * Manifest files under a path: the path itself when it is not a directory (a file or a pipe), or
 * the YAML and JSON files of a directory tree, in the walk's order (each file once).
 */
export function manifestFiles(path: string): ManifestFile[] {
  let st;
  let root;
  try {
    st = statSync(path);
    root = realpathSync(path);
  } catch (err) {
    throw new RegistryError(path, describeFsError(err));
  }
  if (!st.isDirectory()) return [{ path, label: path }];
  const out: ManifestFile[] = [];
  const seen = new Set<string>();
  walkDirectory(
    path,
    {
      file: (f) => {
        if (!MANIFEST.test(f.label) || seen.has(f.id)) return;
        seen.add(f.id);
        out.push({ path: f.path, label: f.label });
      },
      skipped: () => {},
      error: (message) => {
        throw new RegistryError(path, `cannot read the directory: ${message}`);
      },
    },
    { roots: [root] },
  );
  return out;
}

/** The CRDs of one manifest file (a regular file or a pipe, up to the manifest size limit). */
export function crdsFromFile(file: DiskPath, label = pathLabel(file)): RegisteredKind[] {
  return crdsFromText(readRegistryFile(file, label), label);
}

/** Loads every CRD found under `path` into the registry; returns how many were added. */
export function loadCrds(registry: KindRegistry, path: string): number {
  let n = 0;
  for (const file of manifestFiles(path)) {
    for (const k of crdsFromFile(file.path, file.label)) {
      registry.add(k);
      n++;
    }
  }
  return n;
}
