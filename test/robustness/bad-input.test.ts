/**
 * Bad input through the whole tool: random and mutated bytes (property tests over the same path
 * the CLI takes), invalid UTF-8, NUL bytes, CRLF, empty input, a single 200 MB line streamed to
 * standard input, an endless standard input whose reader downstream goes away, input errors
 * under --strict, and terminal escape payloads in the text and markdown reports. Nothing may
 * throw, hang, lose a line or pass an escape sequence through to the terminal. The CLI runs
 * in-process (`run(argv, io)`), but where only a real process shows the behaviour: its memory
 * over a 200 MB standard input, and the closed pipe downstream.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CLI, ROOT, runInProcess, runJson, spawn } from '../e2e/helpers.js';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { signatureKeywords } from '../../src/match/matcher.js';
import { analyzeBundle } from '../../src/parallel/run-bundle.js';
import { exitCodeFor } from '../../src/cli/commands/analyze.js';
import { exampleLine } from '../../src/library/schema.js';
import { sniff } from '../../src/input/magic.js';
import type { Report } from '../../src/model/finding.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-robust-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const library = loadLibrary();
const keywords = signatureKeywords(library.patterns);
const KLOG_SIGNATURE = 'E0612 10:11:12.123456       1 leaderelection.go:369] Failed to update lock: etcdserver: no leader';
/** Signatures other than KLOG_SIGNATURE's, each a new finding in a run that has seen only that one. */
const OTHER_SIGNATURES = [
  'E0612 10:11:13.123456       1 reflector.go:158] failed to list *v1.Secret: secrets is forbidden: User "system:serviceaccount:demo:op" cannot list resource "secrets" in API group "" at the cluster scope',
  'E0612 10:11:14.123456       1 garbagecollector.go:360] "Unhandled Error" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler"',
];

/** Lines a file of these bytes holds, counted as the framing does: every LF, and a last line without one. */
function expectedLines(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return n + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
}

function balanced(r: Report): boolean {
  return r.stats.entries + r.stats.continuation + r.stats.unparsed === r.stats.lines;
}

let fileNo = 0;
/** Analyses bytes the way the CLI does (bundle runner, lazy parsing on), in this process. */
async function analyseBytes(bytes: Buffer, maxLineBytes = 1024 * 1024): Promise<Report> {
  const path = join(dir, `input-${fileNo++}.log`);
  writeFileSync(path, bytes);
  try {
    return await analyzeBundle([path], {
      patterns: library.patterns,
      registry: KindRegistry.withBuiltins(),
      maxLineBytes,
      assembler: { inputFormat: 'auto', matchKeywords: keywords },
      maxExpandedBytes: 1 << 30,
      jobs: 1,
    });
  } finally {
    rmSync(path, { force: true });
  }
}

const SAMPLE_LINES = [
  ...readFileSync('samples/formats/klog.log', 'utf8').split('\n'),
  ...readFileSync('samples/formats/zap-json.log', 'utf8').split('\n'),
  ...readFileSync('samples/formats/cri-containerd.log', 'utf8').split('\n'),
  ...library.patterns.flatMap((p) => p.spec.examples.match.map(exampleLine)),
];

/** A log line, whole or with random bytes spliced in, cut or CRLF-terminated. */
const mutatedLine = fc
  .tuple(fc.constantFrom(...SAMPLE_LINES), fc.uint8Array({ maxLength: 12 }), fc.nat(), fc.constantFrom('\n', '\r\n', ''))
  .map(([line, junk, at, end]) => {
    const raw = Buffer.from(line);
    const i = raw.length === 0 ? 0 : at % raw.length;
    return Buffer.concat([raw.subarray(0, i), Buffer.from(junk), raw.subarray(i), Buffer.from(end)]);
  });

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  fc.array(mutatedLine, { maxLength: 30 }).map((parts) => Buffer.concat(parts)),
);

describe('property: any bytes through the whole pipeline', () => {
  it('never throws, counts every line, keeps the accounting identity and exits 0, 1 or 2', async () => {
    await fc.assert(
      fc.asyncProperty(anyBytes, fc.constantFrom(64, 1024 * 1024), async (bytes, cap) => {
        const report = await analyseBytes(bytes, cap);
        expect(balanced(report)).toBe(true);
        if (sniff(bytes) === 'text') {
          expect(report.stats.lines).toBe(expectedLines(bytes));
          expect(report.stats.bytes).toBe(bytes.length);
          expect(report.stats.errors).toEqual([]);
        } else {
          // A NUL byte early on (a binary file) or an archive's magic: skipped or an input error, never silently.
          const skipped = Object.values(report.stats.inputs?.skipped ?? {}).reduce((a, b) => a + b, 0);
          expect(skipped + report.stats.errors.length).toBeGreaterThan(0);
        }
        for (const failOn of ['none', 'info', 'critical'] as const) expect([0, 1, 2]).toContain(exitCodeFor(report, failOn, true));
      }),
      { numRuns: 120 },
    );
  });
});

