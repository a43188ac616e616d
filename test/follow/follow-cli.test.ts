/**
 * Follow mode through the built CLI, fed slowly through stdin the way `kubectl logs -f` feeds it:
 * a real process, for the signals (SIGINT, SIGUSR1, SIGTERM) and the exit codes they lead to.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, runInProcess } from '../e2e/helpers.js';
import { FIRST_FINDING_LINE, SEED_CRD, seedLines, until } from './helpers.js';
import { tempDir } from '../tmp.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function follow(args: string[]) {
  const child = spawn(process.execPath, [CLI, '-f', '--crds', SEED_CRD, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}

describe('kube-log-doctor -f', () => {
  it('prints the first finding before the input ends, and on SIGINT the full diagnosis, exiting 0', async () => {
    const { child, out, exited } = follow([]);
    const lines = seedLines();
    child.stdin.write(lines.slice(0, FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => out.stdout.includes('gc-rest-mapping'), 'the first finding line');
    expect(child.exitCode).toBeNull();
    expect(child.stdin.writableEnded).toBe(false);
    expect(out.stdout.split('\n')[0]).toMatch(/^10:00:20Z ERROR {4}kind-case-mismatch {2}autoscaling\.aibrix\.ai\/v1alpha1\/PodAutoScaler default\/llama-7b-pa {2}Kind differs/);
    expect(out.stdout).not.toContain('full diagnosis');

    child.kill('SIGINT');
    const { code } = await exited;
    expect(code).toBe(0);
    expect(out.stdout).toContain('── stopped by SIGINT · full diagnosis ──');
    expect(out.stdout).toMatch(/kube-log-doctor: 2 findings · \d+ lines from 1 source/);
    expect(out.stdout).toMatch(/ERROR {4}kind-case-mismatch ×\d+ .*\[root cause\]/);
    expect(out.stderr).toBe('');
    // Announced once each, however many times they occur.
    expect(out.stdout.match(/^\d\d:\d\d:\d\dZ ERROR/gm)).toHaveLength(2);
  });

  it('prints what changed on SIGUSR1, and at end of input the diagnosis with the usual exit code', async () => {
    const { child, out, exited } = follow(['--fail-on', 'error']);
    const lines = seedLines();
    child.stdin.write(lines.slice(0, 30).join('\n') + '\n');
    await until(() => out.stdout.includes('gc-rest-mapping'), 'the first finding line');
    child.stdin.write(lines.slice(30).join('\n') + '\n');
    await until(() => {
      child.kill('SIGUSR1');
      return /^── \d\d:\d\d:\d\dZ · since .*· 50 lines/m.test(out.stdout);
    }, 'a change block covering all 50 lines');
    expect(out.stdout).toMatch(/^ {2}(new|\+\d+) +ERROR {4}gc-rest-mapping ×/m);
    child.stdin.end();
    const { code } = await exited;
    expect(code).toBe(1);
    expect(out.stdout).toContain('── end of input · full diagnosis ──');
    expect(out.stdout).toContain('kube-log-doctor: 2 findings · 50 lines from 1 source');
  });

  it('stops on SIGTERM too', async () => {
    const { child, out, exited } = follow([]);
    child.stdin.write(seedLines().slice(0, 30).join('\n') + '\n');
    await until(() => out.stdout.includes('gc-rest-mapping'), 'the first finding line');
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(out.stdout).toContain('── stopped by SIGTERM · full diagnosis ──');
  });

  it('with -o json keeps stdout one JSON document and shows the live lines on stderr', async () => {
    const { child, out, exited } = follow(['-o', 'json']);
    child.stdin.write(seedLines().slice(0, 30).join('\n') + '\n');
    await until(() => out.stderr.includes('gc-rest-mapping'), 'the first finding on stderr');
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['kind-case-mismatch', 'gc-rest-mapping']);
    expect(out.stderr).toContain('── stopped by SIGINT · full diagnosis ──');
  });

  it('follows a directory of many logs (a node has hundreds) with nothing on stderr but its own lines', async () => {
    const dir = tempDir('kld-many-');
    const lines = seedLines();
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `pod-${i}.log`), `${lines[i % lines.length]}\n`);
    const { child, out, exited } = follow(['-o', 'json', dir]);
    await until(() => out.stderr.includes('gc-rest-mapping'), 'the first finding on stderr');
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
    expect(JSON.parse(out.stdout).stats.inputs.files).toBe(40);
    // Node's MaxListenersExceededWarning came out here once 11 files were followed.
    expect(out.stderr).not.toMatch(/Warning|\(node:/);
  });

  it('refuses options that need another mode, in one line with exit code 2 (in-process)', async () => {
    const interval = await runInProcess(['--interval', '5', 'samples/seed-case']);
    expect(interval.code).toBe(2);
    expect(interval.stderr).toBe('kube-log-doctor: --interval only applies with --follow (-f).\n');
    const bad = await runInProcess(['-f', '--interval', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kube-log-doctor: option '--interval <seconds>' argument '0' is invalid\. expected a positive number of seconds\.\n/);
    const both = await runInProcess(['-f', '--tui']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('kube-log-doctor: --tui and --follow are two ways of watching a live input; choose one.\n');
    const selection = await runInProcess(['--print-selection', 'x.txt', 'samples/seed-case']);
    expect(selection.code).toBe(2);
    expect(selection.stderr).toBe('kube-log-doctor: --print-selection only applies with --tui (or the tui command).\n');
  });
});
