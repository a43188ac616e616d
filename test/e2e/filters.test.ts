/**
 * Report filters (`--since`, `--until`, `-n`, `--pod`, `--container`, `--min-severity`, `--only`,
 * `--exclude`): what they keep, what they count, that they are shown in every format's header, and
 * that every mode (batch with any --jobs, the live path of the TUI and follow mode) gives the same
 * filtered report.
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runInProcess, runJson } from './helpers.js';
import { runAnalysis } from '../../src/cli/commands/analyze.js';
import { renderJson } from '../../src/report/json.js';
import type { LiveAnalysis } from '../../src/analysis.js';
import { cliOptions, silentIo } from '../tui/helpers.js';
import type { AnalyzeCliOptions } from '../../src/cli/commands/analyze.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../bench/synthetic-logs.mjs';

const SEED = 'samples/seed-case';
const SEED_LOG = 'samples/seed-case/kube-controller-manager.log';
const GC_LINE = 'unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler';

/** The klog times (HH:MM:SS.micro) of the seed log's GC errors, read straight from the file. */
function gcTimes(): string[] {
  return readFileSync(SEED_LOG, 'utf8')
    .split('\n')
    .filter((l) => l.includes(GC_LINE))
    .map((l) => /^E\d{4} (\d\d:\d\d:\d\d\.\d+)/.exec(l)![1]!);
}