describe('bad bytes through the CLI', () => {
  it('reads invalid UTF-8 and NUL bytes in a text log as lines, and still finds the signature after them', async () => {
    const path = join(dir, 'odd-bytes.log');
    // Past the first bytes, which decide whether a file is text at all (a NUL there makes it binary).
    const head = readFileSync('samples/formats/klog.log', 'utf8').split('\n').slice(0, 8).join('\n') + '\n';
    const junk = Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0xc3, 0x28, 0x00, 0x00, 0x0a, 0xed, 0xa0, 0x80, 0x0a]);
    writeFileSync(path, Buffer.concat([Buffer.from(head), junk, Buffer.from(`${KLOG_SIGNATURE}\n`)]));
    const { code, report, stderr } = await runJson([path]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(report.stats.lines).toBe(8 + 3 + 1);
    expect(report.stats.unparsed).toBe(3);
    expect(balanced(report)).toBe(true);
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('etcd-errors-no-leader');
  });

  it('reports a binary file as skipped, not as an empty log, and nothing read as exit 2', async () => {
    const path = join(dir, 'binary.log');
    writeFileSync(path, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0a, 0x00]));
    const { code, report } = await runJson([path]);
    expect(code).toBe(2);
    expect(report.stats.inputs.skipped).toEqual({ 'binary data, not a log': 1 });
    expect(report.stats.inputs.notRead).toEqual([{ source: path, reason: 'binary data, not a log' }]);
  });

  it('finds the same with CRLF line ends as with LF', async () => {
    const lines = library.patterns.flatMap((p) => p.spec.examples.match.map(exampleLine)).filter((l) => !l.includes('\n'));
    const lf = join(dir, 'lf.log');
    const crlf = join(dir, 'crlf.log');
    writeFileSync(lf, lines.join('\n') + '\n');
    writeFileSync(crlf, lines.join('\r\n') + '\r\n');
    const a = await runJson([lf]);
    const b = await runJson([crlf]);
    expect(a.report.findings.length).toBeGreaterThan(50);
    const strip = (r: Report) => r.findings.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, source: '' })) }));
    expect(strip(b.report)).toEqual(strip(a.report));
    expect(b.report.stats.lines).toBe(a.report.stats.lines);
  });

  it('reports an empty file and an empty standard input as nothing read, never as healthy (exit 2)', async () => {
    const path = join(dir, 'empty.log');
    writeFileSync(path, '');
    for (const [r, source] of [
      [await runJson([path]), path],
      [await runJson(['-'], { input: '' }), '-'],
    ] as const) {
      expect(r.code).toBe(2);
      expect(r.report.stats.lines).toBe(0);
      expect(r.report.findings).toEqual([]);
      expect(r.report.stats.inputs.notRead).toEqual([{ source, reason: 'empty' }]);
    }
    const text = await runInProcess([path]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`No log line was read, so nothing can be said about the cluster:\n  ${path}: empty\n`);
  });

  it('with --strict, exits 2 when an input could not be read, and 0 without it', async () => {
    const good = join(dir, 'good.log');
    writeFileSync(good, `${KLOG_SIGNATURE}\n`);
    const missing = join(dir, 'missing.log');
    const lenient = await runInProcess([good, missing, '-o', 'json']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('missing.log');
    expect(JSON.parse(lenient.stdout).stats.errors.join('\n')).toContain('missing.log');
    const strict = await runInProcess([good, missing, '-o', 'json', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a single 200 MB line on standard input', () => {
  it('is cut at the line cap and counted as truncated, in bounded memory, and the next line is still read', async () => {
    const child = spawn(process.execPath, ['--import', join(ROOT, 'bench/report-rss.mjs'), CLI, '-', '-o', 'json', '-q'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Generated as it is written: never held whole, here or there.
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 200; i++) {
      if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end(`\n${KLOG_SIGNATURE}\n`);
    expect(await closed).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.stats.lines).toBe(2);
    expect(report.stats.truncated).toBe(1);
    expect(report.stats.bytes).toBe(200 * 1024 * 1024 + 2 + KLOG_SIGNATURE.length);
    expect(report.findings.map((f: { id: string }) => f.id)).toContain('etcd-errors-no-leader');
    const maxRssKb = Number(/kld-bench-maxrss-kb=(\d+)/.exec(stderr)?.[1]);
    expect(maxRssKb).toBeGreaterThan(0);
    expect(maxRssKb).toBeLessThan(300 * 1024);
  }, 120_000);
});

describe('an endless standard input in follow mode (a real process)', () => {
  it('exits 0 without a trace when the reader downstream goes away (SIGPIPE / EPIPE)', async () => {
    const child = spawn(process.execPath, [CLI, '--follow', '-'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // The writer upstream gets EPIPE once the analyser is gone: that ends the feeding loop.
    child.stdin.on('error', () => undefined);
    let open = true;
    const closed = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        open = false;
        resolve(code);
      }),
    );
    const firstOutput = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    let readerGone = false;
    void (async () => {
      for (let i = 0; open; i++) {
        // Once the reader is gone, lines with a signature not seen yet: the analyser prints their
        // finding at once (instead of at the next 30 s summary), and that write meets the closed pipe.
        const signature = readerGone ? `${OTHER_SIGNATURES[i % OTHER_SIGNATURES.length]} ${i}` : `${KLOG_SIGNATURE} ${i}`;
        const ok = child.stdin.write(`${signature}\nI0612 10:11:12.123456       1 x.go:1] routine line ${i}\n`);
        if (!ok) await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await firstOutput;
    // What `| head -1` does once it has its line.
    child.stdout.destroy();
    readerGone = true;
    expect(await closed).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at |internal error/);
  }, 60_000);
});

describe('terminal escape payloads', () => {
  // A signature line whose captured subject carries a CSI clear-screen, an OSC window title and an OSC 8 hyperlink.
  const payload = '\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\';
  const line = `W0612 10:11:12.123456       1 reflector.go:539] pkg/mod/k8s.io/client-go@v0.29.2/tools/cache/reflector.go:229: failed to list *v1.ConfigMap: configmaps is forbidden: User "system:serviceaccount:demo:op${payload}" cannot list resource "configmaps" in API group "" in the namespace "demo"`;
  const path = join(dir, 'escapes.log');

  it('are neutralised in the text and markdown reports, and kept (escaped) in JSON', async () => {
    writeFileSync(path, `${line}\n`);
    for (const output of ['text', 'markdown']) {
      const r = await runInProcess([path, '-o', output]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('rbac');
      // No ESC, BEL or other control character reaches the terminal; the payload shows escaped.
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(r.stdout).toContain('\\x1b]0;pwned\\x07');
    }
    const json = await runJson([path]);
    const evidence = json.report.findings[0].evidence[0].text as string;
    expect(evidence).toBe(line);
  });
});

describe('hostile values in fix commands (issue #18)', () => {
  const fixesOf = (json: { report: Report }) => json.report.findings.flatMap((f) => f.fixes);

  it('a command substitution in a captured subject is quoted in the text, markdown and JSON fixes', async () => {
    const path = join(dir, 'subst.log');
    writeFileSync(
      path,
      'E0612 10:11:12.123456       1 reflector.go:158] failed to list *v1.Secret: secrets is forbidden: User "x$(touch /tmp/pwned)" cannot list resource "secrets" in API group "" at the cluster scope\n',
    );
    const quoted = "kubectl auth can-i list secrets -A --as='x$(touch /tmp/pwned)'";
    expect(fixesOf(await runJson([path]))).toContain(`Confirm the denial: \`${quoted}\``);
    for (const output of ['text', 'markdown']) {
      const r = await runInProcess([path, '-o', output]);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(quoted);
      expect(r.stdout).not.toContain('--as=x$(');
    }
  });

  it('a zap controllerKind that is not a kind never reaches a command', async () => {
    const path = join(dir, 'zap-kind.log');
    writeFileSync(
      path,
      '{"level":"error","ts":"2024-05-01T10:00:03Z","msg":"Reconciler error","controller":"memcached","controllerGroup":"cache.example.com","controllerKind":"Memcached$(touch /tmp/pwned)","namespace":"default","name":"memcached-sample","reconcileID":"8c4f3f5e-5a8e-4f7e-9a7d-2f6c1f0e9b3a","error":"boom"}\n',
    );
    const json = await runJson([path]);
    expect(json.report.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(json.report.findings.map((f) => f.kinds))).not.toContain('touch');
    for (const fix of fixesOf(json)) for (const span of fix.split('`').filter((_, i) => i % 2 === 1)) expect(span).not.toContain('$(touch');
  });

  it('a CRD whose plural injects a command is reported as invalid, never used', async () => {
    const crds = join(dir, 'evil-crd.yaml');
    writeFileSync(
      crds,
      [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: podautoscalers.autoscaling.aibrix.ai}',
        'spec:',
        '  group: autoscaling.aibrix.ai',
        '  names: {kind: PodAutoscaler, plural: "podautoscalers$(touch /tmp/pwned)"}',
        '  scope: Namespaced',
        '  versions: [{name: v1alpha1, served: true, storage: true}]',
      ].join('\n'),
    );
    const r = await runInProcess(['samples/seed-case/kube-controller-manager.log', '--crds', crds]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `kube-log-doctor: ${crds}: CustomResourceDefinition plural "podautoscalers$(touch /tmp/pwned)" is not a valid resource name (DNS-1123 label)`,
    );
    expect(r.stdout).not.toContain('$(touch');
  });
});
