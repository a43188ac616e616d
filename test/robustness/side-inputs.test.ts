/**
 * Hostile side inputs — CRD manifests, api-resources output, pattern files — through every option
 * that reads them (and manifests inside a bundle): YAML alias bombs, symlink loops, FIFOs,
 * /dev/zero, deep nesting and files over the size limits. Each must end with exit code 2 and one
 * line naming the file and the problem, never an internal error. Also: options after a
 * subcommand, the --interval and --max-line-length limits, and a file truncated while it is read.
 * The CLI runs in-process (`run(argv, io)` from dist/: run `npm run build` first).
 */

import { spawn as spawnChild, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runInProcess } from '../e2e/helpers.js';
import { subcommandOptions } from '../../src/cli/options.js';
import { crdsFromText } from '../../src/correlate/registry.js';
import { RegistryError } from '../../src/errors.js';
import { openDiskFile } from '../../src/input/bundle-file.js';
import { MAX_MANIFEST_BYTES } from '../../src/correlate/manifest-docs.js';
import { MAX_PATTERN_BYTES, loadLibrary, loadPatternFile } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { analyzeBundle } from '../../src/parallel/run-bundle.js';
import { exitCodeFor } from '../../src/cli/commands/analyze.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-side-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string): string => join(dir, name);

const SEED_LOG = join(ROOT, 'samples/seed-case/kube-controller-manager.log');
const SEED_CRD = join(ROOT, 'samples/seed-case/podautoscaler-crd.yaml');
const BUNDLED_PATTERN = join(ROOT, 'patterns/gc-rest-mapping.yaml');

