/**
 * The bundled signature library, tested from its own data: every example of every signature,
 * the library invariants, and the regex safety check.
 */

import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLibrary, BUNDLED_PATTERNS_DIR, patternFiles } from '../../src/library/load.js';
import { runExamples } from '../../src/match/examples.js';
import { checkPatternRegexes, readVerdicts, verdictsFileFor } from '../../src/library/safety.js';

const { patterns } = loadLibrary();
// recheck takes seconds per regex: verdicts recorded for the exact regex source are reused, and
// any regex without one (a new or changed signature) is checked afresh right here.
const recorded = readVerdicts(verdictsFileFor(BUNDLED_PATTERNS_DIR));

describe('bundled library invariants', () => {
  it('loads a non-trivial number of signatures (guards against a loader that returns nothing)', () => {
    expect(patterns.length).toBeGreaterThanOrEqual(1);
    expect(patternFiles(BUNDLED_PATTERNS_DIR).length).toBe(patterns.length);
  });

  it.each(patterns.map((p) => [p.spec.id, p] as const))('%s: file name equals the id', (id, p) => {
    expect(basename(p.file)).toBe(`${id}.yaml`);
  });

  it.each(patterns.map((p) => [p.spec.id, p] as const))('%s: has at least two match and one nomatch examples', (_id, p) => {
    expect(p.spec.examples.match.length).toBeGreaterThanOrEqual(2);
    expect(p.spec.examples.nomatch.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(patterns.map((p) => [p.spec.id, p] as const))('signature %s', (_id, p) => {
  it.each(runExamples(p).map((r) => [`${r.kind}[${r.index}]`, r] as const))('%s', (_name, r) => {
    expect(r.outcome, `${r.detail}\n${r.line}`).toBe('ok');
  });

  it('has no regex that can backtrack catastrophically', () => {
    const unsafe = checkPatternRegexes(p, recorded).filter((v) => v.status === 'vulnerable');
    expect(unsafe.map((v) => `${v.source}: ${v.detail}`)).toEqual([]);
  });
});
