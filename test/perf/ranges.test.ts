/**
 * One large file read in byte ranges (src/parallel/split-file.ts) must give exactly what one
 * reader gives: same counts, same findings with the same evidence lines, objects and kinds —
 * whatever the number of ranges and wherever the cuts fall (inside klog blocks, stern or CRI
 * lines, long lines, CRLF). The later ranges run in this thread here, through the same code a
 * worker runs; the bundle runner's worker path is checked at the end.
 */

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { ExpansionBudget } from '../../src/input/budget.js';
import { openBundleFile } from '../../src/input/bundle-file.js';
import { analyzeLog } from '../../src/parallel/analyze-log.js';
import { analyzeInRanges, analyzeRange } from '../../src/parallel/split-file.js';
import { mergeOutcomes } from '../../src/parallel/merge.js';
import type { analyzeBundle } from '../../src/parallel/run-bundle.js';
import type { AnalysisContext } from '../../src/parallel/analysis-context.js';
import type { SourceResult } from '../../src/parallel/outcome.js';
import { generate } from '../../bench/synthetic-logs.mjs';

const library = loadLibrary();
const keywords = signatureKeywords(library.patterns);
const ctx: AnalysisContext = {
  matcher: new Matcher(library.patterns),
  budget: new ExpansionBudget(1 << 30),
  maxLineBytes: 4096,
  assembler: { inputFormat: 'auto', matchKeywords: keywords },
};