describe('--since and --until', () => {
  it('count exactly the matched lines inside the window, and say what they left out', async () => {
    const all = await runJson([SEED]);
    const year = all.report.findings[0].firstSeen.slice(0, 10);
    const since = `${year}T10:00:30Z`;
    const until = `${year}T10:01:10Z`;
    const inside = gcTimes().filter((t) => t >= '10:00:30' && t <= '10:01:10').length;
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(20);
    const { code, report } = await runJson([SEED, '--since', since, '--until', until]);
    expect(code).toBe(0);
    const gc = report.findings.find((f: any) => f.id === 'gc-rest-mapping');
    expect(gc.count).toBe(inside);
    expect(gc.firstSeen >= `${year}T10:00:30`).toBe(true);
    expect(gc.lastSeen <= `${year}T10:01:10`).toBe(true);
    expect(report.filters).toEqual({
      since: `${year}T10:00:30.000Z`,
      until: `${year}T10:01:10.000Z`,
      excludedEntries: 20 - inside,
      untimedEntries: 0,
      excludedFindings: 0,
      excludedCount: 0,
    });
    // Lines are still read and counted: filters narrow the findings, not the stats.
    expect(report.stats.lines).toBe(all.report.stats.lines);
  });

  it('accept a duration back from now; entries from years ago are all outside it', async () => {
    const { report } = await runJson([SEED, '--since', '1h']);
    expect(report.findings).toEqual([]);
    expect(report.filters.excludedEntries).toBe(20);
    expect(Math.abs(Date.parse(report.filters.since) - (Date.now() - 3_600_000))).toBeLessThan(60_000);
    const text = await runInProcess([SEED, '--since', '1h']);
    expect(text.stdout).toContain('No known error signature found within the filters.');
    expect(text.stdout).toMatch(/^filters {4}since \S+Z · left out 20 matched entries outside the filters$/m);
  });

  it('keep and count matched entries that carry no timestamp', async () => {
    // A message pasted without its klog header has no time: it cannot be placed in the window.
    const input = `"error syncing item" err="${GC_LINE}."\n`.repeat(3);
    const { report } = await runJson(['--since', '2020-01-01T00:00:00Z'], { input });
    expect(report.findings.map((f: any) => [f.id, f.count])).toEqual([['gc-rest-mapping', 3]]);
    expect(report.filters).toMatchObject({ excludedEntries: 0, untimedEntries: 3 });
  });

  it('refuse a value that is no time, and a window that ends before it starts, with exit 2', async () => {
    const bad = await runInProcess([SEED, '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--since <time>' argument 'yesterday' is invalid");
    const empty = await runInProcess([SEED, '--since', '2026-01-02T00:00:00Z', '--until', '2026-01-01T00:00:00Z']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('kube-log-doctor: --since (2026-01-02T00:00:00.000Z) is after --until (2026-01-01T00:00:00.000Z): the window holds no time.\n');
  });
});

describe('-n/--namespace, --pod, --container', () => {
  const prefixed = (pod: string, container: string, ns?: string) =>
    `${ns ? `${ns} ` : ''}[pod/${pod}/${container}] E0612 10:00:20.717515       1 garbagecollector.go:360] "error syncing item" err="${GC_LINE}."`;

  it('take the pod and container from `kubectl logs --prefix` envelopes (globs)', async () => {
    const input = [prefixed('web-1', 'manager'), prefixed('web-2', 'sidecar'), prefixed('api-1', 'manager'), prefixed('api-1', 'manager')].join('\n') + '\n';
    const count = async (args: string[]) => (await runJson(args, { input })).report.findings.find((f: any) => f.id === 'gc-rest-mapping')?.count ?? 0;
    expect(await count([])).toBe(4);
    expect(await count(['--pod', 'web-*'])).toBe(2);
    expect(await count(['--pod', 'web-*', '--container', 'manager'])).toBe(1);
    expect(await count(['--pod', 'api-?'])).toBe(2);
    expect(await count(['--pod', 'web-1', '--pod', 'api-1'])).toBe(3);
    expect(await count(['--container', '{sidecar,other}'])).toBe(1);
  });

  it('leave out, and count, entries whose namespace is not known (a plain log on stdin)', async () => {
    const { code, report } = await runJson([SEED_LOG, '-n', 'default']);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.filters).toMatchObject({ namespace: ['default'], excludedEntries: 20 });
  });

  it('take namespace and pod from bundle layouts (must-gather)', async () => {
    const run = async (...args: string[]) => (await runJson(['samples/bundles/must-gather', ...args])).report;
    const kcm = await run('-n', 'openshift-kube-*', '--pod', 'kube-controller-manager-*');
    const rest = await run('-n', '!openshift-kube-*');
    const none = await run('-n', 'no-such-namespace');
    const total = (r: any) => r.findings.filter((f: any) => f.origin === 'signature').reduce((n: number, f: any) => n + f.count, 0);
    expect(total(kcm)).toBeGreaterThan(0);
    expect(total(rest)).toBeGreaterThan(0);
    expect(total(none)).toBe(0);
    // Every evidence line of a filtered report comes from where the filter points.
    for (const f of kcm.findings) for (const e of f.evidence) expect([e.namespace, e.pod]).toEqual(['openshift-kube-controller-manager', expect.stringMatching(/^kube-controller-manager-/)]);
    for (const f of rest.findings) for (const e of f.evidence) expect(e.namespace).not.toMatch(/^openshift-kube-/);
    // In this bundle every match in openshift-kube-* is the controller manager's, so the two filters are
    // complementary: between them they leave out every matched entry exactly once.
    expect(kcm.filters.excludedEntries + rest.filters.excludedEntries).toBe(none.filters.excludedEntries);
  });
});

describe('--min-severity, --only, --exclude', () => {
  it('select findings by family, id and severity, drop links to the others and count them', async () => {
    const only = (await runJson([SEED, '--only', 'gc-rest-mapping'])).report;
    expect(only.findings.map((f: any) => [f.id, f.causedBy])).toEqual([['gc-rest-mapping', []]]);
    expect(only.filters).toMatchObject({ only: ['gc-rest-mapping'], excludedFindings: 1, excludedCount: 20 });
    expect(only.kinds.flatMap((k: any) => k.findings)).toEqual([only.findings[0].key]);

    // The near-miss finding still sees the kinds of the lines whose signature is excluded.
    const exclude = (await runJson([SEED, '--exclude', 'gc-rest-mapping'])).report;
    expect(exclude.findings.map((f: any) => [f.id, f.causes])).toEqual([['kind-case-mismatch', []]]);
    const family = (await runJson([SEED, '--only', 'kind-near-miss'])).report;
    expect(family.findings.map((f: any) => f.id)).toEqual(['kind-case-mismatch']);

    const severe = (await runJson([SEED, '--min-severity', 'critical'])).report;
    expect(severe.findings).toEqual([]);
    expect(severe.filters).toMatchObject({ minSeverity: 'critical', excludedFindings: 2, excludedCount: 40 });
  });

  it('take repeated and comma-separated values, and apply --fail-on to the selected findings only', async () => {
    const both = (await runJson([SEED, '--exclude', 'gc-rest-mapping,kind-case-mismatch'])).report;
    expect(both.findings).toEqual([]);
    expect((await runInProcess([SEED, '--exclude', 'gc-rest-mapping', '--exclude', 'kind-near-miss', '--fail-on', 'error'])).code).toBe(0);
    expect((await runInProcess([SEED, '--exclude', 'gc-rest-mapping', '--fail-on', 'error'])).code).toBe(1);
  });

  it('refuse an id that is no signature, rule or family, naming it (exit 2)', async () => {
    const r = await runInProcess([SEED, '--only', 'gc-rest-maping']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kube-log-doctor: --only: no signature, near-miss rule or family is called "gc-rest-maping" (see kube-log-doctor patterns list).\n');
  });
});

describe('the header of every format shows the filters', () => {
  const args = [SEED, '--since', '2020-01-01T00:00:00Z', '--pod', 'web-*', '--exclude', 'gc-rest-mapping'];
  it('text, markdown, by kind and by source', async () => {
    const summary = 'since 2020-01-01T00:00:00.000Z · pod web-* · excluding gc-rest-mapping · left out 20 matched entries outside the filters';
    const text = await runInProcess(args);
    expect(text.stdout.split('\n').slice(1, 3).join(' ').replace(/\s+/g, ' ')).toBe(`filters ${summary}`);
    const md = await runInProcess([...args, '-o', 'markdown']);
    expect(md.stdout).toContain(`**Filters:** since 2020-01-01T00:00:00.000Z · pod web-\\* · excluding gc-rest-mapping · left out 20 matched entries outside the filters`);
    for (const by of ['kind', 'source']) {
      expect((await runInProcess([...args, '--by', by])).stdout.replace(/\s+/g, ' ')).toContain(`filters ${summary}`);
      expect((await runInProcess([...args, '--by', by, '-o', 'markdown'])).stdout).toContain('**Filters:**');
    }
    const json = JSON.parse((await runInProcess([...args, '-o', 'json'])).stdout);
    expect(json.filters).toEqual({ since: '2020-01-01T00:00:00.000Z', pod: ['web-*'], exclude: ['gc-rest-mapping'], excludedEntries: 20, untimedEntries: 0, excludedFindings: 0, excludedCount: 0 });
  });

  it('a report without filters has no filters field or line', async () => {
    const r = await runJson([SEED]);
    expect(r.report.filters).toBeUndefined();
    expect((await runInProcess([SEED])).stdout).not.toMatch(/^filters /m);
  });
});

describe('every mode gives the same filtered report', () => {
  const CASES: [string, Partial<AnalyzeCliOptions>, string[]][] = [
    ['samples/bundles/must-gather', { namespace: ['openshift-*'], exclude: ['leader-election-lost'] }, ['-n', 'openshift-*', '--exclude', 'leader-election-lost']],
    ['samples/bundles/must-gather.tar.gz', { pod: ['kube-controller-manager-*'], minSeverity: 'error' }, ['--pod', 'kube-controller-manager-*', '--min-severity', 'error']],
    ['samples/bundles/cluster-info-dump', { container: ['*'], since: '2020-01-01T00:00:00.000Z' }, ['--container', '*', '--since', '2020-01-01T00:00:00Z']],
    ['samples/bundles/cluster-info-dump.txt', { namespace: ['kube-system'], only: ['kind-near-miss', 'gc-rest-mapping'] }, ['-n', 'kube-system', '--only', 'kind-near-miss,gc-rest-mapping']],
  ];
  it.each(CASES)('%s', async (path, options, args) => {
    const batch = async (jobs: string) => {
      const r = await runInProcess([path, ...args, '-o', 'json', '--jobs', jobs, '--by', 'source']);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const one = await batch('1');
    expect(JSON.parse(one).filters).toBeDefined();
    expect(await batch('2')).toBe(one);
    expect(await batch('auto')).toBe(one);
    // The live path (TUI) and follow mode, stopped once it read every line.
    const tui = await runAnalysis([path], cliOptions({ jobs: 1, ...options }), silentIo(), { live: { idleFlushMs: 20 } });
    expect(renderJson(tui)).toBe(one);
    const lines = JSON.parse(one).stats.lines as number;
    const controller = new AbortController();
    let live: LiveAnalysis | null = null;
    const timer = setInterval(() => {
      if (live && live.snapshot().stats.lines >= lines) controller.abort();
    }, 20);
    const followed = await runAnalysis([path], cliOptions(options), silentIo(), {
      live: { signal: controller.signal, idleFlushMs: 20, onStart: (l) => (live = l) },
      follow: true,
    }).finally(() => clearInterval(timer));
    expect(renderJson(followed)).toBe(one);
  });
});

describe('a large log read in byte ranges by several threads', () => {
  it('gives the same filtered report as one reader', async () => {
    // Worker threads run the compiled code.
    const dist = (m: string) => import(new URL(`../../dist/${m}`, import.meta.url).href);
    const { analyzeBundle } = await dist('parallel/run-bundle.js');
    const { KindRegistry } = await dist('correlate/registry.js');
    const { loadLibrary } = await dist('library/load.js');
    const { signatureKeywords } = await dist('match/matcher.js');
    const patterns = loadLibrary().patterns;
    const dir = mkdtempSync(join(tmpdir(), 'kld-filter-ranges-'));
    try {
      const path = join(dir, 'big.log');
      const klog = [...generate('klog', 3_000_000, patterns, { seed: 21, signatureRate: 0.03 })].join('');
      writeFileSync(path, klog);
      const opts = { patterns, maxLineBytes: 4096, assembler: { inputFormat: 'auto', matchKeywords: signatureKeywords(patterns) }, maxExpandedBytes: 1 << 30 };
      const unfiltered = await analyzeBundle([path], { ...opts, registry: KindRegistry.withBuiltins(), jobs: 1 });
      // A window over the middle of the log's time span, and a selection.
      const times = unfiltered.findings.flatMap((f: any) => [f.firstSeen, f.lastSeen]).filter(Boolean).sort();
      const [from, to] = [Date.parse(times[0]), Date.parse(times[times.length - 1])];
      const filters = { since: new Date(from + (to - from) / 3).toISOString(), until: new Date(from + (2 * (to - from)) / 3).toISOString(), exclude: [unfiltered.findings[0].family] };
      const one = await analyzeBundle([path], { ...opts, registry: KindRegistry.withBuiltins(), jobs: 1, filters });
      const two = await analyzeBundle([path], { ...opts, registry: KindRegistry.withBuiltins(), jobs: 2, splitMinBytes: 1, filters });
      expect(one.filters.excludedEntries).toBeGreaterThan(0);
      expect(one.findings.length).toBeGreaterThan(3);
      expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
