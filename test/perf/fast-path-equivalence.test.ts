/**
 * The fast path (lazy parsing behind the line prefilter, keyword-automaton matcher) must find
 * exactly what the slow reference finds: every line fully parsed and every regex of every
 * signature tried on every entry. Checked on generated controller logs, on every sample, and on
 * random and mutated lines.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { straddleNeedles } from '../../src/match/line-prefilter.js';
import { EntryAssembler, newAssemblerCounters } from '../../src/parse/assembler.js';
import { Framer, frameLines } from '../../src/framing/lines.js';
import { assemblerSink } from '../../src/parallel/analyze-log.js';
import { Aggregator } from '../../src/correlate/aggregate.js';
import { correlate } from '../../src/correlate/correlate.js';
import { matchEntry } from '../../src/parallel/live.js';
import { UnknownCollector } from '../../src/correlate/unknown/collect.js';
import { mineUnknown } from '../../src/correlate/unknown/drain.js';
import { unknownSeeds, WRAPPER_FAMILIES } from '../../src/correlate/unknown/known.js';
import { isUnknownCandidate } from '../../src/match/error-words.js';
import { analyzeBundle } from '../../src/parallel/run-bundle.js';
import { exampleLine } from '../../src/library/schema.js';
import type { LogEntry } from '../../src/model/entry.js';
import { generate } from '../../bench/synthetic-logs.mjs';

const library = loadLibrary();
const keywords = signatureKeywords(library.patterns);

/**
 * One path straight from the bytes: the reference (eager parsing, exhaustive matcher) or the fast
 * one (lazy parsing, keyword automaton).
 */
async function pathReport(text: string, year: number, fast: boolean) {
  const matcher = new Matcher(library.patterns, { exhaustive: !fast });
  const aggregator = new Aggregator();
  const counters = newAssemblerCounters();
  const framing = { bytes: 0, truncated: 0 };
  const options = fast ? { matchKeywords: keywords, startKeywords: keywords } : { startKeywords: keywords };
  const unknown = new UnknownCollector();
  const assembler = new EntryAssembler('input.log', counters, (e) => matchEntry(e, matcher, aggregator, unknown), year, options);
  let lineNo = 0;
  for await (const line of frameLines(Readable.from([Buffer.from(text)]), framing)) assembler.push(line, ++lineNo);
  assembler.flush();
  const { findings, kinds } = correlate(aggregator.findings(), KindRegistry.withBuiltins(), aggregator.sameLinePairs());
  const c = counters;
  const counts = { lines: c.lines, entries: c.entries, continuation: c.continuation, unparsed: c.unparsed, truncated: c.truncated + framing.truncated, byFormat: c.byFormat, byLevel: c.byLevel };
  return { findings, kinds, counts, unknown: mineUnknown(unknown.exportState(), () => unknownSeeds(library.patterns)).groups };
}

/** The fast path as the CLI runs it: the bundle runner with lazy parsing switched on. */
async function fastReport(path: string) {
  const report = await analyzeBundle([path], {
    patterns: library.patterns,
    registry: KindRegistry.withBuiltins(),
    maxLineBytes: 1024 * 1024,
    assembler: { inputFormat: 'auto', matchKeywords: keywords },
    maxExpandedBytes: 1 << 30,
    jobs: 1,
  });
  const s = report.stats;
  const counts = { lines: s.lines, entries: s.entries, continuation: s.continuation, unparsed: s.unparsed, truncated: s.truncated, byFormat: s.byFormat, byLevel: s.byLevel };
  return { findings: report.findings, kinds: report.kinds, counts, unknown: report.unknown ?? [] };
}

const sortKeys = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

