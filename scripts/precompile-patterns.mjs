#!/usr/bin/env node
/**
 * Build step (`npm run build` runs it after tsc): validates the bundled pattern library and
 * writes dist/library/bundled-patterns.json, which start-up reuses instead of parsing 117 YAML
 * files. A pattern error fails the build with the same one-line message the CLI would print.
 */
const { writePrecompiled } = await import(new URL('../dist/library/load.js', import.meta.url).href);
const { KldError } = await import(new URL('../dist/errors.js', import.meta.url).href);
try {
  writePrecompiled();
} catch (err) {
  if (!(err instanceof KldError)) throw err;
  console.error(`precompile-patterns: ${err.message}`);
  process.exit(2);
}