const CRD_HEAD = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n';
/** Nine aliases of nine aliases …: 9^5 nodes from a few hundred bytes. */
const ALIAS_BOMB =
  'a: &a [x, x, x, x, x, x, x, x, x]\n' +
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n' +
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n' +
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n';
/** A few KiB of YAML nested deeper than any parser's stack. */
const DEEP = `spec: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;

writeFileSync(at('bomb.yaml'), CRD_HEAD + ALIAS_BOMB);
writeFileSync(at('deep.yaml'), CRD_HEAD + DEEP);
// Sparse files: over the limits without writing the bytes.
writeFileSync(at('huge-crd.yaml'), '');
truncateSync(at('huge-crd.yaml'), MAX_MANIFEST_BYTES + 1);
writeFileSync(at('huge-pattern.yaml'), '');
truncateSync(at('huge-pattern.yaml'), MAX_PATTERN_BYTES + 1);
symlinkSync('loop-b.yaml', at('loop-a.yaml'));
symlinkSync('loop-a.yaml', at('loop-b.yaml'));
mkdirSync(at('bomb-dir'));
writeFileSync(at('bomb-dir/crd.yaml'), CRD_HEAD + ALIAS_BOMB);
mkdirSync(at('loop-dir'));
symlinkSync('loop-y.yaml', at('loop-dir/loop-x.yaml'));
symlinkSync('loop-x.yaml', at('loop-dir/loop-y.yaml'));
symlinkSync('.', at('loop-dir/self'));

/** A FIFO with a writer that sends more than any limit (or nothing, when `bytes` is 0). */
function fifoWriter(name: string, bytes: number): { path: string; writer: ChildProcess } {
  const path = at(name);
  rmSync(path, { force: true });
  expect(runShell(`mkfifo '${path}'`)).toBe(0);
  const writer = spawnChild('sh', ['-c', `head -c ${bytes} /dev/zero > '${path}'`], { stdio: 'ignore' });
  return { path, writer };
}

function runShell(cmd: string): number | null {
  return spawnSync('sh', ['-c', cmd]).status;
}

/** The option forms that read a side input at `path`, as command lines. */
const manifestOptions = (path: string): string[][] => [
  [SEED_LOG, '-q', '--crds', path],
  [SEED_LOG, '-q', '--api-resources', path],
];
const patternOptions = (path: string): string[][] => [
  [SEED_LOG, '-q', '--patterns', path],
  ['patterns', 'test', path],
  ['patterns', 'list', '--patterns', path],
  ['explain', 'gc-rest-mapping', '--patterns', path],
];

async function expectOneLineError(args: string[], file: string, reason: RegExp): Promise<void> {
  const r = await runInProcess(args);
  const lines = r.stderr.trimEnd().split('\n');
  expect({ args, code: r.code, lines }).toMatchObject({ code: 2, lines: [expect.stringContaining(file)] });
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('every side-input option refuses hostile input with exit 2 and one line naming the file', { timeout: 180_000 }, () => {
  it('a YAML alias bomb', async () => {
    for (const args of [...manifestOptions(at('bomb.yaml')), [SEED_LOG, '-q', '--crds', at('bomb-dir')], ...patternOptions(at('bomb.yaml'))]) {
      await expectOneLineError(args, 'bomb', /alias/);
    }
  });

  it('nesting deeper than the parser can follow', async () => {
    for (const args of [...manifestOptions(at('deep.yaml')), ...patternOptions(at('deep.yaml'))]) {
      await expectOneLineError(args, 'deep.yaml', /nested too deeply/);
    }
  });

  it('a file over the size limit', async () => {
    for (const args of manifestOptions(at('huge-crd.yaml'))) await expectOneLineError(args, 'huge-crd.yaml', /larger than the 16 MiB limit/);
    for (const args of patternOptions(at('huge-pattern.yaml'))) await expectOneLineError(args, 'huge-pattern.yaml', /larger than the 1 MiB limit/);
  });

  it('/dev/zero, a device', async () => {
    for (const args of [...manifestOptions('/dev/zero'), ...patternOptions('/dev/zero')]) {
      await expectOneLineError(args, '/dev/zero', /not a regular file or pipe/);
    }
  });

  it('a symlink loop, named or inside a pattern directory', async () => {
    for (const args of [...manifestOptions(at('loop-a.yaml')), ...patternOptions(at('loop-a.yaml')), ...patternOptions(at('loop-dir'))]) {
      await expectOneLineError(args, 'loop-', /symlink loop/);
    }
  });

  it('a FIFO that never ends is read up to the limit, then refused', async () => {
    for (const args of [...manifestOptions('FIFO'), ...patternOptions('FIFO')]) {
      const { path, writer } = fifoWriter('endless.yaml', 64 * 1024 * 1024);
      try {
        await expectOneLineError(
          args.map((a) => (a === 'FIFO' ? path : a)),
          'endless.yaml',
          /larger than the (16|1) MiB limit/,
        );
      } finally {
        writer.kill();
      }
    }
  });
});

describe('side inputs that are fine', { timeout: 180_000 }, () => {
  it('a CRD through a FIFO is read like a file', async () => {
    const path = at('crd-fifo.yaml');
    expect(runShell(`mkfifo '${path}'`)).toBe(0);
    const writer = spawnChild('sh', ['-c', `cat '${SEED_CRD}' > '${path}'`], { stdio: 'ignore' });
    try {
      const r = await runInProcess([SEED_LOG, '--crds', path, '-o', 'json', '-q']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).findings.map((f: { id: string }) => f.id)).toContain('kind-case-mismatch');
    } finally {
      writer.kill();
    }
  });

  it('a --crds directory with a symlink loop in it is walked, the loop skipped', async () => {
    const crds = at('crds-with-loop');
    mkdirSync(crds);
    writeFileSync(join(crds, 'crd.yaml'), readFileSync(SEED_CRD));
    symlinkSync('.', join(crds, 'self'));
    symlinkSync('l2.yaml', join(crds, 'l1.yaml'));
    symlinkSync('l1.yaml', join(crds, 'l2.yaml'));
    const r = await runInProcess([SEED_LOG, '--crds', crds, '-o', 'json', '-q']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { id: string }) => f.id)).toContain('kind-case-mismatch');
  });

  it('a manifest with a repeated key is read (the last value wins, as in JSON)', () => {
    const kinds = crdsFromText(`${CRD_HEAD}spec:\n  group: a.io\n  group: b.io\n  names: {kind: Widget}\n`, 'dup.yaml');
    expect(kinds.map((k) => `${k.group}/${k.kind}`)).toEqual(['b.io/Widget']);
  });

  it('a JSON List is read, and Lists nested past any real depth are not followed', () => {
    const crd = { kind: 'CustomResourceDefinition', spec: { group: 'a.io', names: { kind: 'Widget' } } };
    expect(crdsFromText(JSON.stringify({ kind: 'List', items: [crd] }), 'list.json')).toHaveLength(1);
    const deep = '{"items":['.repeat(100000) + JSON.stringify(crd) + ']}'.repeat(100000);
    expect(crdsFromText(deep, 'deep.json')).toEqual([]);
  });

  it('invalid YAML names the file and the line', () => {
    expect(() => crdsFromText('a: 1\nb: [\n', 'bad.yaml')).toThrow(RegistryError);
    expect(() => crdsFromText('a: 1\nkind: [\n', 'bad.yaml')).toThrow(/^bad\.yaml: invalid YAML\/JSON at line \d+: /);
  });

  it('control characters from a file name or its bytes reach the terminal escaped', async () => {
    const name = at('evil\u001b]0;owned\u0007.yaml');
    writeFileSync(name, 'kind: "\u001b[31m" ]\n');
    const r = await cli(SEED_LOG, '-q', '--crds', name);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(r.stderr).toContain('evil\\x1b]0;owned\\x07.yaml: invalid YAML/JSON at line 1');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    // The same file inside a bundle: an input error line, escaped as well.
    const bundle = at('evil-bundle');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'operator.log'), readFileSync(SEED_LOG));
    writeFileSync(join(bundle, 'crd\u001b[31m.yaml'), 'kind: [\n');
    const b = await cli(bundle, '-q', '-o', 'json');
    expect(b.code).toBe(0);
    expect(b.stderr).toContain('crd\\x1b[31m.yaml: invalid YAML/JSON');
    expect(b.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('a pattern file with a repeated key is still refused, with its line', () => {
    const text = readFileSync(BUNDLED_PATTERN, 'utf8').replace(/^title: .*$/m, (m) => `${m}\nseverity: error\n${m}`);
    const file = at('dup-pattern.yaml');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l, i, all) => l.startsWith('title:') && all.slice(0, i).some((x) => x.startsWith('title:'))) + 1;
    expect(() => loadPatternFile(file)).toThrow(new RegExp(`dup-pattern\\.yaml:${line}: invalid YAML: Map keys must be unique`));
  });
});

describe('manifests inside a bundle', { timeout: 180_000 }, () => {
  const bundle = at('bundle');
  mkdirSync(bundle);
  writeFileSync(join(bundle, 'operator.log'), readFileSync(SEED_LOG));
  writeFileSync(join(bundle, 'bomb-crd.yaml'), CRD_HEAD + ALIAS_BOMB);
  writeFileSync(join(bundle, 'deep-crd.yaml'), CRD_HEAD + DEEP);
  // Text (a sparse file of NULs would be taken for binary and skipped).
  writeFileSync(join(bundle, 'huge-crd.yaml'), CRD_HEAD + '# padding\n'.repeat(MAX_MANIFEST_BYTES / 10 + 1));

  it('each bad manifest is one input error naming it; the logs are still analysed; --strict exits 2', async () => {
    const r = await runInProcess([bundle, '-o', 'json', '-q']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.stats.lines).toBeGreaterThan(0);
    expect(report.stats.errors).toEqual([
      expect.stringMatching(/bomb-crd\.yaml: too many YAML alias expansions/),
      expect.stringMatching(/deep-crd\.yaml: nested too deeply/),
      expect.stringMatching(/huge-crd\.yaml: manifest larger than the 16 MiB limit, not read/),
    ]);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(3);
    expect((await runInProcess([bundle, '--strict', '-q'])).code).toBe(2);
  });
});

/** The CLI in-process, with the arguments as a user types them. */
const cli = (...args: string[]) => runInProcess(args);

describe('options after a subcommand are the subcommand’s', { timeout: 180_000 }, () => {
  const userDir = at('user-patterns');
  mkdirSync(userDir);
  // One literal regex: a user's regexes are checked for backtracking at load (recheck takes seconds).
  writeFileSync(
    join(userDir, 'my-widget.yaml'),
    [
      'id: my-widget-stuck',
      'family: my-widget',
      'title: Widget controller is stuck',
      'severity: warning',
      'match:',
      '  keywords: ["widget controller stuck"]',
      "  regex: 'widget controller stuck'",
      'diagnosis: The widget controller is stuck.',
      'explanation: It waits for a lock that is never released.',
      'causes: ["A lock is held by a crashed replica."]',
      'fixes: ["Restart the widget controller."]',
      'examples:',
      '  match: ["E0101 10:00:00.000000       1 widget.go:10] widget controller stuck"]',
      '  nomatch: ["widget controller fine"]',
      '',
    ].join('\n'),
  );

  it('patterns list -o json prints JSON', async () => {
    const r = await cli('patterns', 'list', '-o', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string }[];
    expect(rows.map((x) => x.id)).toContain('gc-rest-mapping');
  });

  it('patterns list --patterns DIR lists the user’s signatures, before or after the subcommand', async () => {
    for (const args of [
      ['patterns', 'list', '--patterns', userDir, '-o', 'json'],
      ['--patterns', userDir, 'patterns', 'list', '-o', 'json'],
    ]) {
      const r = await cli(...args);
      expect(r.code).toBe(0);
      const mine = (JSON.parse(r.stdout) as { id: string; file: string }[]).find((x) => x.id === 'my-widget-stuck');
      expect(mine?.file).toContain('my-widget.yaml');
    }
    const text = await cli('patterns', 'list', '--patterns', userDir);
    expect(text.stdout).toMatch(/^my-widget-stuck\s+my-widget\s+warning\s+Widget controller is stuck$/m);
  });

  it('explain ID --patterns DIR -o json finds the user’s signature and prints it as JSON', async () => {
    const r = await cli('explain', 'my-widget-stuck', '--patterns', userDir, '-o', 'json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({ id: 'my-widget-stuck', family: 'my-widget', severity: 'warning', fixes: ['Restart the widget controller.'] });
    expect(p.file).toContain('my-widget.yaml');
    const text = await cli('explain', 'my-widget-stuck', '--patterns', userDir);
    expect(text.stdout).toMatch(/^my-widget-stuck {2}\(warning, family my-widget\)/);
  });

  it('the analysis options still work after the paths', async () => {
    const r = await cli(SEED_LOG, '-o', 'json', '--crds', SEED_CRD, '-q');
    expect(JSON.parse(r.stdout).findings[0].id).toBe('kind-case-mismatch');
  });

  it('a subcommand sees repeatable options from both sides, and the root’s where it has only its default', () => {
    let seen: { crds: string[]; output: string } | undefined;
    const root = new Command('root').enablePositionalOptions().option('--crds <p>', '', (v: string, p: string[]) => [...p, v], []).option('-o, --output <f>', '', 'text');
    root
      .command('sub')
      .option('--crds <p>', '', (v: string, p: string[]) => [...p, v], [])
      .option('-o, --output <f>', '', 'text')
      .action((_o: unknown, cmd: Command) => {
        seen = subcommandOptions(cmd);
      });
    root.parse(['--crds', 'a', '-o', 'json', 'sub', '--crds', 'b'], { from: 'user' });
    expect(seen).toEqual({ crds: ['a', 'b'], output: 'json' });
    root.parse(['sub', '-o', 'markdown'], { from: 'user' });
    expect(seen).toEqual({ crds: [], output: 'markdown' });
  });
});

describe('limits of numeric options', () => {
  it('--interval above the longest timer (2147483 s) is a usage error; at the limit it is accepted', async () => {
    const over = await cli('-f', '--interval', '2147484', SEED_LOG);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--interval.*at most 2147483 seconds/);
    // Without -f the value is parsed first, then refused for another reason: so 2147483 parses.
    const atLimit = await cli('--interval', '2147483', SEED_LOG);
    expect(atLimit.code).toBe(2);
    expect(atLimit.stderr).toMatch(/--interval only applies with --follow/);
  });

  it('--max-line-length above 256 MiB is a usage error; 256 MiB is accepted', async () => {
    const over = await cli('--max-line-length', String(256 * 1024 * 1024 + 1), SEED_LOG);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/--max-line-length.*at most 268435456/);
    const ok = await cli('--max-line-length', String(256 * 1024 * 1024), SEED_LOG, '-o', 'json', '-q');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).stats.bytes).toBe(readFileSync(SEED_LOG).length);
  });
});

describe('a file truncated while it is read', () => {
  it('fails its source (an input error), after the bytes that were there', async () => {
    const path = at('shrinking.log');
    writeFileSync(path, Buffer.alloc(8 * 1024 * 1024, 'x\n'));
    const source = openDiskFile(path, 0);
    let read = 0;
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      if (read === 0) truncateSync(path, 1000);
      read += chunk.length;
    }
    expect(read).toBeLessThan(8 * 1024 * 1024);
    expect(source.failure()?.message).toMatch(/^file shrank while it was read: it ended at byte \d+ of 8388608$/);
  });

  it('through the bundle runner: the partial result carries an input error, and --strict exits 2', async () => {
    const path = at('shrinking-klog.log');
    const line = 'E0612 10:11:12.123456       1 leaderelection.go:369] Failed to update lock: etcdserver: no leader\n';
    writeFileSync(path, line.repeat(Math.ceil((8 * 1024 * 1024) / line.length)));
    let truncated = false;
    const report = await analyzeBundle([path], {
      patterns: loadLibrary().patterns,
      registry: KindRegistry.withBuiltins(),
      maxLineBytes: 1024 * 1024,
      assembler: { inputFormat: 'auto' },
      maxExpandedBytes: 1 << 30,
      jobs: 1,
      // Progress is told of the first bytes read: the file is cut to 1000 bytes right then.
      progress: {
        start: () => {},
        advance: () => {
          if (!truncated) truncateSync(path, 1000);
          truncated = true;
        },
        current: () => {},
        stop: () => {},
      },
    });
    expect(truncated).toBe(true);
    expect(report.stats.lines).toBeGreaterThan(0);
    expect(report.stats.errors).toEqual([expect.stringMatching(/shrinking-klog\.log: file shrank while it was read: it ended at byte \d+ of \d+/)]);
    expect(exitCodeFor(report, 'none', true)).toBe(2);
    expect(exitCodeFor(report, 'none', false)).toBe(0);
  });

  it('a file read to its end, or from an offset, is not reported', async () => {
    const path = at('whole.log');
    writeFileSync(path, Buffer.alloc(600 * 1024, 'y\n'));
    for (const start of [0, 1000]) {
      const source = openDiskFile(path, start);
      let read = 0;
      for await (const chunk of source.stream as AsyncIterable<Buffer>) read += chunk.length;
      expect(read).toBe(600 * 1024 - start);
      expect(source.failure()).toBeNull();
    }
  });
});