describe('fast path = reference path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kld-perf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, () => string][] = [
    ['generated klog (kube-controller-manager)', () => [...generate('klog', 1_500_000, library.patterns, { seed: 7, signatureRate: 0.05, unknownRate: 0.02 })].join('')],
    ['generated zap JSON (controller-runtime)', () => [...generate('zap', 1_500_000, library.patterns, { seed: 8, signatureRate: 0.05, unknownRate: 0.02 })].join('')],
    [
      'every sample and every signature example, in every format',
      () => {
        const samples = readdirSync('samples/formats').map((f) => readFileSync(join('samples/formats', f), 'utf8'));
        const examples = library.patterns.flatMap((p) => [...p.spec.examples.match, ...p.spec.examples.nomatch].map(exampleLine));
        return [...samples, readFileSync('samples/seed-case/kube-controller-manager.log', 'utf8'), examples.join('\n')].join('\n');
      },
    ],
  ];

  const same = (a: Awaited<ReturnType<typeof pathReport>>, b: Awaited<ReturnType<typeof pathReport>>) => {
    expect(JSON.stringify(a.findings)).toBe(JSON.stringify(b.findings));
    expect(JSON.stringify(a.kinds)).toBe(JSON.stringify(b.kinds));
    expect(JSON.stringify(a.unknown)).toBe(JSON.stringify(b.unknown));
    expect({ ...a.counts, byFormat: sortKeys(a.counts.byFormat), byLevel: sortKeys(a.counts.byLevel) }).toEqual({
      ...b.counts,
      byFormat: sortKeys(b.counts.byFormat),
      byLevel: sortKeys(b.counts.byLevel),
    });
  };

  for (const [name, make] of cases) {
    it(`gives identical JSON findings, kinds and counts: ${name}`, async () => {
      const text = make();
      const ref = await pathReport(text, 2025, false);
      expect(ref.findings.length).toBeGreaterThan(10);
      if (name.startsWith('generated')) expect(ref.unknown.length).toBeGreaterThan(0);
      same(await pathReport(text, 2025, true), ref);
    });
  }

  it('gives identical results through the bundle runner, as the CLI runs it', async () => {
    // The runner's own plumbing (file reading in chunks, a switch of format mid-file, naming the
    // source) on a third of the texts above, which already hold fast = reference at full size.
    const text = [...generate('klog', 500_000, library.patterns, { seed: 7, signatureRate: 0.05, unknownRate: 0.02 })].join('') + [...generate('zap', 500_000, library.patterns, { seed: 8, signatureRate: 0.05, unknownRate: 0.02 })].join('');
    const path = join(dir, 'input.log');
    writeFileSync(path, text);
    // Years for klog come from the file's modification time there.
    const ref = await pathReport(text, statSync(path).mtime.getUTCFullYear(), false);
    const fast = await fastReport(path);
    // The bundle runner names the source by its path.
    const rename = <T,>(x: T): T => JSON.parse(JSON.stringify(x).replaceAll(JSON.stringify(path), '"input.log"'));
    same({ ...fast, findings: rename(fast.findings), unknown: rename(fast.unknown) }, ref);
  });
});

/** What one path saw: every match with the entry it came from, and the counters. */
function matchesOf(lines: string[], fast: boolean) {
  const matcher = new Matcher(library.patterns, { exhaustive: !fast });
  const counters = newAssemblerCounters();
  const seen: unknown[] = [];
  const keep = (e: LogEntry) => {
    const ms = matcher.match(e);
    for (const m of ms) {
      seen.push({ id: m.pattern.spec.id, captures: m.captures, line: e.line, time: e.time, level: e.level, format: e.format, fields: e.fields, error: e.error, raw: e.raw, continuation: e.continuation });
    }
    // An unrecognised error (no signature but wrappers): the lazy path must not hide it either.
    if (ms.every((m) => WRAPPER_FAMILIES.has(m.pattern.spec.family)) && isUnknownCandidate(e)) seen.push({ unknown: e.line, message: e.message, error: e.error, level: e.level });
  };
  const assembler = new EntryAssembler('x', counters, keep, 2025, fast ? { matchKeywords: keywords, startKeywords: keywords } : { startKeywords: keywords });
  lines.forEach((l, i) => assembler.push(l, i + 1));
  assembler.flush();
  return { seen, counters };
}

