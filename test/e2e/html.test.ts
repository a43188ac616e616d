/**
 * `-o html` and `--html FILE` from the command line: the page is the same whatever `--jobs`,
 * `--html` writes it beside any other `-o` without changing that output, and a file that cannot
 * be written is one line and exit code 2, said before anything is read.
 */

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const articles = (html: string) => [...html.matchAll(/<article class="finding [^"]*" id="f-\d+" data-key="([^"]*)"/g)].map((m) => m[1]);

describe.each(['samples/seed-case', 'samples/bundles/must-gather.tar.gz', 'samples/bundles/cluster-info-dump'])('-o html on %s', (path) => {
  it('is byte-identical with --jobs 1 and 2, and shows every finding of the JSON report', async () => {
    const one = await runInProcess([path, '-o', 'html', '--jobs', '1', '-q']);
    expect(one.code).toBe(0);
    expect(one.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    const two = await runInProcess([path, '-o', 'html', '--jobs', '2', '-q']);
    expect(two.stdout).toBe(one.stdout);
    const json = JSON.parse((await runInProcess([path, '-o', 'json', '-q'])).stdout);
    expect(articles(one.stdout)).toEqual(json.findings.map((f: { key: string }) => f.key.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')));
  });
});

describe('--html FILE', () => {
  it('writes the page beside -o json, whose output stays what -o json alone prints', async () => {
    const file = join(dir, 'report.html');
    const both = await runInProcess(['samples/bundles/must-gather.tar.gz', '-o', 'json', '--html', file, '-q']);
    const alone = await runInProcess(['samples/bundles/must-gather.tar.gz', '-o', 'json', '-q']);
    expect(both.code).toBe(0);
    expect(both.stdout).toBe(alone.stdout);
    expect(JSON.parse(both.stdout)).not.toHaveProperty('detail');
    const html = readFileSync(file, 'utf8');
    expect(articles(html)).toHaveLength(JSON.parse(both.stdout).findings.length);
    // The page draws the bundle's sources even though the JSON report leaves them out.
    expect(html).toContain('id="swimlanes"');
    expect(html).toContain('id="chains"');
  });

  it('stays under 2 MB for the seed case and a must-gather bundle together', async () => {
    const file = join(dir, 'both.html');
    const r = await runInProcess(['samples/seed-case', 'samples/bundles/must-gather.tar.gz', '--html', file, '-q']);
    expect(r.code).toBe(0);
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('writes the page at the end of a followed pipe', async () => {
    const file = join(dir, 'follow.html');
    const log = readFileSync('samples/seed-case/kube-controller-manager.log', 'utf8');
    const r = await runInProcess(['-f', '--html', file], { input: log });
    expect(r.code).toBe(0);
    expect(articles(readFileSync(file, 'utf8'))).toEqual([expect.stringMatching(/^gc-rest-mapping:/)]);
  });

  it('says which filters made the report, as the text report does', async () => {
    const r = await runInProcess(['samples/seed-case', '-o', 'html', '--only', 'gc-rest-mapping', '-q']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<p class="summary">filters: only gc-rest-mapping · left out 1 finding (×20) not selected</p>');
    expect(articles(r.stdout)).toEqual([expect.stringMatching(/^gc-rest-mapping:/)]);
  });

  it('shows the unrecognised-error groups, each with its template and examples', async () => {
    const html = (await runInProcess(['samples/unknown/operator.log', '-o', 'html', '-q'])).stdout;
    const json = JSON.parse((await runInProcess(['samples/unknown/operator.log', '-o', 'json', '-q'])).stdout);
    expect(json.unknown.length).toBeGreaterThan(0);
    expect([...html.matchAll(/data-group="(u-[0-9a-f]+)"/g)].map((m) => m[1])).toEqual(json.unknown.map((g: { id: string }) => g.id));
    expect(html).toContain('failed to refresh credentials for backend &lt;*&gt;');
  });

  it('when the analysis fails then the file it opened is removed', async () => {
    const file = join(dir, 'failed.html');
    const r = await runInProcess(['samples/seed-case', '--html', file, '--baseline', join(dir, 'no-such-baseline.json')]);
    expect(r.code).toBe(2);
    expect(() => statSync(file)).toThrow();
  });

  it('when the file cannot be written then exits 2 with one line naming it, before reading', async () => {
    const file = join(dir, 'no-such-dir', 'r.html');
    const r = await runInProcess(['samples/seed-case', '--html', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`kube-log-doctor: ${file}: cannot write the HTML report: no such file or directory`]);
  });

  it('when given with --tui or as - then exits 2 saying why', async () => {
    const tui = await runInProcess(['samples/seed-case', '--tui', '--html', join(dir, 'x.html')]);
    expect(tui.code).toBe(2);
    expect(tui.stderr).toContain('--html writes a report file; it does not apply with --tui');
    const dash = await runInProcess(['samples/seed-case', '--html', '-']);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain('use -o html for standard output');
  });
});
