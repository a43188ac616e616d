/**
 * The documents of a manifest file (CRDs, `kubectl get crd -o json|yaml`, aggregated discovery),
 * in time linear in its size: JSON through JSON.parse, YAML without the yaml library's duplicate
 * key check (quadratic in a mapping's size: a 2 MiB CRD took seconds, a 10 MiB one minutes; a
 * repeated key is not what this tool checks, the last one wins as in JSON), one document at a
 * time, with alias expansion bounded (an alias bomb is refused) and too deep a nesting refused.
 */

import type * as Yaml from 'yaml';
import { lazy } from '../lazy.js';

const yaml = lazy<typeof Yaml>('yaml');

/**
 * Largest manifest source read (a `--crds` or `--api-resources` file, or a manifest in a bundle;
 * each is read whole). etcd's default request limit (1.5 MiB) bounds every object a cluster
 * stores, so one CRD it serves is at most that big; 16 MiB holds ten of the largest, or some
 * hundreds of typical ones, per file. A larger dump can be split into files under `--crds DIR`.
 */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** The YAML aliases one document may expand (the yaml library's default): an alias bomb exceeds it. */
const MAX_ALIAS_COUNT = 100;

/** A manifest that cannot be read as YAML or JSON; the message is one line, without the file name. */
/** A manifest that cannot be read: invalid YAML/JSON, an alias bomb, absurd nesting, or a CRD with invalid names. */
export class ManifestSyntaxError extends Error {}

const firstLine = (s: string): string => s.split('\n')[0]!.trim();

/** Whether an error is V8's stack overflow (a deeply nested document). */
function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/**
 * Calls `each` with the plain value of every document of `text` (YAML, multi-document, or JSON).
 * Throws ManifestSyntaxError on invalid input.
 */
export function forEachManifestValue(text: string, each: (value: unknown) => void): void {
  try {
    readDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, each);
  } catch (err) {
    if (isStackOverflow(err)) throw new ManifestSyntaxError('nested too deeply');
    throw err;
  }
}

function readDocuments(body: string, each: (value: unknown) => void): void {
  if (/^\s*[[{]/.test(body)) {
    let value: unknown;
    let isJson = true;
    try {
      value = JSON.parse(body);
    } catch {
      isJson = false; // flow-style YAML, or broken: the YAML reader says which
    }
    if (isJson) {
      each(value);
      return;
    }
  }
  const { Composer, LineCounter, Parser } = yaml();
  const lines = new LineCounter();
  const composer = new Composer({ uniqueKeys: false });
  for (const doc of composer.compose(new Parser(lines.addNewLine).parse(body))) {
    const e = doc.errors[0];
    if (e) {
      if (/call stack/i.test(e.message)) throw new ManifestSyntaxError('nested too deeply');
      throw new ManifestSyntaxError(`invalid YAML/JSON at line ${lines.linePos(e.pos[0]).line}: ${firstLine(e.message)}`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      if (err instanceof ReferenceError && /alias/i.test(err.message)) {
        throw new ManifestSyntaxError(`too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}; an alias bomb?)`);
      }
      if (err instanceof ReferenceError) throw new ManifestSyntaxError(`invalid YAML: ${firstLine(err.message)}`);
      throw err;
    }
    each(value);
  }
}