/** The fast path from bytes, as analyzeLog runs it: lines offered undecoded first, in chunks of the given sizes. */
async function matchesOfBytes(lines: string[], cuts: number[]) {
  const matcher = new Matcher(library.patterns);
  const counters = newAssemblerCounters();
  const seen: unknown[] = [];
  const keep = (e: LogEntry) => {
    const ms = matcher.match(e);
    for (const m of ms) {
      seen.push({ id: m.pattern.spec.id, captures: m.captures, line: e.line, time: e.time, level: e.level, format: e.format, fields: e.fields, error: e.error, raw: e.raw, continuation: e.continuation });
    }
    // An unrecognised error (no signature but wrappers): the lazy path must not hide it either.
    if (ms.every((m) => WRAPPER_FAMILIES.has(m.pattern.spec.family)) && isUnknownCandidate(e)) seen.push({ unknown: e.line, message: e.message, error: e.error, level: e.level });
  };
  const assembler = new EntryAssembler('x', counters, keep, 2025, { matchKeywords: keywords });
  const input = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < input.length; k++) {
    const n = cuts[k % cuts.length]!;
    chunks.push(input.subarray(i, i + n));
    i += n;
  }
  const sink = assemblerSink(assembler, { count: 0 });
  const framer = new Framer({ bytes: 0, truncated: 0 }, 1024 * 1024);
  for (const chunk of chunks) framer.feed(chunk, sink);
  framer.finish(sink);
  assembler.flush();
  return { seen, counters };
}

const SIGNATURE_LINES = library.patterns.flatMap((p) => p.spec.examples.match.map(exampleLine)).flatMap((l) => l.split('\n'));
const SAMPLE_LINES = readdirSync('samples/formats').flatMap((f) => readFileSync(join('samples/formats', f), 'utf8').split('\n'));

/** Edits that move a line across the prefilter's edges: escapes, separators, klog blocks, JSON types. */
const EDITS = ['\\', '\\"', '\\u0041', ': ', ' err=', ' err=1e3', ' err={"a": 1}', '"error":{"x":1},', '"err":null,', '=<', '\t', '"stacktrace":"a",', '\x1b[31m', '{', ' '];

/** Envelopes the lines may arrive in: runtimes' records (whole and partial), kubelet times, client prefixes. */
const WRAPS: ((s: string) => string)[] = [
  (s) => s,
  (s) => `2024-05-01T10:00:00.123456789Z stderr F ${s}`,
  (s) => `2024-05-01T10:00:00.123456789Z stdout P ${s}`,
  // Whole records take the byte path too (another lane per stream): other timestamp shapes, tags.
  (s) => `2024-05-01T10:00:00Z stdout F ${s}`,
  (s) => `2024-05-01T10:00:00.5+02:00 stderr F ${s}`,
  (s) => `2024-05-01T10:00:00.123Z stdout F:x ${s}`,
  (s) => `2024-05-01T10:00:00.123Z stdout F  ${s}`,
  (s) => `2024-05-01T10:00:00.123456789Z ${s}`,
  (s) => `2024-05-01T10:00:00+02:00 ${s}`,
  (s) => `[pod/p-6d4f8b9c7-x2x9q/manager] ${s}`,
  (s) => JSON.stringify({ log: `${s}\n`, stream: 'stderr', time: '2024-05-01T10:00:00Z' }),
  (s) => JSON.stringify({ log: s, stream: 'stdout', time: '2024-05-01T10:00:00Z' }),
];

/**
 * zap console lines (kubebuilder's default), which the lazy path reads too: times valid and not,
 * levels of every case, logger and caller or not, messages from the library's examples, and
 * contexts with string, null, object and number errors.
 */
