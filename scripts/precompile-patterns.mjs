#!/usr/bin/env node
/**
 * Build step (`npm run build` runs it after tsc): validates the bundled pattern library and
 * writes dist/library/bundled-patterns.json, which start-up reuses instead of parsing the YAML
 * files; then builds the library's keyword automata and writes them to
 * dist/match/bundled-automata.bin, which start-up maps instead of building them
 * (src/match/automaton-store.ts), and the unknown-error miner's seeds made from the signatures'
 * examples (dist/correlate/unknown/bundled-seeds.json). A pattern error fails the build with the same one-line message
 * the CLI would print.
 */
const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { writePrecompiled, loadLibrary } = await dist('library/load.js');
const { KldError } = await dist('errors.js');
const { KeywordAutomaton } = await dist('match/keyword-automaton.js');
const { writeAutomata, AUTOMATA_PATH } = await dist('match/automaton-store.js');
const { signatureKeywords } = await dist('match/matcher.js');
const { searchNeedles, searchAutomatonKey, buildKeywordSearch } = await dist('match/line-prefilter.js');
const { byteScannerKey, quietByteScanner } = await dist('parse/quiet-bytes.js');
const { writeSeeds, SEEDS_PATH } = await dist('correlate/unknown/known.js');
const { rmSync } = await import('node:fs');
try {
  writePrecompiled();
  // Built from scratch, never from a stored file (which an earlier build of the automaton code wrote).
  rmSync(AUTOMATA_PATH, { force: true });
  rmSync(SEEDS_PATH, { force: true });
  const bundled = loadLibrary([], { verdictCache: null }).patterns;
  writeSeeds(bundled);
  const keywords = signatureKeywords(bundled);
  const needles = searchNeedles(keywords);
  const search = buildKeywordSearch(keywords);
  writeAutomata(AUTOMATA_PATH, [
    { key: searchAutomatonKey(keywords, needles), data: search.automaton.data, extra: { keywordOf: search.keywordOf } },
    { key: byteScannerKey(needles), data: quietByteScanner(keywords).data },
  ]);
} catch (err) {
  if (!(err instanceof KldError)) throw err;
  console.error(`precompile-patterns: ${err.message}`);
  process.exit(2);
}