const dir = mkdtempSync(join(tmpdir(), 'kld-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const meta = { layout: 'file' } as SourceResult['meta'];

/** The report one source gives, as JSON (what the user sees). */
function report(source: SourceResult): string {
  return JSON.stringify(mergeOutcomes([{ type: 'source', source }], { registry: KindRegistry.withBuiltins(), expandedBytes: 0 }));
}

async function whole(path: string): Promise<SourceResult> {
  const file = { label: 'input.log', path, mtime: null, origin: { disk: path, size: statSync(path).size } };
  return analyzeLog({ label: 'input.log', meta, year: 2025, source: openBundleFile(file) }, ctx);
}

async function inRanges(path: string, parts: number): Promise<SourceResult | null> {
  const size = statSync(path).size;
  const file = { label: 'input.log', path, mtime: null, origin: { disk: path, size } };
  return analyzeInRanges({ label: 'input.log', disk: path, meta, year: 2025, size, source: openBundleFile(file) }, parts, ctx, (job) => analyzeRange(job, ctx));
}

const klog = [...generate('klog', 1_000_000, library.patterns, { seed: 11, signatureRate: 0.03, unknownRate: 0.02 })].join('');
const zap = [...generate('zap', 1_000_000, library.patterns, { seed: 12, signatureRate: 0.03, unknownRate: 0.02, distinct: 3000 })].join('');

describe('byte ranges of one file = one reader', () => {
  it.each([
    ['klog', klog],
    ['zap JSON', zap],
  ])('%s, in 2 to 9 ranges', async (_name, text) => {
    const path = write(`gen-${_name}.log`, text);
    const expected = report(await whole(path));
    // Unrecognised errors are part of what must not depend on the ranges.
    expect(JSON.parse(expected).unknown.length).toBeGreaterThan(0);
    for (let parts = 2; parts <= 9; parts++) {
      const joined = await inRanges(path, parts);
      expect(joined, `${parts} ranges`).not.toBeNull();
      expect(report(joined!), `${parts} ranges`).toBe(expected);
    }
  });

  it('joins exactly when cuts fall in klog blocks, stern and CRI lines, long lines and CRLF', async () => {
    const block = 'E0612 08:00:01.000000       1 controller.go:316] "Reconciler error" err=<\n\tfailed to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler\n\tsecond line of the value\n >\n';
    const cri = '2024-05-01T10:00:00.123456789Z stderr F E0612 08:00:02.000000       1 garbagecollector.go:358] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler"\n';
    const stern = 'kube-controller-manager-x kube-controller-manager I0612 08:00:03.000000       1 x.go:1] "Starting workers"\n';
    const long = `I0612 08:00:04.000000       1 x.go:1] "${'x'.repeat(6000)}"\n`;
    const crlf = 'W0612 08:00:05.000000       1 x.go:1] "Resync"\r\n';
    const lines = klog.split('\n').slice(0, -1).map((l) => `${l}\n`);
    // Odd lines every few hundred bytes, so that some cut falls on or next to each kind.
    const mixed = lines.map((l, i) => (i % 7 === 3 ? [block, cri, stern, long, crlf][(i / 7) % 5 | 0] + l : l)).join('');
    const path = write('mixed.log', mixed);
    const expected = report(await whole(path));
    for (const parts of [2, 3, 5, 8]) {
      const joined = await inRanges(path, parts);
      expect(joined, `${parts} ranges`).not.toBeNull();
      expect(report(joined!), `${parts} ranges`).toBe(expected);
    }
  });

  it('reads on past a cut where another lane still holds an entry, so that entries keep their order', async () => {
    // A CRI record's entry waits in its own lane until that lane's next record; a bare line with
    // the same finding, after the cut, is matched first by one reader — and must be here too.
    const quiet = klog.split('\n').filter((l) => l.startsWith('I')).slice(0, 600);
    const error = 'err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler." logger="garbage-collector-controller" item="[autoscaling.aibrix.ai/v1alpha1/PodAutoScaler, namespace: default, name: llama-7b-pa, uid: 4b1f0c2e-8d7a-4c55-9a0e-2f1e6c3d9b10]"';
    const cri = `2024-05-01T10:00:00.123456789Z stderr F E0612 08:00:02.000000       1 garbagecollector.go:358] "error syncing item" ${error}`;
    const bare = `E0612 08:00:09.000000       1 garbagecollector.go:358] "error syncing item" ${error}`;
    const text = [...quiet.slice(0, 100), cri, ...quiet.slice(100, 500), bare, ...quiet.slice(500)].join('\n') + '\n';
    const path = write('lanes.log', text);
    const expected = report(await whole(path));
    const evidence = JSON.parse(expected).findings.find((f: { id: string }) => f.id === 'gc-rest-mapping').evidence.map((e: { line: number }) => e.line);
    expect(evidence).toEqual([502, 101]);
    for (const parts of [2, 3, 4]) expect(report((await inRanges(path, parts))!)).toBe(expected);
  });

  it('counts the objects a finding lists exactly when later ranges see more than it lists', async () => {
    // The same finding for 40 objects, each of them in every part of the file.
    const line = (i: number, t: number) =>
      `I0612 10:11:${String(t % 60).padStart(2, '0')}.123456       1 deployment_controller.go:495] "Error syncing deployment" deployment="default/web-${i}" err="Operation cannot be fulfilled on deployments.apps \\"web-${i}\\": the object has been modified; please apply your changes to the latest version and try again"\n`;
    const filler = lines(50);
    let text = '';
    for (let round = 0; round < 12; round++) for (let i = 0; i < 40; i++) text += line((i * 7 + round) % 40, round * 40 + i) + filler;
    const path = write('objects.log', text);
    const single = await whole(path);
    const expected = report(single);
    expect(JSON.parse(expected).findings.some((f: { objectsOmitted: number }) => f.objectsOmitted > 0)).toBe(true);
    for (const parts of [2, 3, 6]) expect(report((await inRanges(path, parts))!)).toBe(expected);

    function lines(n: number): string {
      return klog.split('\n').slice(0, n).join('\n') + '\n';
    }
  });

  it.each([1, 20, 1_000, 100_000])('joins exactly in 1 to 8 ranges when a finding concerns %i distinct objects', async (distinct) => {
    // Each object comes back in later parts of the file, so every range sees objects that an
    // earlier range listed first.
    const line = (i: number) =>
      `I0612 10:11:12.123456       1 deployment_controller.go:495] "Error syncing deployment" deployment="default/web-${i}" err="Operation cannot be fulfilled on deployments.apps \\"web-${i}\\": the object has been modified; please apply your changes to the latest version and try again"\n`;
    const quiet = klog.split('\n')[0] + '\n';
    const total = Math.max(4_000, distinct);
    let text = '';
    for (let n = 0; n < total; n++) text += line((n * 7919) % distinct) + (n % 3 === 0 ? quiet : '');
    const path = write(`objects-${distinct}.log`, text);
    const expected = report(await whole(path));
    const finding = JSON.parse(expected).findings.find((f: { id: string }) => f.id === 'update-conflict-storm' || f.objects.length > 0);
    expect(finding.count).toBe(total);
    expect(finding.objects.length).toBe(Math.min(distinct, 20));
    expect(finding.objects.reduce((n: number, o: { count: number }) => n + o.count, 0) + finding.objectsOmitted).toBe(total);
    const parts = distinct === 100_000 ? [8] : [2, 3, 4, 5, 6, 7, 8];
    for (const p of parts) expect(report((await inRanges(path, p))!), `${p} ranges`).toBe(expected);
  }, 120_000);

  it('gives up when the range a range handed on to read nothing (the file changed while it was read)', async () => {
    const path = write('changing.log', klog);
    const gone = write('gone.log', '');
    const size = statSync(path).size;
    const file = { label: 'input.log', path, mtime: null, origin: { disk: path, size } };
    const joined = await analyzeInRanges({ label: 'input.log', disk: path, meta, year: 2025, size, source: openBundleFile(file) }, 2, ctx, (job) =>
      analyzeRange({ ...job, disk: gone }, ctx),
    );
    expect(joined).toBeNull();
  });

  it('gives the same report through the bundle runner with a worker as with none', async () => {
    // Worker threads run the compiled code (npm test builds first).
    const dist = (m: string) => import(new URL(`../../dist/${m}`, import.meta.url).href);
    const { analyzeBundle: run } = (await dist('parallel/run-bundle.js')) as { analyzeBundle: typeof analyzeBundle };
    const { KindRegistry: Registry } = (await dist('correlate/registry.js')) as { KindRegistry: typeof KindRegistry };
    const { loadLibrary: load } = (await dist('library/load.js')) as { loadLibrary: typeof loadLibrary };
    const patterns = load().patterns;
    const path = write('bundle.log', klog + zap);
    const opts = { patterns, maxLineBytes: 4096, assembler: { inputFormat: 'auto' as const, matchKeywords: keywords }, maxExpandedBytes: 1 << 30 };
    const one = await run([path], { ...opts, registry: Registry.withBuiltins(), jobs: 1 });
    const two = await run([path], { ...opts, registry: Registry.withBuiltins(), jobs: 2, splitMinBytes: 1 });
    expect(one.findings.length).toBeGreaterThan(10);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });
});
