/**
 * Signatures tolerate how text gets copied (issue #19): every `match` example of every signature,
 * mutated the ways log text is mangled when pasted (test/library/paste-mutations.ts), must still
 * fire the same signature with the same kind, group, version and resource captures, through the
 * assembler and matcher the CLI uses (lazy parsing on), and on as many entries as the example
 * itself. A failure is allowed only where the signature file declares it under
 * `examples.pasteExceptions`, with its reason; the overall rate must stay at 98% or above.
 */

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/load.js';
import { exampleLine } from '../../src/library/schema.js';
import type { CompiledPattern } from '../../src/library/compile.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { EntryAssembler, newAssemblerCounters } from '../../src/parse/assembler.js';
import { MUTATIONS } from './paste-mutations.js';

const { patterns } = loadLibrary();
const keywords = signatureKeywords(patterns);
const KIND_CAPTURES = ['kind', 'group', 'version', 'resource'] as const;

/** The kind captures of each entry the pattern fires on, as the CLI would find them. */
function firings(pattern: CompiledPattern, matcher: Matcher, text: string, lazy: boolean): string[] {
  const out: string[] = [];
  const assembler = new EntryAssembler('paste', newAssemblerCounters(), (e) => {
    for (const m of matcher.match(e)) {
      if (m.pattern === pattern) out.push(JSON.stringify(KIND_CAPTURES.map((k) => m.captures[k] ?? null)));
    }
  }, 2025, lazy ? { matchKeywords: keywords } : {});
  text.split('\n').forEach((l, i) => assembler.push(l, i + 1));
  assembler.flush();
  return out.sort();
}

interface Outcome {
  id: string;
  example: number;
  mutation: string;
  ok: boolean;
  declared: string | null;
  detail: string;
}

function outcomes(): Outcome[] {
  const out: Outcome[] = [];
  for (const pattern of patterns) {
    const matcher = new Matcher([pattern]);
    const exceptions = pattern.spec.examples.pasteExceptions ?? [];
    pattern.spec.examples.match.forEach((ex, index) => {
      const text = exampleLine(ex);
      const expected = firings(pattern, matcher, text, true);
      if (expected.length === 0) return; // the library test reports a failing example
      for (const [name, mutate] of Object.entries(MUTATIONS)) {
        const mutated = mutate(text);
        if (mutated === null) continue;
        const lazy = firings(pattern, matcher, mutated, true);
        const eager = firings(pattern, matcher, mutated, false);
        const ok = JSON.stringify(lazy) === JSON.stringify(expected) && JSON.stringify(eager) === JSON.stringify(expected);
        const declared = exceptions.find((e) => e.mutation === name && (e.example === undefined || e.example === index))?.reason ?? null;
        out.push({ id: pattern.spec.id, example: index, mutation: name, ok, declared, detail: ok ? '' : `expected ${expected.join(' ')}, got ${lazy.join(' ') || 'nothing'}\n${mutated}` });
      }
    });
  }
  return out;
}

describe('paste mutations of every signature example', () => {
  const results = outcomes();
  const passed = results.filter((r) => r.ok).length;
  const rate = passed / results.length;
  // The rate is part of what the suite reports (issue #19 asks for it).
  console.log(`paste mutations: ${passed}/${results.length} fire unchanged (${(rate * 100).toFixed(2)}%), ${results.length - passed} declared exceptions`);
  if (process.env['KLD_PASTE_REPORT']) writeFileSync(process.env['KLD_PASTE_REPORT'], JSON.stringify(results.filter((r) => !r.ok), null, 1));

  it('applies at least 10 mutations to every example', () => {
    const perExample = new Map<string, number>();
    for (const r of results) perExample.set(`${r.id}[${r.example}]`, (perExample.get(`${r.id}[${r.example}]`) ?? 0) + 1);
    expect(perExample.size).toBeGreaterThan(300);
    expect([...perExample].filter(([, n]) => n < 10)).toEqual([]);
  });

  it('fires the same signature with the same captures in at least 98% of the mutated examples', () => {
    expect(rate).toBeGreaterThanOrEqual(0.98);
  });

  it('fails only where the signature file declares the exception, with its reason', () => {
    const undeclared = results.filter((r) => !r.ok && r.declared === null);
    expect(undeclared.map((r) => `${r.id} match[${r.example}] ${r.mutation}: ${r.detail}`)).toEqual([]);
  });

  it('declares no exception that no longer fails', () => {
    const stale = results.filter((r) => r.ok && r.declared !== null);
    expect(stale.map((r) => `${r.id} match[${r.example}] ${r.mutation}`)).toEqual([]);
  });
});