const zapConsole = fc
  .tuple(
    fc.constantFrom('2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00Z', '2024-02-30T10:00:00Z', '2024-05-01T10:00:00.5+02:00', '2024-13-01T10:00:00Z', '1.7145576e+09', '2024-05-01T25:00:00Z'),
    fc.constantFrom('INFO', 'DEBUG', 'WARN', 'ERROR', 'info', 'warn', 'DPANIC', 'LEVEL(-2)', 'NOTICE'),
    fc.constantFrom('', 'controller-runtime.source\t', 'setup\t', 'main.go:123\t', 'controllers.Memcached\tmemcached_controller.go:88\t'),
    fc.constantFrom(...SIGNATURE_LINES.slice(0, 80), 'Starting workers', 'Reconciling', 'failed to fetch thing', 'a {"not": "context"}', ''),
    fc.constantFrom('', '\t{"controller": "memcached"}', '\t{"error": "connection refused"}', '\t{"error": null, "err": "i/o timeout"}', '\t{"error": {"code": 1}}', '\t{"err": 3}', '\t{"error": "quota \\"x\\" exceeded"}', '\t{"broken": '),
  )
  .map(([time, level, prefix, msg, context]) => `${time}\t${level}\t${prefix}${msg}${context}`);

const bare = fc.oneof(
  fc.constantFrom(...SIGNATURE_LINES, ...SAMPLE_LINES),
  zapConsole,
  fc
    .tuple(fc.constantFrom(...SIGNATURE_LINES, ...SAMPLE_LINES), fc.nat(), fc.constantFrom(...EDITS), fc.boolean())
    .map(([l, at, edit, replace]) => {
      const i = l.length === 0 ? 0 : at % l.length;
      return l.slice(0, i) + edit + l.slice(replace ? i + 1 : i);
    }),
);

const line = fc.oneof({ weight: 2, arbitrary: bare }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...WRAPS), bare).map(([wrap, l]) => wrap(l)) });

describe('property: fast path = reference path, line by line', () => {
  it('gives the same matches on the same entries, and the same counts', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const fast = matchesOf(lines, true);
        const ref = matchesOf(lines, false);
        expect(fast.seen).toEqual(ref.seen);
        expect(fast.counters).toEqual(ref.counters);
      }),
      { numRuns: 300 },
    );
  });

  it('also when lines are classified from their bytes, in any chunking', async () => {
    // Lines of the framing's own: no line breaks inside, and a CR at the end would be a terminator.
    const framable = line.filter((l) => !/[\r\n]/.test(l));
    await fc.assert(
      fc.asyncProperty(fc.array(framable, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), async (lines, cuts) => {
        const fast = await matchesOfBytes(lines, cuts);
        const ref = matchesOf(lines, false);
        expect(fast.seen).toEqual(ref.seen);
        expect(fast.counters).toEqual(ref.counters);
      }),
      { numRuns: 300 },
    );
  });
});

describe('straddle needles', () => {
  it('cover a keyword split between the message and the error at the separator', () => {
    expect(straddleNeedles('Reconciler error: panic: ')).toEqual(expect.arrayContaining(['Reconciler error: panic: ', 'Reconciler error', 'Reconciler error: panic']));
    expect(straddleNeedles(' is deprecated')).toContain('is deprecated');
    expect(straddleNeedles(': no such host')).toContain('no such host');
    expect(straddleNeedles('fatal error:')).toContain('fatal error');
  });

  it('find a keyword that only exists once message and error are joined', () => {
    // The message ends with "Reconciler error" and the error starts with "panic: ": only the match text holds the keyword.
    const zap = '{"level":"error","ts":"2025-06-12T08:00:00Z","msg":"Reconciler error","error":"panic: boom [recovered]"}';
    const klog = 'E0612 08:00:00.000000       1 controller.go:316] "Reconciler error" err="panic: boom [recovered]"';
    for (const l of [zap, klog]) expect(matchesOf([l], true).seen).toEqual(matchesOf([l], false).seen);
  });
});

/**
 * stern output (`POD CONTAINER LINE`, `NAMESPACE POD CONTAINER LINE` under `-A`): once a source's
 * first lines show the prefix, lines that carry it take the byte path too, in the lane of their
 * pod and container, and the other lines are read as without stern. Prefixes valid and not (case,
 * characters, a pod name without a generated suffix, a leading digit, doubled spaces), with
 * stern's short time or a `--timestamps` time after them.
 */
