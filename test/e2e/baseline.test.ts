/** `--baseline OLD.json`: regressions only — new and grown findings and groups, resolved ones listed, --fail-on on regressions. */

import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';

const SEED = 'samples/seed-case/kube-controller-manager.log';
const dir = mkdtempSync(join(tmpdir(), 'kld-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('--baseline', () => {
  it('marks nothing new against a report of the same log, and --fail-on then passes', async () => {
    const base = file('seed.json', (await runInProcess([SEED, '-o', 'json'])).stdout);
    expect((await runInProcess([SEED, '--fail-on', 'error'])).code).toBe(1);
    const { code, report } = await runJson([SEED, '--baseline', base, '--fail-on', 'error']);
    expect(code).toBe(0);
    expect(report.findings.map((f: { baseline: string }) => f.baseline)).toEqual(report.findings.map(() => 'known'));
    expect(report.baseline).toEqual({ file: base, counts: { new: 0, grown: 0, known: report.findings.length, resolved: 0 }, resolved: { findings: [], unknown: [] } });
  });

  it('marks new and grown findings and groups, lists resolved ones, and fails on regressions only', async () => {
    const seed = readFileSync(SEED, 'utf8');
    const lines = seed.split('\n');
    // The earlier run saw the log up to the 5th REST-mapping error (of 20), and an error that is gone now.
    let fifth = 0;
    for (let i = 0, n = 0; i < lines.length && n < 5; i++) if (lines[i]!.includes('unable to get REST mapping') && ++n === 5) fifth = i;
    const gone = 'E0612 10:00:00.000000       1 sync.go:1] license server lic-1 unreachable after 3 retries';
    const early = file('early.log', [gone, gone, ...lines.slice(0, fifth + 1)].join('\n') + '\n');
    const base = file('early.json', (await runInProcess([early, '-o', 'json'])).stdout);
    const now = file('now.log', seed + 'E0612 10:05:00.000000       1 cache.go:9] seat cache for tenant-42 failed to refresh\n');
    const { code, report } = await runJson([now, '--baseline', base, '--fail-on', 'error']);
    expect(code).toBe(1);
    const marks = Object.fromEntries(report.findings.map((f: { id: string; baseline: string }) => [f.id, f.baseline]));
    expect(marks['gc-rest-mapping']).toBe('grown');
    expect(report.unknown.map((g: { baseline: string }) => g.baseline)).toEqual(['new']);
    expect(report.baseline.resolved.unknown.map((g: { template: string; count: number }) => [g.template, g.count])).toEqual([['license server <*> unreachable after <*> retries', 2]]);
    const text = (await runInProcess([now, '--baseline', base])).stdout;
    expect(text).toMatch(/Compared with .*early\.json: 0 new, \d+ grown, \d+ known, 0 resolved findings\./);
    expect(text).toContain('resolved: unrecognised u-');
    expect(text).toMatch(/\[grown\]/);
    expect(text).toMatch(/u-[0-9a-f]{12} {2}\[new\] {2}seat cache for <\*> failed to refresh/);
    const md = (await runInProcess([now, '--baseline', base, '-o', 'markdown'])).stdout;
    expect(md).toMatch(/\*\*Compared with .*early\.json: 0 new/);
    expect(md).toContain('**\\[grown\\]**');
  });

  it('refuses a file that is not a JSON report with exit 2 and one line naming it', async () => {
    const bad = file('bad.json', '{"findings": 3}');
    const r = await runInProcess([SEED, '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`kube-log-doctor: ${bad}: not a kube-log-doctor JSON report (expected "version": 1 and a "findings" array; write one with -o json)`);
    const missing = await runInProcess([SEED, '--baseline', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });
});
