/**
 * Evidence lines kept as numbered records in blocks of bytes (the full ones compressed): every
 * line comes back exactly as it went in, from this thread or from a copy of the store, and a
 * merge numbers another store's lines after its own.
 */

import { describe, expect, it } from 'vitest';
import { EvidenceStore, shiftEvidence } from '../../src/correlate/evidence-store.js';

const line = (i: number) => `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Kind${String(i).padStart(6, '0')}."`;

describe('evidence store', () => {
  it('gives back each line as added: Latin-1, UTF-16 with astral and lone surrogates, empty', () => {
    const store = new EvidenceStore();
    const texts = ['plain ascii', 'café ÿ', '漢字 and 😀 emoji', 'lone \ud800 surrogate and \udfff', '', 'x'.repeat(2000)];
    const refs = texts.map((t, i) => store.add(`src-${i % 2}.log`, i + 1, t));
    expect(refs.map((r) => store.get(r))).toEqual(texts.map((text, i) => ({ source: `src-${i % 2}.log`, line: i + 1, text })));
  });

  it('keeps many lines over many blocks, and reads them back in any order, also from a copy sent to another thread', () => {
    const store = new EvidenceStore();
    const n = 20000;
    const refs = Array.from({ length: n }, (_, i) => store.add(i < 10000 ? 'a.log' : 'b.log', i * 3, line(i)));
    expect(new Set(refs).size).toBe(n);
    const state = structuredClone(store.exportState());
    // Many blocks: the first 32 (1 MiB of lines) as they are, the full ones after them compressed
    // (the lines are much alike).
    expect(state.blocks.length).toBeGreaterThan(64);
    expect(state.blocks.slice(0, 32).every((b) => !b.compressed)).toBe(true);
    expect(state.blocks.slice(32, -1).every((b) => b.compressed)).toBe(true);
    const bytes = state.blocks.reduce((s, b) => s + b.data.byteLength, 0);
    expect(bytes).toBeLessThan((n * line(0).length) / 2);
    const copy = new EvidenceStore();
    const offset = copy.absorb(state);
    for (const i of [19999, 0, 10000, 17, 4200, 1, 15000, 15001, 6000, 19999]) {
      expect(store.get(refs[i]!)).toEqual({ source: i < 10000 ? 'a.log' : 'b.log', line: i * 3, text: line(i) });
      expect(copy.get(refs[i]! + offset)).toEqual(store.get(refs[i]!));
    }
  });

  it("numbers another store's lines after its own, with their own sources and line shift", () => {
    const a = new EvidenceStore();
    const a1 = a.add('one.log', 1, 'first of one');
    const b = new EvidenceStore();
    const b1 = b.add('two.log', 5, 'first of two');
    const b2 = b.add('three.log', 6, 'second of two');
    const offset = a.absorb(shiftEvidence(structuredClone(b.exportState()), 1000));
    expect(offset).toBeGreaterThan(a1);
    const a2 = a.add('one.log', 2, 'second of one');
    expect([a1, b1 + offset, b2 + offset, a2].map((r) => a.get(r))).toEqual([
      { source: 'one.log', line: 1, text: 'first of one' },
      { source: 'two.log', line: 1005, text: 'first of two' },
      { source: 'three.log', line: 1006, text: 'second of two' },
      { source: 'one.log', line: 2, text: 'second of one' },
    ]);
    expect(() => a.get(a2 + 1)).toThrow(/no such record/);
  });

  it('keeps the lines of a small log as they are (no block compressed)', () => {
    const store = new EvidenceStore();
    for (let i = 0; i < 1000; i++) store.add('a.log', i, line(i));
    expect(store.exportState().blocks.every((b) => !b.compressed)).toBe(true);
  });

  it('hands over a state it recognises as its own, and not a copy', () => {
    const store = new EvidenceStore();
    expect(store.isEmpty()).toBe(true);
    store.add('x.log', 1, 'x');
    expect(store.isEmpty()).toBe(false);
    const state = store.exportState();
    expect(store.isExported(state)).toBe(true);
    expect(store.isExported(shiftEvidence(state, 3))).toBe(false);
    expect(store.isExported(structuredClone(state))).toBe(false);
  });
});
