/** `-f -o ndjson`: a machine-readable stream of new and grown findings, fed slowly through stdin. */

import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI, ROOT } from '../e2e/helpers.js';
import { FIRST_FINDING_LINE, SEED_CRD, seedLines, until } from './helpers.js';

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function follow(args: string[]) {
  const child = spawn(process.execPath, [CLI, '-f', '-o', 'ndjson', '--crds', SEED_CRD, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const events = () => out.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  return { child, out, exited, events };
}

describe('kube-log-doctor -f -o ndjson', () => {
  it('streams each new finding at once, each grown one on SIGUSR1, and ends with the report', async () => {
    const { child, out, exited, events } = follow(['--fail-on', 'error']);
    const lines = seedLines();
    child.stdin.write(lines.slice(0, FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => events().length >= 2, 'the first findings');
    // Before the input ends: one `new` event per finding, root cause first, nothing else on stdout.
    expect(events().map((e) => [e.event, e.finding.id, e.finding.count])).toEqual([
      ['new', 'kind-case-mismatch', 1],
      ['new', 'gc-rest-mapping', 1],
    ]);
    child.stdin.write(lines.slice(FIRST_FINDING_LINE).join('\n') + '\n');
    await until(() => {
      child.kill('SIGUSR1');
      return events().some((e) => e.event === 'grew' && e.finding.id === 'gc-rest-mapping' && e.finding.count === 20);
    }, 'a grew event with every occurrence');
    const grew = events().filter((e) => e.event === 'grew' && e.finding.id === 'gc-rest-mapping');
    // The growth adds up: 1 at first, then the sum of the `by`s.
    expect(1 + grew.reduce((n, e) => n + e.by, 0)).toBe(20);
    child.stdin.end();
    expect(await exited).toBe(1);
    const all = events();
    const end = all[all.length - 1];
    expect(end).toMatchObject({ event: 'end', reason: 'end of input' });
    expect(end.report.findings.map((f: any) => [f.id, f.count])).toEqual([
      ['kind-case-mismatch', 20],
      ['gc-rest-mapping', 20],
    ]);
    expect(all.filter((e) => e.event === 'new')).toHaveLength(2);
    expect(out.stderr).toBe('');
  });
});
