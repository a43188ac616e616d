/**
 * A large file shared out to threads in ranges they take as they become free (guidedStarts, the
 * plan the bundle runner uses): whichever thread reads which range, and in whatever order they
 * finish, the report is the one a single reader gives. Realistic input (bench/realistic-logs.mjs):
 * every signature line names fresh objects and kinds, near misses, multi-line entries.
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { ExpansionBudget } from '../../src/input/budget.js';
import { openBundleFile } from '../../src/input/bundle-file.js';
import { analyzeLog } from '../../src/parallel/analyze-log.js';
import { analyzeInRanges, analyzeRange, guidedStarts, MIN_RANGE_BYTES } from '../../src/parallel/split-file.js';
import { mergeOutcomes } from '../../src/parallel/merge.js';
import type { AnalysisContext } from '../../src/parallel/analysis-context.js';
import type { SourceResult } from '../../src/parallel/outcome.js';

const library = loadLibrary();
const ctx: AnalysisContext = {
  matcher: new Matcher(library.patterns),
  budget: new ExpansionBudget(1 << 30),
  maxLineBytes: 4096,
  assembler: { inputFormat: 'auto', matchKeywords: signatureKeywords(library.patterns) },
};
const meta = { layout: 'file' } as SourceResult['meta'];
const dir = mkdtempSync(join(tmpdir(), 'kld-guided-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (source: SourceResult): string => JSON.stringify(mergeOutcomes([{ type: 'source', source }], { registry: KindRegistry.withBuiltins(), expandedBytes: 0 }));
const fileOf = (path: string) => ({ label: 'input.log', path, mtime: null, origin: { disk: path, size: statSync(path).size } });

describe('guided ranges', () => {
  it('cuts a file into ranges that shrink to the minimum, the last one never tiny', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4e9 }), (threads, size) => {
        const starts = guidedStarts(size, threads);
        const bounds = [0, ...starts, size];
        for (let i = 1; i < bounds.length; i++) expect(bounds[i]! - bounds[i - 1]!).toBeGreaterThanOrEqual(i === bounds.length - 1 ? Math.min(size, MIN_RANGE_BYTES / 2) : MIN_RANGE_BYTES);
        for (let i = 2; i < bounds.length - 1; i++) expect(bounds[i]! - bounds[i - 1]!).toBeLessThanOrEqual(bounds[i - 1]! - bounds[i - 2]!);
        // Few ranges to merge: about 2 × threads × ln(size / min) at most.
        expect(starts.length).toBeLessThanOrEqual(Math.ceil(2 * threads * Math.log(Math.max(2, size / MIN_RANGE_BYTES))) + 2);
      }),
    );
    expect(guidedStarts(10 * MIN_RANGE_BYTES, 2)).toEqual([2.5, 4.375, 5.78125, 6.8359375, 7.8359375, 8.8359375].map((x) => Math.floor(x * MIN_RANGE_BYTES)));
  });

  it.each([
    ['klog', 2],
    ['zap', 3],
    ['mixed', 2],
  ])('%s shared out to %i threads gives the report of one reader', async (format, threads) => {
    // The realistic generator checks its variants with the compiled matcher (npm test builds first).
    const { writeRealisticLog } = await import('../../bench/realistic-logs.mjs');
    const path = join(dir, `${format}.log`);
    await writeRealisticLog(path, format, 4_000_000, library.patterns, { seed: 5, signatureRate: 0.05 });
    const expected = report(await analyzeLog({ label: 'input.log', meta, year: 2025, source: openBundleFile(fileOf(path)) }, ctx));
    expect(JSON.parse(expected).findings.length).toBeGreaterThan(20);
    const size = statSync(path).size;
    const starts = guidedStarts(size, threads, 200_000);
    expect(starts.length).toBeGreaterThan(8);
    // The other "threads" finish in a scrambled order: each range waits a little, differently.
    let n = 0;
    const slow = async (job: Parameters<typeof analyzeRange>[0]) => {
      await new Promise((r) => setTimeout(r, (n++ * 7) % 23));
      return analyzeRange(job, ctx);
    };
    const joined = await analyzeInRanges({ label: 'input.log', disk: path, meta, year: 2025, size, source: openBundleFile(fileOf(path)) }, { starts, threads }, ctx, slow);
    expect(report(joined!)).toBe(expected);
  }, 120_000);
});
