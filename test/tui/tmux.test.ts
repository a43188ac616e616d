/**
 * The built CLI in a real terminal: tmux runs it, keys go in with send-keys, and the screen comes
 * back with capture-pane. Skipped (and says so) only where tmux is not installed.
 */

import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT } from '../e2e/helpers.js';
import { SEED_CRD, SEED_LOG } from './helpers.js';
import { tempDir } from '../tmp.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// Under CI (.ci/run installs it) a missing tmux is a failure, not a skip: a skip would hide a missing install step.
if (process.env['CI'] && !hasTmux) throw new Error('tmux is not installed; .ci/run installs it');
const SOCKET = `kld-test-${process.pid}`;
const dir = tempDir('kld-tmux-');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts `command` in a detached 100×30 pane; the shell reports the exit code when it ends. */
function startPane(name: string, command: string): void {
  const script = `cd ${quote(ROOT)} && ${command}; echo "EXIT=$?"; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', 'TERM=xterm-256color', 'sh', '-c', script);
}

const screen = (name: string) => tmux('capture-pane', '-p', '-t', name);

async function waitFor(name: string, check: (s: string) => boolean, what: string): Promise<string> {
  const started = Date.now();
  for (;;) {
    const s = screen(name);
    if (check(s)) return s;
    if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${what}; the screen was:\n${s}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keys = (name: string, ...k: string[]) => tmux('send-keys', '-t', name, ...k);
const cursorRow = (s: string) => s.split('\n').find((l) => l.startsWith('›')) ?? '';

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

// The three sessions run at once (each its own pane, files and process): the file mostly waits
// on the programs in them, so one after another it took the sum of their times.
describe.skipIf(!hasTmux)(hasTmux ? 'TUI in a real terminal (tmux)' : 'TUI in a real terminal — SKIPPED: tmux is not installed', { concurrent: true }, () => {
  it('shows the seed case, navigates by keys, and writes the chosen fix command on exit', async () => {
    const selection = join(dir, 'selection.txt');
    startPane('seed', `node ${quote(CLI)} tui samples/seed-case --print-selection ${quote(selection)}`);
    // The UI draws while it reads: wait for the end of input, not just the first findings.
    let s = await waitFor('seed', (x) => x.includes('kind-case-mismatch') && x.includes('✓ end of input'), 'the findings');
    expect(s).toMatch(/^kube-log-doctor {2}samples\/seed-case {2}✓ end of input {2}50 lines/m);
    expect(s).toContain('2 findings  0 critical  2 error  0 warning  0 info');
    expect(cursorRow(s)).toMatch(/^› ERROR {4}20 {2}kind-case-mismatch {2}◆ root cause/);
    expect(s).toContain('registers it as PodAutoscaler');
    expect(s).not.toContain('Raw mode');

    keys('seed', 'j');
    s = await waitFor('seed', (x) => cursorRow(x).includes('gc-rest-mapping'), 'j to move down');
    keys('seed', 'Enter');
    s = await waitFor('seed', (x) => /rows 1–\d+ of \d+/.test(x), 'the details pane');
    expect(s.split('\n')[4]).toBe('ERROR  gc-rest-mapping  ×20');
    expect(s).toContain('caused by kind-case-mismatch (fix that first)');
    keys('seed', 'Escape');
    await waitFor('seed', (x) => cursorRow(x).includes('gc-rest-mapping'), 'Esc back to the list');
    keys('seed', 'K');
    await waitFor('seed', (x) => cursorRow(x).includes('autoscaling.aibrix.ai/v1alpha1/PodAutoScaler'), 'the kinds view');
    keys('seed', 'Tab');
    keys('seed', '?');
    await waitFor('seed', (x) => /K Tab +switch between the findings view and the kinds view/.test(x), 'help');
    keys('seed', 'Escape');
    // Wait for each key to land: a key sent right after Escape would be read as Alt+key.
    await waitFor('seed', (x) => !x.includes('Marks'), 'Esc to close help');
    keys('seed', 'k');
    await waitFor('seed', (x) => cursorRow(x).includes('kind-case-mismatch'), 'k to move up');
    keys('seed', 'Enter');
    await waitFor('seed', (x) => /rows 1–\d+ of \d+/.test(x), 'the details pane');
    keys('seed', 'c');
    s = await waitFor('seed', (x) => x.includes('✓ on exit: kubectl'), 'c to choose a fix command');
    const chosen = /✓ on exit: (.*)/.exec(s)![1]!.trim();
    keys('seed', 'q');
    s = await waitFor('seed', (x) => x.includes('EXIT='), 'the program to end');
    expect(s).toContain('EXIT=0');
    expect(s).not.toContain('kube-log-doctor  samples/seed-case'); // the alternate screen is gone
    const written = readFileSync(selection, 'utf8');
    expect(written.startsWith(chosen.replace(/…$/, ''))).toBe(true);
    expect(written).toMatch(/^kubectl .*\n$/);
  });

  it('updates live from a pipe, reading keys from the terminal, and prints the chosen command on exit', async () => {
    const fifo = join(dir, 'logs.fifo');
    execFileSync('mkfifo', [fifo]);
    startPane('live', `node ${quote(CLI)} tui --crds ${quote(SEED_CRD)} < ${quote(fifo)}`);
    const feed = createWriteStream(fifo);
    const lines = readFileSync(join(ROOT, SEED_LOG), 'utf8').trimEnd().split('\n');
    feed.write(lines.slice(0, 27).join('\n') + '\n');
    let s = await waitFor('live', (x) => x.includes('27 lines'), 'the first lines');
    expect(s).toContain('● reading');
    expect(s).toContain('No findings yet — reading…');

    feed.write(lines.slice(27, 30).join('\n') + '\n');
    s = await waitFor('live', (x) => /ERROR +3 {2}gc-rest-mapping/.test(x), 'the first findings, live');
    expect(cursorRow(s)).toContain('kind-case-mismatch');
    keys('live', 'j');
    await waitFor('live', (x) => cursorRow(x).includes('gc-rest-mapping'), 'a key read from the terminal while stdin is the pipe');

    feed.write(lines.slice(30).join('\n') + '\n');
    s = await waitFor('live', (x) => /ERROR +20 {2}gc-rest-mapping/.test(x), 'the counts to grow');
    expect(cursorRow(s)).toContain('gc-rest-mapping');
    expect(s).toContain('● reading');

    keys('live', 'Enter', 'c', 'q');
    s = await waitFor('live', (x) => x.includes('EXIT='), 'the program to end while the pipe is still open');
    expect(s).toContain('EXIT=0');
    expect(s).toMatch(/^kubectl api-resources --api-group=autoscaling\.aibrix\.ai/m);
    expect(s).not.toContain('Raw mode');
    feed.end();
  });

  it('on SIGTERM leaves the terminal as it found it and exits cleanly', async () => {
    startPane('term', `echo before-tui; node ${quote(CLI)} tui samples/seed-case`);
    await waitFor('term', (x) => x.includes('kind-case-mismatch'), 'the findings');
    const shell = tmux('list-panes', '-t', 'term', '-F', '#{pane_pid}').trim();
    const node = execFileSync('pgrep', ['-P', shell, 'node'], { encoding: 'utf8' }).trim();
    process.kill(Number(node), 'SIGTERM');
    const s = await waitFor('term', (x) => x.includes('EXIT='), 'the program to end');
    expect(s).toContain('EXIT=0');
    // Back on the normal screen: what was there before the TUI, and none of the TUI.
    expect(s).toContain('before-tui');
    expect(s).not.toContain('kind-case-mismatch');
  });
});
