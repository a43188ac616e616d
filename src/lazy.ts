/**
 * Packages loaded on first use. A run loads only what its input needs: YAML and schema
 * validation when a pattern file changed since the build or a CRD manifest is read, archive
 * readers for archives, the progress bar on a terminal. They are CommonJS packages, so require()
 * loads them synchronously, and an `import` elsewhere would share the same instance.
 */

import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A getter that requires `id` the first time it is called. */
export function lazy<T>(id: string): () => T {
  let module: T | undefined;
  return () => (module ??= load(id) as T);
}
