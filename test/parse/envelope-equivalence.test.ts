/**
 * The same text gives the same findings whatever its envelope (issue #17 item 4). Generated logs
 * (klog, zap JSON, zap console, logrus, logfmt; multi-line values, stack traces and panics) and
 * the bare sample logs are wrapped whole in every envelope a log arrives in — none, `kubectl logs
 * --timestamps`, `kubectl logs --prefix`, CRI (full and split into partial records), Docker JSON,
 * stern, and inside the bundle layouts of a node's /var/log/pods and of a must-gather — and each
 * wrapped copy must give the findings of the bare log: the same ids, counts, severities, kinds and
 * objects, and the same number of entries. In-process, the library loaded once.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, type Knowledge } from '../../src/analysis.js';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { exampleLine } from '../../src/library/schema.js';
import type { Report } from '../../src/model/finding.js';
import { assemble } from './assemble.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-envelopes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let library: Knowledge['library'];
beforeAll(() => {
  library = loadLibrary();
});

// ---------------------------------------------------------------------------------------------
// Envelopes: each takes the whole bare log (lines without their LF) and gives the file to write.

/** The n-th line's envelope time: increasing, one millisecond apart. */
const stamp = (n: number): string => new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + n).toISOString().replace('Z', '123456Z');

/** CRI records split at this many characters (kubelet splits at 16 KiB; smaller here, so that the tests see it). */
const CRI_SPLIT = 40;

interface Envelope {
  name: string;
  /** The file's bytes. */
  wrap: (lines: readonly string[]) => string;
  /** Where the file goes under a fresh directory (the analysed input is that directory when `bundle`). */
  path: string;
  bundle?: boolean;
}

const cri = (lines: readonly string[], split: boolean): string =>
  lines
    .map((l, n) => {
      if (!split || l.length <= CRI_SPLIT) return `${stamp(n)} stderr F ${l}\n`;
      const parts: string[] = [];
      for (let i = 0; i < l.length; i += CRI_SPLIT) parts.push(l.slice(i, i + CRI_SPLIT));
      return parts.map((p, i) => `${stamp(n)} stderr ${i === parts.length - 1 ? 'F' : 'P'} ${p}\n`).join('');
    })
    .join('');

const ENVELOPES: Envelope[] = [
  { name: 'bare', path: 'operator.log', wrap: (ls) => ls.map((l) => `${l}\n`).join('') },
  { name: 'kubectl logs --timestamps', path: 'operator.log', wrap: (ls) => ls.map((l, n) => `${stamp(n)} ${l}\n`).join('') },
  { name: 'kubectl logs --prefix', path: 'operator.log', wrap: (ls) => ls.map((l) => `[pod/memcached-operator-6d4f8b9c7-x2x9q/manager] ${l}\n`).join('') },
  { name: 'CRI', path: 'operator.log', wrap: (ls) => cri(ls, false) },
  { name: 'CRI, split into partial records', path: 'operator.log', wrap: (ls) => cri(ls, true) },
  {
    name: 'Docker JSON',
    path: 'operator.log',
    wrap: (ls) => ls.map((l, n) => `${JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: stamp(n) })}\n`).join(''),
  },
  { name: 'stern', path: 'operator.log', wrap: (ls) => ls.map((l) => `memcached-operator-6d4f8b9c7-x2x9q manager ${l}\n`).join('') },
  {
    name: 'a node’s /var/log/pods (CRI)',
    path: 'var/log/pods/operators_memcached-operator-6d4f8b9c7-x2x9q_0d9a4b1e-7c55-4a7b-b8b0-0b5e4f1c2d3e/manager/0.log',
    wrap: (ls) => cri(ls, true),
    bundle: true,
  },
  {
    name: 'must-gather (kubelet --timestamps)',
    path: 'must-gather.local.1/quay-io-openshift-must-gather-sha256-0/namespaces/operators/pods/memcached-operator-6d4f8b9c7-x2x9q/manager/manager/logs/current.log',
    wrap: (ls) => ls.map((l, n) => `${stamp(n)} ${l}\n`).join(''),
    bundle: true,
  },
];

// ---------------------------------------------------------------------------------------------
// What must not change.

interface Summary {
  entries: number;
  findings: { id: string; count: number; severity: string; kinds: string[]; objects: string[] }[];
}

