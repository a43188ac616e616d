/**
 * Unrecognised errors end to end: error lines no signature knows are grouped and shown in text,
 * markdown and JSON; the summary says so when nothing else is found; `patterns new` turns a group
 * into a signature that matches those lines; results do not depend on --jobs.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';
import { blockOutline, codeTexts } from '../report/helpers.js';

const OPERATOR = 'samples/unknown/operator.log';
const NO_SIGNATURE = 'samples/unknown/no-signature.log';
const dir = mkdtempSync(join(tmpdir(), 'kld-unknown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an operator log whose errors no signature knows', () => {
  it('JSON: ranked groups with templates, counts, levels, kinds, objects and examples', async () => {
    const { code, report } = await runJson([OPERATOR]);
    expect(code).toBe(0);
    // Only the wrapper matched: the inner errors are unrecognised.
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['cr-reconciler-error']);
    const groups = report.unknown as { id: string; template: string; count: number; levels: string[]; kinds: unknown[]; objects: unknown[]; examples: { source: string; line: number }[] }[];
    expect(groups.map((g) => [g.template, g.count])).toEqual([
      ['Reconciler error: provisioning bucket "<*>": backend <*> rejected request: BucketQuotaExceeded (limit <*>)', 3],
      ['failed to refresh credentials for backend <*>: sts: AssumeRoleWithWebIdentity returned <*> after <*>', 3],
      ['admission plugin quota-guard: policy <*> evaluation error after <*>', 2],
      ['orphaned bucket cleanup failed: timeout waiting for lock held by pod <*>', 1],
    ]);
    expect(groups[0]).toMatchObject({
      levels: ['error'],
      kinds: [{ group: 'storage.acme.io', version: null, kind: 'BucketClaim', resource: null }],
      objects: [
        { kind: 'BucketClaim', namespace: 'shop', name: 'orders-archive' },
        { kind: 'BucketClaim', namespace: 'billing', name: 'invoices' },
      ],
    });
    expect(groups[0]!.examples.map((e) => [e.source, e.line])).toEqual([
      [OPERATOR, 3],
      [OPERATOR, 4],
      [OPERATOR, 5],
    ]);
    expect(groups[3]!.levels).toEqual(['warning']);
    for (const g of groups) expect(g.id).toMatch(/^u-[0-9a-f]{12}$/);
    expect(report.unknownOmitted).toBeUndefined();
  });

  it('text: an Unrecognised errors section after the findings, then the total', async () => {
    const r = await runInProcess([OPERATOR]);
    const at = r.stdout.indexOf('Unrecognised errors');
    expect(at).toBeGreaterThan(r.stdout.indexOf('cr-reconciler-error'));
    const section = r.stdout.slice(at);
    expect(section).toContain('×3  u-');
    expect(section).toContain('failed to refresh credentials for backend <*>: sts: AssumeRoleWithWebIdentity returned <*> after <*>');
    expect(section).toContain(`${OPERATOR}:11  E1103 09:14:42.118311`);
    expect(section).toContain('9 unrecognised error lines in 4 groups; all shown.');
  });

  it('markdown: the same section, as a table and a code block', async () => {
    const r = await runInProcess([OPERATOR, '-o', 'markdown']);
    expect(r.stdout).toContain('### Unrecognised errors');
    expect(codeTexts(r.stdout)).toContain('admission plugin quota-guard: policy <*> evaluation error after <*>');
    expect(r.stdout).toContain('9 unrecognised error lines in 4 groups');
  });
});

describe('no finding, but errors', () => {
  it('says so instead of "No known error signature found", with exit code 0 (also under --fail-on)', async () => {
    const r = await runInProcess([NO_SIGNATURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No known error signature found, but 4 error lines no signature knows (2 groups)');
    expect(r.stdout).not.toContain('No known error signature found.');
    expect(r.stdout).toContain('license server <*> unreachable after <*> retries');
    expect((await runInProcess([NO_SIGNATURE, '--fail-on', 'info'])).code).toBe(0);
    const md = await runInProcess([NO_SIGNATURE, '-o', 'markdown']);
    expect(md.stdout).toContain('No known error signature found, but 4 error lines');
  });

  it('a healthy log still says No known error signature found, with an empty unknown array', async () => {
    const log = join(dir, 'healthy.log');
    writeFileSync(log, 'I1103 09:20:00.000100       1 main.go:51] "Starting" version="2.4.1"\nI1103 09:20:01.000100       1 main.go:52] retrying after error\n');
    const r = await runInProcess([log]);
    expect(r.stdout).toContain('No known error signature found.');
    expect((await runJson([log])).report.unknown).toEqual([]);
  });
});

describe('hostile log text', () => {
  const log = join(dir, 'hostile.log');
  writeFileSync(
    log,
    [
      'E1103 09:20:01.200311       1 x.go:1] render \x1b[31mfailed\x1b]0;pwn\x07 | `x` ## <b>bold</b>',
      'E1103 09:20:02.200311       1 x.go:1] render \x1b[31mfailed\x1b]0;pwn\x07 | `y` ## <b>bold</b>',
    ].join('\n') + '\n',
  );

  it('is escaped in text and cannot restructure markdown', async () => {
    const text = (await runInProcess([log])).stdout;
    expect(text).not.toMatch(/[\x07\x1b]/);
    expect(text).toContain('\\x1b[31mfailed');
    const md = (await runInProcess([log, '-o', 'markdown'])).stdout;
    expect(md).not.toMatch(/[\x07\x1b]/);
    const clean = (await runInProcess([NO_SIGNATURE, '-o', 'markdown'])).stdout;
    // The same outline as a harmless report of one group: nothing added by the log's text.
    const outline = blockOutline(md);
    expect(outline.filter((l) => l.trim() === 'heading3')).toHaveLength(1);
    expect(outline.filter((l) => l.trim() === 'html')).toHaveLength(0);
    expect(outline.filter((l) => l.trim() === 'table')).toEqual(blockOutline(clean).filter((l) => l.trim() === 'table'));
  });
});

describe('patterns new', () => {
  it('writes a signature skeleton whose only failures are its TODO fields, and which then matches the group', async () => {
    const before = await runJson([OPERATOR]);
    const group = before.report.unknown[1];
    const out = join(dir, 'new');
    mkdirSync(out);
    const r = await runInProcess(['patterns', 'new', '--from', OPERATOR, '--id', 'sts-credentials-refresh', '--group', group.id, '--dir', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(out, 'sts-credentials-refresh.yaml');
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toContain('id: sts-credentials-refresh');
    expect(yaml).toContain('keywords:\n    - failed to refresh credentials for backend\n');
    expect(yaml).toContain('AssumeRoleWithWebIdentity');
    // patterns test: every example passes; the TODO fields are listed, and only they fail.
    const test = await runInProcess(['patterns', 'test', file]);
    expect(test.code).toBe(1);
    const failures = test.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(failures.map((l) => l.trim())).toEqual([
      'title: TODO — still to be written',
      'diagnosis: TODO — still to be written',
      'explanation: TODO — still to be written',
      'causes[0]: TODO — still to be written',
      'fixes[0]: TODO — still to be written',
    ]);
    // Filled in, it passes, and the group becomes a finding.
    writeFileSync(file, yaml.replace(/"?'?TODO:[^\n]*/g, (m) => (m.startsWith('"') || m.startsWith("'") ? `${m[0]}Written${m.slice(5)}` : 'Written')));
    const filled = await runInProcess(['patterns', 'test', file]);
    expect(filled.stdout).toContain('all passed');
    expect(filled.code).toBe(0);
    const after = await runJson(['--patterns', out, OPERATOR]);
    const f = after.report.findings.find((x: { id: string }) => x.id === 'sts-credentials-refresh');
    expect(f.count).toBe(3);
    expect(after.report.unknown.map((g: { id: string }) => g.id)).not.toContain(group.id);
    expect(after.report.unknown).toHaveLength(3);
  });

  it('names a captured object from the template (kind extractor slots)', async () => {
    const out = join(dir, 'new2');
    mkdirSync(out);
    const from = join(dir, 'report.json');
    writeFileSync(from, (await runInProcess([NO_SIGNATURE, '-o', 'json'])).stdout);
    // From an earlier JSON report: the largest group by default.
    const r = await runInProcess(['patterns', 'new', '--from', from, '--id', 'license-unreachable', '--dir', out]);
    expect(r.code).toBe(0);
    const yaml = readFileSync(join(out, 'license-unreachable.yaml'), 'utf8');
    expect(yaml).toMatch(/regex: license\\s\+server\\s\+\\S\+\\s\+unreachable/);
    const policy = join(dir, 'policy.log');
    copyFileSync(OPERATOR, policy);
    const r2 = await runInProcess(['patterns', 'new', '--from', policy, '--id', 'quota-guard', '--group', (await runJson([policy])).report.unknown[2].id, '--dir', out]);
    expect(r2.code).toBe(0);
    expect(readFileSync(join(out, 'quota-guard.yaml'), 'utf8')).toContain('(?<object>');
  });

  it('refuses a bad id, a missing group and an existing file with exit 2 and one line', async () => {
    const bad = await runInProcess(['patterns', 'new', '--from', OPERATOR, '--id', 'Bad_Id', '--dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--id Bad_Id: must be kebab-case/);
    const missing = await runInProcess(['patterns', 'new', '--from', OPERATOR, '--id', 'x-y', '--group', 'u-000000000000', '--dir', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no unrecognised-error group u-000000000000; the largest: u-/);
    writeFileSync(join(dir, 'taken.yaml'), 'x');
    const taken = await runInProcess(['patterns', 'new', '--from', OPERATOR, '--id', 'taken', '--dir', dir]);
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--jobs', () => {
  it('gives the same unrecognised errors with 1 and 2 threads over a bundle', async () => {
    const bundle = join(dir, 'bundle');
    mkdirSync(bundle);
    for (let i = 0; i < 6; i++) copyFileSync(i % 2 ? OPERATOR : NO_SIGNATURE, join(bundle, `pod-${i}.log`));
    const one = await runJson(['--jobs', '1', bundle]);
    const two = await runJson(['--jobs', '2', bundle]);
    expect(one.report.unknown.length).toBe(6);
    expect(JSON.stringify(two.report.unknown)).toBe(JSON.stringify(one.report.unknown));
    expect(one.report.unknown[0].count).toBe(9);
    expect(one.report.unknown[0].sources).toHaveLength(3);
  });
});
