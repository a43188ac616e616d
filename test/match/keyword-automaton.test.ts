/**
 * The bounded keyword automaton (dense rows near the start, sparse beyond) finds exactly what the
 * former all-dense automaton found, over strings and bytes, whatever part of it is dense, and
 * after a trip to another thread's memory.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FOUND, KeywordAutomaton, NO_STOP } from '../../src/match/keyword-automaton.js';
import { DenseReferenceAutomaton } from './dense-reference.js';
import { loadLibrary } from '../../src/library/load.js';
import { signatureKeywords } from '../../src/match/matcher.js';
import { quietByteScanner } from '../../src/parse/quiet-bytes.js';
import { REWRITTEN_MARKUP, straddleNeedles } from '../../src/match/line-prefilter.js';

/** A small alphabet, so that literals overlap and share prefixes and suffixes; a few non-ASCII and special characters. */
const CHARS = ['a', 'b', 'c', ' ', ':', '"', '\\', 'é', '✓', '\u001b', '\ufffd', 'x'];
const char = fc.constantFrom(...CHARS);
const word = (min: number, max: number) => fc.array(char, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
const literals = fc.array(word(1, 6), { minLength: 1, maxLength: 25 });
const text = word(0, 60);
/** How much of the automaton is dense: all of it, or only the start state and a few more. */
const density = fc.constantFrom(undefined, 1, 40, 200);

type Scanner = Pick<KeywordAutomaton, 'scan' | 'test' | 'forEachMatch' | 'scanBytes' | 'scanBytesTo'>;

function matches(a: Scanner, t: string): number[] {
  const out: number[] = [];
  a.forEachMatch(t, (l) => out.push(l));
  return out.sort((x, y) => x - y);
}

/** Scanning `t` in two pieces, carrying the state: found or not. */
function foundInPieces(a: Scanner, t: string, cut: number): boolean {
  const s = a.scan(t, 0, cut, 0);
  return s === FOUND || a.scan(t, cut, t.length, s) === FOUND;
}

function bytesOutcome(a: Scanner, buf: Uint8Array, cut: number): [boolean, number] {
  const s = a.scanBytes(buf, 0, cut, 0);
  const found = s === FOUND || a.scanBytes(buf, cut, buf.length, s) === FOUND;
  return [found, a.scanBytesTo(buf, 0, buf.length, 34)];
}

describe('keyword automaton: same answers as the dense reference', () => {
  it('over strings: test, scan in pieces, every literal occurrence', () => {
    fc.assert(
      fc.property(literals, fc.array(text, { minLength: 1, maxLength: 5 }), density, fc.nat(), (lits, texts, dense, cutSeed) => {
        const ref = new DenseReferenceAutomaton(lits);
        const a = new KeywordAutomaton(lits, dense === undefined ? {} : { denseEntries: dense });
        for (const t of texts) {
          expect(a.test(t)).toBe(ref.test(t));
          const cut = cutSeed % (t.length + 1);
          expect(foundInPieces(a, t, cut)).toBe(foundInPieces(ref as unknown as Scanner, t, cut));
          expect(matches(a, t)).toEqual(matches(ref as unknown as Scanner, t));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('over bytes, with poisoned bytes and a stop byte, on valid and invalid UTF-8', () => {
    // Mostly characters that are not poisoned (a backslash, ESC, and with U+FFFD in a literal every non-ASCII byte, are).
    const byteChar = fc.constantFrom('a', 'b', 'c', ' ', ':', '"', 'é', '✓', 'a', 'b', '\\');
    const byteWord = (min: number, max: number) => fc.array(byteChar, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
    const byteLiterals = fc.oneof(fc.array(byteWord(1, 6), { minLength: 1, maxLength: 25 }), literals);
    const bytes = fc.oneof(
      byteWord(0, 60).map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
      byteWord(0, 60).map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
      fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.constantFrom(0x61, 0x62, 0x3a, 0x20, 0x22, 0x5c, 0xc3, 0xa9, 0xe2, 0x1b, 0xff), { maxLength: 40 }).map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(byteLiterals, fc.array(bytes, { minLength: 1, maxLength: 5 }), density, fc.nat(), (lits, bufs, dense, cutSeed) => {
        const ref = DenseReferenceAutomaton.forBytes(lits, [92, 27]);
        const a = KeywordAutomaton.forBytes(lits, [92, 27], dense);
        for (const buf of bufs) {
          const cut = cutSeed % (buf.length + 1);
          expect(bytesOutcome(a, buf, cut)).toEqual(bytesOutcome(ref as unknown as Scanner, buf, cut));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('an empty literal occurs everywhere, as before', () => {
    const a = new KeywordAutomaton(['', 'ab'], { denseEntries: 1 });
    expect(a.test('')).toBe(true);
    expect(a.scanBytesTo(Buffer.from('x"'), 0, 2, 34)).toBe(FOUND);
    expect(new KeywordAutomaton(['ab']).scanBytesTo(Buffer.from('xx'), 0, 2, 34)).toBe(NO_STOP);
  });

  it('duplicate literals are each reported', () => {
    const a = new KeywordAutomaton(['ab', 'b', 'ab'], { denseEntries: 1 });
    expect(matches(a, 'xab')).toEqual([0, 1, 2]);
  });

  it('the bundled library: every keyword, on random texts around them', () => {
    const keywords = signatureKeywords(loadLibrary([], { verdictCache: null }).patterns);
    // As the byte scanner of the lazy path builds them: the straddle needles and the markdown-link marker.
    const needles = [...new Set([...keywords.flatMap((k) => straddleNeedles(k)), REWRITTEN_MARKUP])];
    const ref = new DenseReferenceAutomaton(keywords);
    const sparse = new KeywordAutomaton(keywords, { denseEntries: 1000 });
    const full = new KeywordAutomaton(keywords);
    const refBytes = DenseReferenceAutomaton.forBytes(needles, [92, 27]);
    const bytes = quietByteScanner(keywords);
    const sparseBytes = KeywordAutomaton.forBytes(needles, [92, 27], 1000);
    const around = fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...keywords), fc.nat(), fc.string({ maxLength: 20 })).map(([a, k, cut, b]) => a + k.slice(0, cut % (k.length + 1)) + b + k.slice(cut % (k.length + 1)));
    fc.assert(
      fc.property(around, (t) => {
        const want = matches(ref as unknown as Scanner, t);
        expect(matches(full, t)).toEqual(want);
        expect(matches(sparse, t)).toEqual(want);
        const buf = Buffer.from(t, 'utf8');
        const wantBytes = bytesOutcome(refBytes as unknown as Scanner, buf, buf.length >> 1);
        expect(bytesOutcome(bytes, buf, buf.length >> 1)).toEqual(wantBytes);
        expect(bytesOutcome(sparseBytes, buf, buf.length >> 1)).toEqual(wantBytes);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('keyword automaton: shared with other threads', () => {
  it('rebuilt from its shared data (as a worker receives it) gives the same answers, on the same memory', () => {
    fc.assert(
      fc.property(literals, text, density, (lits, t, dense) => {
        const a = new KeywordAutomaton(lits, dense === undefined ? {} : { denseEntries: dense });
        const data = structuredClone(a.share());
        expect(data.next.buffer).toBeInstanceOf(SharedArrayBuffer);
        const b = new KeywordAutomaton(data);
        expect(matches(b, t)).toEqual(matches(a, t));
        const buf = Buffer.from(t, 'utf8');
        expect(b.scanBytes(buf, 0, buf.length, 0) === FOUND).toBe(a.scanBytes(buf, 0, buf.length, 0) === FOUND);
      }),
      { numRuns: 300 },
    );
  });
});

describe('keyword automaton: bounded memory', () => {
  it('many keywords: dense rows only within the budget, the rest about 10 bytes per state', () => {
    const keywords = Array.from({ length: 20_000 }, (_, i) => `keyword number ${i * 7919} of many`);
    const chars = keywords.reduce((n, k) => n + k.length, 0);
    const a = new KeywordAutomaton(keywords, { denseEntries: 64 * 1024 });
    // The former dense table alone took states × classes × 4 bytes (here about 18 classes): 4 × 18 × chars.
    expect(a.byteSize).toBeLessThan(64 * 1024 * 4 + 65536 * 2 + chars * 12);
    expect(a.test('xx keyword number 7919 of many')).toBe(true);
    expect(a.test('xx keyword number 7918 of many')).toBe(false);
  });
});

describe('keyword automata handed to workers', () => {
  it('a worker adopts the main thread\'s automata for its copy of the keyword list, on shared memory', async () => {
    const { shareAutomata, adoptAutomata } = await import('../../src/parallel/shared-automata.js');
    const { keywordSearchFor } = await import('../../src/match/line-prefilter.js');
    const { quietByteScannerFor } = await import('../../src/parse/quiet-bytes.js');
    const keywords = ['widget exploded', 'gadget: melted', 'sprocket'];
    const shared = structuredClone(shareAutomata(keywords));
    // What a worker receives: another array with the same keywords.
    const copy = [...keywords];
    adoptAutomata(copy, shared);
    const search = keywordSearchFor(copy);
    const bytes = quietByteScannerFor(copy);
    expect(search.automaton.share().next.buffer).toBe(shared.search.automaton.next.buffer);
    expect(bytes.share().next.buffer).toBe(shared.bytes.next.buffer);
    expect(search.automaton.test('the gadget: melted')).toBe(true);
    expect(bytes.scanBytes(Buffer.from('a sprocket'), 0, 10, 0)).toBe(FOUND);
    // The matcher finds it by content (its own keyword array).
    expect(keywordSearchFor([...keywords])).toBe(search);
  });
});