function summary(r: Report): Summary {
  return {
    entries: r.stats.entries,
    findings: r.findings
      .map((f) => ({
        id: f.id,
        count: f.count,
        severity: f.severity,
        kinds: f.kinds.map((k) => JSON.stringify(k)).sort(),
        objects: f.objects.map((o) => JSON.stringify(o)).sort(),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

let runNo = 0;
async function analyseIn(envelope: Envelope, lines: readonly string[]): Promise<Report> {
  const root = join(dir, `run-${runNo++}`);
  const file = join(root, envelope.path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, envelope.wrap(lines));
  try {
    return await analyze([envelope.bundle ? root : file], { library, registry: KindRegistry.withBuiltins() }, { maxLineBytes: 1024 * 1024, jobs: 1 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Analyses the bare log, then every envelope of it, and expects the same summary from each. */
async function expectSameEverywhere(lines: readonly string[]): Promise<Summary> {
  const bare = summary(await analyseIn(ENVELOPES[0]!, lines));
  for (const envelope of ENVELOPES.slice(1)) {
    const wrapped = summary(await analyseIn(envelope, lines));
    expect({ envelope: envelope.name, ...wrapped }).toEqual({ envelope: envelope.name, ...bare });
  }
  return bare;
}

// ---------------------------------------------------------------------------------------------
// Generated logs: the library's own example lines, re-rendered in each format.

/** Message and error of each signature example that is one line. */
function exampleMessages(): { message: string; error: string | null }[] {
  const out: { message: string; error: string | null }[] = [];
  for (const p of library.patterns) {
    for (const ex of p.spec.examples.match) {
      const line = exampleLine(ex);
      if (line.includes('\n')) continue;
      const { entries } = assemble([line]);
      const e = entries[0];
      if (!e || e.format === 'unknown' || e.message.includes('\n') || (e.error ?? '').includes('\n')) continue;
      out.push({ message: e.message, error: e.error });
    }
  }
  return out;
}

const FORMATS = ['klog', 'klog-structured', 'zap-json', 'zap-console', 'logrus', 'logfmt'] as const;
type Format = (typeof FORMATS)[number];

const ZAP_STACK = [
  'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler',
  '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:324',
  'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).processNextWorkItem',
  '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.18.4/pkg/internal/controller/controller.go:261',
];
const PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
  '\tpanic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x15b8c3a]',
  '',
  'goroutine 187 [running]:',
  'example.com/memcached-operator/internal/controller.(*MemcachedReconciler).Reconcile(0xc0003a8f00, {0x1c0e7a8, 0xc000b2e4b0})',
  '\t/workspace/internal/controller/memcached_controller.go:87 +0x7a',
];

/** One entry in a format, with the multi-line part its format can carry. */
function render(format: Format, n: number, m: { message: string; error: string | null }, multiline: boolean): string[] {
  const sec = String(n % 60).padStart(2, '0');
  const iso = `2024-05-01T10:00:${sec}.${String(n).padStart(6, '0')}Z`;
  const q = (s: string) => JSON.stringify(s);
  switch (format) {
    case 'klog': {
      const head = `E0501 10:00:${sec}.${String(n).padStart(6, '0')}       1 reconcile.go:${100 + n}] ${m.error ? `${m.message}: ${m.error}` : m.message}`;
      return multiline ? [head, ...PANIC.slice(4)] : [head];
    }
    case 'klog-structured': {
      const head = `E0501 10:00:${sec}.${String(n).padStart(6, '0')}       1 reconcile.go:${100 + n}] ${q(m.message)}${m.error ? ` err=${q(m.error)}` : ''}`;
      // klog writes a multi-line value as key=<, its lines indented by a tab, then >.
      return multiline ? [`${head} detail=<`, '\tfirst line of the detail', '\tsecond line of the detail', ' >'] : [head];
    }
    case 'zap-json': {
      const rec: Record<string, unknown> = { level: 'error', ts: iso, logger: 'controller', msg: m.message };
      if (m.error) rec['error'] = m.error;
      if (multiline) rec['stacktrace'] = ZAP_STACK.join('\n');
      return [JSON.stringify(rec)];
    }
    case 'zap-console': {
      const head = `${iso}\tERROR\tcontroller\t${m.message}${m.error ? `\t{"error": ${q(m.error)}}` : ''}`;
      return multiline ? [head, ...ZAP_STACK] : [head];
    }
    case 'logrus':
      return [`time="${iso}" level=error msg=${q(m.message)}${m.error ? ` error=${q(m.error)}` : ''}`];
    case 'logfmt':
      return [`level=error ts=${iso} caller=reconcile.go:${100 + n} msg=${q(m.message)}${m.error ? ` err=${q(m.error)}` : ''}`];
  }
}

describe('property: the same log gives the same findings in every envelope', () => {
  it('generated logs in five formats, mixed, with multi-line entries and stack traces', async () => {
    const messages = exampleMessages();
    expect(messages.length).toBeGreaterThan(50);
    const routine = { message: 'Starting workers', error: null };
    const entry = fc.record({
      format: fc.constantFrom(...FORMATS),
      message: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...messages) }, { weight: 1, arbitrary: fc.constant(routine) }),
      multiline: fc.boolean(),
    });
    // One format per log (as a program writes), or a mix (a pod with a sidecar, a panic after zap lines).
    // At least two entries: stern's prefix has no delimiter, so it is only taken as one when more
    // than one line carries it (a single line is read as it stands; --input-format stern declares it).
    const log = fc.oneof(
      fc.tuple(fc.constantFrom(...FORMATS), fc.array(entry, { minLength: 2, maxLength: 12 })).map(([format, es]) => es.map((e) => ({ ...e, format }))),
      fc.array(entry, { minLength: 2, maxLength: 12 }),
    );
    let withFindings = 0;
    await fc.assert(
      fc.asyncProperty(log, async (entries) => {
        const lines = entries.flatMap((e, n) => render(e.format, n, e.message, e.multiline));
        const bare = await expectSameEverywhere(lines);
        if (bare.findings.length > 0) withFindings++;
      }),
      { numRuns: 15 },
    );
    // The comparison is only worth something when there is something to compare.
    expect(withFindings).toBeGreaterThan(10);
  });

  const SAMPLES = [
    'samples/seed-case/kube-controller-manager.log',
    'samples/formats/klog.log',
    'samples/formats/zap-json.log',
    'samples/formats/zap-console.log',
    'samples/formats/logrus.log',
    'samples/formats/logfmt.log',
    'samples/formats/go-panic.log',
    'samples/formats/hclog.log',
    'samples/formats/coredns.log',
    'samples/formats/capnslog.log',
    'samples/chains/webhook-breaks-reconcile.log',
    'samples/chains/rbac-breaks-cache-sync.log',
    'samples/healthy/memcached-operator.log',
  ];

  it.each(SAMPLES)('%s', async (sample) => {
    const lines = readFileSync(sample, 'utf8').replace(/\n$/, '').split('\n');
    const bare = await expectSameEverywhere(lines);
    if (!sample.includes('healthy')) expect(bare.findings.length).toBeGreaterThan(0);
  });
});
