/**
 * Exit codes and one-line errors, as a user meets them: in-process (`run(argv, io)`), but for one
 * exit code and the broken pipe, which a real process shows.
 */

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, runInProcess } from './helpers.js';
import { tempDir } from '../tmp.js';

const LOG = 'samples/seed-case/kube-controller-manager.log';

function patternDir(yaml: string): string {
  const dir = tempDir('kld-patterns-');
  writeFileSync(join(dir, 'bad.yaml'), yaml);
  return dir;
}

const GOOD = `id: my-signature
family: my-family
title: Something went wrong
severity: warning
match:
  keywords: ["widget exploded"]
  regex: 'widget exploded: (?<name>[a-z0-9-]+)'
diagnosis: Widget {{name}} exploded.
explanation: Widgets explode when overfilled.
causes: [Overfilled widget.]
fixes: ["Refill {{name}} less."]
examples:
  match: ['E0101 00:00:00.000000       1 w.go:1] widget exploded: w-1']
  nomatch: ['I0101 00:00:00.000000       1 w.go:1] widget ok']
`;

describe('exit codes', () => {
  it('when a file is missing then exits 2 with one line naming it (a real process)', () => {
    const r = runCli(['no-such.log']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kube-log-doctor: no-such.log: no such file or directory\n');
    expect(r.stdout).toBe('');
  });

  it('when an option is unknown then exits 2 without a stack trace', async () => {
    const r = await runInProcess(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('when no finding reaches --fail-on then exits 0, and 1 when one does', async () => {
    expect((await runInProcess([LOG, '--fail-on', 'critical'])).code).toBe(0);
    expect((await runInProcess([LOG, '--fail-on', 'error'])).code).toBe(1);
    expect((await runInProcess([LOG, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runInProcess([LOG])).code).toBe(0);
  });

  it('when --fail-on has an unknown severity then exits 2 naming the choices', async () => {
    const r = await runInProcess([LOG, '--fail-on', 'fatal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('critical, error, warning, info, none');
  });
});

describe('bad pattern files', () => {
  it('when a pattern has an invalid severity then exits 2 naming file, line, field and id', async () => {
    const dir = patternDir(GOOD.replace('severity: warning', 'severity: urgent'));
    const r = await runInProcess([LOG, '--patterns', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kube-log-doctor: .*bad\.yaml:4: severity: .* \(pattern my-signature\)\n$/);
  });

  it('when a pattern has an unknown key then the message names the key', async () => {
    const dir = patternDir(GOOD.replace('title:', 'titel:'));
    const r = await runInProcess([LOG, '--patterns', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml');
    expect(r.stderr).toContain('titel');
  });

  it('when a regex does not compile then the message names match.regex', async () => {
    const dir = patternDir(GOOD.replace("'widget exploded: (?<name>[a-z0-9-]+)'", "'widget exploded: (?<name>[a-z'"));
    const r = await runInProcess([LOG, '--patterns', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:7: match\.regex: invalid regex: .*\(pattern my-signature\)/);
  });

  it('when a template uses an unknown placeholder then the message names it', async () => {
    const dir = patternDir(GOOD.replace('Widget {{name}} exploded.', 'Widget {{nmae}} exploded.'));
    const r = await runInProcess([LOG, '--patterns', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('placeholder {{nmae}}');
  });

  it('when a user regex that RE2 cannot run can backtrack catastrophically then it is refused', async () => {
    // The lookahead keeps it off RE2, so recheck decides: vulnerable.
    const dir = patternDir(GOOD.replace("'widget exploded: (?<name>[a-z0-9-]+)'", () => "'widget exploded: (?=a)(?<name>(a+)+)$'"));
    const r = await runInProcess([LOG, '--patterns', dir], { env: { XDG_CACHE_HOME: tempDir('kld-cache-') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kube-log-doctor: .*bad\.yaml: match\.regex: unsafe regex \(exponential backtracking.*\(pattern my-signature\)\n$/);
  });

  it('a user regex that would backtrack catastrophically on V8 runs on RE2, so a hostile line is harmless', async () => {
    const dir = patternDir(GOOD.replace("'widget exploded: (?<name>[a-z0-9-]+)'", () => "'widget exploded: (?<name>(a+)+)$'"));
    const hostile = `E0101 00:00:00.000000       1 w.go:1] widget exploded: ${'a'.repeat(5000)}:\nE0101 00:00:00.000000       1 w.go:1] widget exploded: aaa\n`;
    const r = await runInProcess(['--patterns', dir, '-o', 'json'], { input: hostile, env: { XDG_CACHE_HOME: tempDir('kld-cache-') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout).findings.filter((x: { id: string }) => x.id === 'my-signature');
    expect(f.map((x: { count: number }) => x.count)).toEqual([1]);
  });

  it('when the YAML itself is broken then the message names the line', async () => {
    const dir = patternDir('id: x\ntitle: [unclosed\n');
    const r = await runInProcess([LOG, '--patterns', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+: invalid YAML/);
  });

  it('a valid user pattern is used, and one replacing a bundled id says so once', async () => {
    const dir = patternDir(GOOD);
    const r = await runInProcess(['--patterns', dir, '-o', 'json'], { input: 'E0101 00:00:00.000000       1 w.go:1] widget exploded: w-9\n' });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings[0].id).toBe('my-signature');
    expect(report.findings[0].fixes).toEqual(['Refill w-9 less.']);

    const replacing = patternDir(GOOD.replace('id: my-signature', 'id: gc-rest-mapping').replace('family: my-family', 'family: gc-rest-mapping'));
    const r2 = await runInProcess([LOG, '--patterns', replacing]);
    expect(r2.stderr.match(/replaces/g)).toHaveLength(1);
  });
});

describe('broken pipe', () => {
  it('when the reader closes early (| head) then exits 0 without a trace', async () => {
    const child = spawn(process.execPath, [CLI, LOG, '--crds', 'samples/seed-case'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