const STERN_PODS = ['web-6d4f8b9c7-x2x9q', 'api-0', 'cert-manager-7c9f8d6b5-qk2vz'];
const STERN_CONTAINERS = ['manager', 'kube-rbac-proxy'];
const sternHead = (tokens: 2 | 3): string[] =>
  Array.from({ length: 50 }, (_, i) => `${tokens === 3 ? 'kube-system ' : ''}${STERN_PODS[i % 3]} ${STERN_CONTAINERS[i % 2]} I0612 10:00:0${i % 10}.000000       1 x.go:1] "Starting workers" n=${i}`);
const sternPrefix = fc.constantFrom(
  ...STERN_PODS.flatMap((p) => STERN_CONTAINERS.map((c) => `${p} ${c} `)),
  ...STERN_PODS.map((p) => `kube-system ${p} manager `),
  'Web-6d4f8b9c7-x2x9q manager ',
  'web-6d4f8b9c7-x2x9q Manager ',
  'web-6d4f8b9c7-x2x9q man.ager ',
  'web.x-6d4f8b9c7-x2x9q manager ',
  'web-abcd manager ',
  'web-12ab manager ',
  '-12 manager ',
  '0web-0 manager ',
  'web-0  manager ',
  'web-0 manager  ',
  'kube.system api-0 manager ',
  'kube-system web manager ',
  'kube-system web-abcd manager ',
  'kube-system web-0 man.ager ',
  'web-0 manager 05-01 10:00:00 ',
  'web-0 manager 05-01 10:00:0x ',
  'web-0 manager 2024-05-01T10:00:00.123Z ',
  'web-0 manager 2024-05-01T10:00:00.123Z\t',
  'web-0 manager 2024-05-01T10:00:00.123456789Z stderr F ',
  'web-0 ',
  '',
);
const sternLine = fc.oneof({ weight: 3, arbitrary: fc.tuple(sternPrefix, bare).map(([p, l]) => p + l) }, { weight: 1, arbitrary: line });

describe('property: fast path = reference path behind stern prefixes', () => {
  it('gives the same matches on the same entries, and the same counts, from bytes and from text', async () => {
    const framable = sternLine.filter((l) => !/[\r\n]/.test(l));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(2 as const, 3 as const), fc.array(framable, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), async (tokens, rest, cuts) => {
        const lines = [...sternHead(tokens), ...rest];
        const ref = matchesOf(lines, false);
        const fast = await matchesOfBytes(lines, cuts);
        expect(fast.seen).toEqual(ref.seen);
        expect(fast.counters).toEqual(ref.counters);
        const text = matchesOf(lines, true);
        expect(text.seen).toEqual(ref.seen);
        expect(text.counters).toEqual(ref.counters);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the lines behind a sniffed stern prefix from their bytes', async () => {
    const lines = [...sternHead(2), 'web-6d4f8b9c7-x2x9q manager {"level":"info","ts":"2025-06-12T08:00:00.003Z","msg":"Updating Deployment","controller":"memcached"}'];
    const assembler = new EntryAssembler('x', newAssemblerCounters(), () => {}, 2025, { matchKeywords: keywords });
    lines.slice(0, 50).forEach((l, i) => assembler.push(l, i + 1));
    const at = (l: string) => assembler.pushBytes(Buffer.from(l), 0, Buffer.byteLength(l));
    expect(at(lines[50]!)).toBe(true);
    expect(at('api-0 kube-rbac-proxy 2025-06-12T08:00:00.000Z\tINFO\tReconciling Memcached\t{"controller": "memcached"}')).toBe(true);
    expect(at('api-0 manager 05-01 10:00:00 I0612 10:00:06.321615       1 x.go:1] "Starting workers"')).toBe(true);
    // A bare line among stern's still takes the byte path; one whose prefix is no pod name neither way.
    expect(at('I0612 10:00:06.321615       1 x.go:1] "Starting workers"')).toBe(true);
    expect(at('api manager I0612 10:00:06.321615       1 x.go:1] "Starting workers"')).toBe(false);
  });
});
