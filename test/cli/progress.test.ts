/**
 * Progress only where it helps: the bar appears after a second of work, only on a terminal, never
 * with TERM=dumb; a terminal on stdin with no path gets one hint line instead of a silent wait.
 * In-process runs with a fake Io (isTTY flags) and a fake clock: no timing is measured.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { progressBar } from '../../dist/report/progress.js';
import { run } from '../../dist/cli/program.js';
import { STDIN_HINT } from '../../dist/cli/commands/analyze.js';
import { ROOT } from '../e2e/helpers.js';
import { terminal } from '../fake-terminal.js';


describe('progress bar delay', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('a run that ends within a second draws nothing at all', () => {
    const t = terminal(true);
    const bar = progressBar(t.stream, false, { now })!;
    bar.start(1000, 1);
    bar.current('a.log');
    clock = 400;
    bar.advance(600);
    clock = 999;
    bar.advance(400);
    bar.stop();
    vi.advanceTimersByTime(5000);
    expect(t.text()).toBe('');
  });

  it('after a second of work the bar appears, with what was done so far', () => {
    const t = terminal(true);
    const bar = progressBar(t.stream, false, { now })!;
    bar.start(4 * 1024 * 1024, 1);
    bar.current('big.log');
    clock = 500;
    bar.advance(1024 * 1024);
    expect(t.text()).toBe('');
    clock = 1000;
    bar.advance(1024 * 1024);
    expect(t.text()).toContain('50% | 2 MiB of 4 MiB');
    expect(t.text()).toContain('big.log');
    bar.stop();
  });

  it('a run that waits (no updates) shows the bar once its timer fires after a second', () => {
    const t = terminal(true);
    const bar = progressBar(t.stream, false, { now })!;
    bar.start(2048, 1);
    bar.advance(1024);
    clock = 999;
    vi.advanceTimersByTime(999);
    expect(t.text()).toBe('');
    clock = 1000;
    vi.advanceTimersByTime(1);
    expect(t.text()).toContain('50% | 1 KiB of 2 KiB');
    bar.stop();
  });
});

/** An in-process run with stdin and stderr as terminals or not. */
async function runWith(args: string[], opts: { stdinTty: boolean; stderrTty: boolean; env?: NodeJS.ProcessEnv }) {
  const out = terminal(false);
  const err = terminal(opts.stderrTty);
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (opts.stdinTty) stdin.isTTY = true;
  stdin.end('E0612 10:00:20.717515       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Widget."\n');
  const code = await run(['node', 'kube-log-doctor', ...args], { stdout: out.stream, stderr: err.stream, stdin, env: { NO_COLOR: '1', ...opts.env } });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('standard input hint', () => {
  const hint = `kube-log-doctor: ${STDIN_HINT}\n`;

  it('a terminal on stdin and no path: one hint line on stderr, then the logs typed are read', async () => {
    expect(STDIN_HINT).toBe('reading logs from standard input; pipe `kubectl logs …` in, or press Ctrl-D');
    for (const args of [[], ['-'], ['-o', 'json']]) {
      const r = await runWith(args, { stdinTty: true, stderrTty: false });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(hint);
      expect(r.stdout).toContain('gc-rest-mapping');
    }
    const follow = await runWith(['-f'], { stdinTty: true, stderrTty: false });
    expect(follow.stderr).toBe(hint);
  });

  it('no hint for a pipe, for named paths, or with --quiet', async () => {
    expect((await runWith([], { stdinTty: false, stderrTty: false })).stderr).toBe('');
    expect((await runWith([`${ROOT}samples/seed-case`], { stdinTty: true, stderrTty: false })).stderr).toBe('');
    expect((await runWith(['-q'], { stdinTty: true, stderrTty: false })).stderr).toBe('');
  });

});
