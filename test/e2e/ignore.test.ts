/** Ignore rules from the config file: reasons, expiry, --fail-on, stats.ignored, --show-ignored, bad files. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';

const OPERATOR = resolve('samples/unknown/operator.log');
const SEED = resolve('samples/seed-case/kube-controller-manager.log');
const dir = mkdtempSync(join(tmpdir(), 'kld-ignore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('ignore rules', () => {
  it('leave out findings and unrecognised-error groups, count them, and keep them out of --fail-on', async () => {
    expect((await runInProcess([SEED, '--fail-on', 'error'])).code).toBe(1);
    const file = config(
      'a.yaml',
      ['ignore:', '  - finding: gc-rest-mapping', '    reason: known, fixed in the next operator release', '  - message: "license server .* unreachable"', '    reason: license server is being replaced', ''].join('\n'),
    );
    const { code, report } = await runJson([SEED, '--config', file, '--fail-on', 'error']);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.stats.ignored).toEqual({ findings: 1, count: 20, unknownGroups: 0, unknownLines: 0, file });
    expect(report.ignored).toBeUndefined();
    const text = (await runInProcess([SEED, '--config', file])).stdout;
    expect(text).toContain(`Ignored by ${file}: 1 finding (×20), 0 unrecognised-error groups (--show-ignored lists them).`);
    expect(text).toContain('No known error signature found.');
  });

  it('select groups by id, kind and namespace; --show-ignored lists them with their reasons; expired rules no longer apply and are named', async () => {
    const before = (await runJson([OPERATOR])).report;
    const creds = before.unknown.find((g: { template: string }) => g.template.startsWith('failed to refresh credentials')).id;
    const file = config(
      'b.yaml',
      [
        'ignore:',
        `  - unknown: ${creds}`,
        '    reason: tracked in STOR-12',
        '  - kind: BucketClaim',
        '    namespace: shop',
        '    reason: shop buckets are migrating',
        '    until: 2999-12-31',
        '  - finding: cr-reconciler-error',
        '    reason: the wrapper',
        '    until: 2020-01-01',
        '',
      ].join('\n'),
    );
    const { report } = await runJson([OPERATOR, '--config', file, '--show-ignored']);
    // The reconcile error is kept: its rule expired.
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual([]);
    expect(report.ignored.map((i: { type: string; rule: number; reason: string }) => [i.type, i.rule, i.reason])).toEqual([
      ['finding', 1, 'shop buckets are migrating'],
      ['unknown', 1, 'shop buckets are migrating'],
      ['unknown', 0, 'tracked in STOR-12'],
    ]);
    expect(report.ignoreExpired).toEqual([{ rule: 2, reason: 'the wrapper', until: '2020-01-01' }]);
    expect(report.unknown).toHaveLength(2);
    const md = (await runInProcess([OPERATOR, '--config', file, '--show-ignored', '-o', 'markdown'])).stdout;
    expect(md).toContain('ignored: unrecognised');
    expect(md).toContain('ignore rule 3 expired on 2020-01-01 and no longer applies: the wrapper');
  });

  it('are read from .kube-log-doctor.yaml in the working directory', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(cwd, '.kube-log-doctor.yaml'), 'ignore:\n  - family: gc-rest-mapping\n    reason: known\n');
    // The run's working directory (Io.cwd), as a process started there has it.
    const { report } = await runJson([SEED], { cwd });
    expect(report.findings).toEqual([]);
    expect(report.stats.ignored.findings).toBe(1);
  });

  it('a bad config file is one line naming it, exit 2', async () => {
    const cases: [string, RegExp][] = [
      ['ignore:\n  - finding: x\n', /ignore\.0\.reason: /],
      ['ignore:\n  - reason: nothing selected\n', /needs at least one of finding, family, unknown, kind, namespace, object, message/],
      ['ignore:\n  - message: "(a)\\\\1"\n    reason: r\n', /ignore\.0\.message: not a regex RE2 can run/],
      ['ignore:\n  - finding: x\n    reason: r\n    until: next week\n', /ignore\.0\.until/],
      ['ignore:\n  - findng: x\n    reason: r\n', /ignore\.0/],
      ['ignore: [', /invalid YAML/],
    ];
    for (const [text, message] of cases) {
      const file = config('bad.yaml', text);
      const r = await runInProcess([SEED, '--config', file]);
      expect(r.code, text).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, text).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(message);
    }
  });
});
