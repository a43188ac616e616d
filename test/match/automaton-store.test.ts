/**
 * The keyword automata the build stores for the bundled library (src/match/automaton-store.ts):
 * a stored automaton reads back as the one that was built, array for array and find for find;
 * only the exact literal list it was built from gets it; a missing or damaged file means the
 * automaton is built as before; and the build of this tree wrote the file start-up looks for.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOUND, KeywordAutomaton, type AutomatonData } from '../../src/match/keyword-automaton.js';
import { storedAutomaton, writeAutomata } from '../../src/match/automaton-store.js';
import { loadLibrary } from '../../src/library/load.js';
import { signatureKeywords } from '../../src/match/matcher.js';
import { buildKeywordSearch, searchAutomatonKey, searchNeedles } from '../../src/match/line-prefilter.js';
import { byteScannerKey, quietByteScanner } from '../../src/parse/quiet-bytes.js';
import { tempDir } from '../tmp.js';

const keywords = signatureKeywords(loadLibrary([], { verdictCache: null }).patterns);
const needles = searchNeedles(keywords);
const dir = tempDir('kld-automata-');

const ARRAYS = ['classOf', 'next', 'firstChild', 'label', 'fail', 'accept', 'endStates', 'endLiteral', 'sameAs'] as const;

function sameData(a: AutomatonData, b: AutomatonData): void {
  for (const name of ARRAYS) {
    expect(b[name].constructor, name).toBe(a[name].constructor);
    expect(Array.from(b[name]), name).toEqual(Array.from(a[name]));
  }
  expect({ ...b, ...Object.fromEntries(ARRAYS.map((n) => [n, null])) }).toEqual({ ...a, ...Object.fromEntries(ARRAYS.map((n) => [n, null])) });
}

const LINES = [
  'unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler',
  'secrets is forbidden: User "system:serviceaccount:x:y" cannot list resource "secrets"',
  'Starting workers worker count=1',
  'no matches for kind "Certificate" in version "cert-manager.io/v1"',
  'plain text with a \\ backslash',
  '',
];

describe('stored keyword automata', () => {
  const search = buildKeywordSearch(keywords);
  const bytes = quietByteScanner(keywords);
  const path = join(dir, 'automata.bin');
  writeAutomata(path, [
    { key: searchAutomatonKey(keywords, needles), data: search.automaton.data, extra: { keywordOf: search.keywordOf } },
    { key: byteScannerKey(needles), data: bytes.data },
  ]);

  it('read back as built: every array, and the same finds on lines with and without keywords', () => {
    const s = storedAutomaton(searchAutomatonKey(keywords, needles), path)!;
    const b = storedAutomaton(byteScannerKey(needles), path)!;
    sameData(search.automaton.data, s.data);
    sameData(bytes.data, b.data);
    expect(Array.from(s.extra['keywordOf']!)).toEqual(Array.from(search.keywordOf));
    const fromStore = new KeywordAutomaton(s.data);
    const bytesFromStore = new KeywordAutomaton(b.data);
    for (const line of LINES) {
      const buf = Buffer.from(line);
      expect(fromStore.scan(line, 0, line.length, 0), line).toBe(search.automaton.scan(line, 0, line.length, 0));
      expect(bytesFromStore.scanBytes(buf, 0, buf.length, 0), line).toBe(bytes.scanBytes(buf, 0, buf.length, 0));
    }
    expect(fromStore.scan(LINES[0]!, 0, LINES[0]!.length, 0)).toBe(FOUND);
    expect(fromStore.scan(LINES[2]!, 0, LINES[2]!.length, 0)).not.toBe(FOUND);
  });

  it('are only for the literal list they were built from', () => {
    expect(storedAutomaton(searchAutomatonKey([...keywords, 'one more keyword']), path)).toBeNull();
    expect(storedAutomaton(searchAutomatonKey(keywords.slice(1)), path)).toBeNull();
    expect(storedAutomaton(byteScannerKey([...needles].reverse()), path)).toBeNull();
  });

  it('a missing, foreign or damaged file gives nothing (the automaton is built instead)', () => {
    const key = searchAutomatonKey(keywords, needles);
    expect(storedAutomaton(key, join(dir, 'missing.bin'))).toBeNull();
    writeFileSync(join(dir, 'foreign.bin'), 'not an automaton file');
    expect(storedAutomaton(key, join(dir, 'foreign.bin'))).toBeNull();
    writeFileSync(join(dir, 'damaged.bin'), Buffer.concat([Buffer.from('KLDA1\n'), Buffer.from([5, 0, 0, 0]), Buffer.from('{oops')]));
    expect(storedAutomaton(key, join(dir, 'damaged.bin'))).toBeNull();
  });

  it('the build wrote the automata start-up looks for (dist), for the bundled library as it is', async () => {
    const store = (await import('../../dist/match/automaton-store.js')) as typeof import('../../src/match/automaton-store.js');
    expect(store.storedAutomaton(searchAutomatonKey(keywords, needles))).not.toBeNull();
    expect(store.storedAutomaton(byteScannerKey(needles))).not.toBeNull();
  });
});
