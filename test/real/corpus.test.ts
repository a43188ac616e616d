/**
 * The real-world corpus (samples/real, issue #19): the CLI runs in-process with `-o json` on every
 * verbatim excerpt; a problem case passes when the expected families and kinds are reported, a healthy
 * one when nothing reaches severity error. Exactly the cases in known-failures.json may fail.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { loadLibrary } from '../../src/library/load.js';
import { NEAR_MISS_UNITS } from '../../src/correlate/near-miss.js';
// @ts-expect-error plain ESM helper shared with scripts/corpus-rate.mjs
import * as corpus from '../../scripts/corpus-lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `${ROOT}samples/real`;
const known = corpus.knownIds(
  loadLibrary().patterns.map((p) => p.spec),
  NEAR_MISS_UNITS.map((u) => u.id),
);
const cases: any[] = corpus.loadCases(DIR, known);
const knownFailures: Record<string, string> = JSON.parse(readFileSync(`${DIR}/known-failures.json`, 'utf8'));
const rows: any[] = [];

describe('real-world corpus: structure', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.id, c]))('%s has a valid case.json and input.log', (_id, c: any) => {
    expect(c.problems).toEqual([]);
  });

  it('known-failures.json names existing cases, each with a cause', () => {
    const ids = new Set(cases.map((c) => c.id));
    for (const [id, reason] of Object.entries(knownFailures)) {
      expect(ids.has(id), `${id} in known-failures.json is not a case`).toBe(true);
      const causes = corpus.causesOf(reason);
      expect(causes.length, `${id}: reason must start with <cause>[+<cause>…]: from ${corpus.CAUSES.join(', ')}`).toBeGreaterThan(0);
    }
  });

  it('a case expecting a new: family is a known failure of cause family', () => {
    for (const c of cases.filter((c) => c.spec?.expect.families.some((f: string) => f.startsWith('new:')))) {
      expect(corpus.causesOf(knownFailures[c.id] ?? ''), `${c.id} expects a new: family`).toContain('family');
    }
  });
});

describe('real-world corpus: diagnosis', () => {
  it.each(cases.filter((c) => c.spec).map((c) => [c.id, c]))('%s', async (id, c: any) => {
    const result = await corpus.runCase(run, c.input);
    const verdict = corpus.evaluate(c.spec, result);
    rows.push({ id, spec: c.spec, ...verdict });
    if (id in knownFailures) {
      expect(
        verdict.pass,
        `${id} passes now: remove it from samples/real/known-failures.json (it was: ${knownFailures[id]})`,
      ).toBe(false);
    } else {
      expect(verdict.reasons, `${id} fails (fix the reader or the signature, or list it in known-failures.json)`).toEqual([]);
    }
  });

  afterAll(() => {
    if (rows.length) console.log(corpus.rateReport(rows, knownFailures));
  });
});
