/**
 * Running a real kubectl on a fix's command: against a closed loopback port, so kubectl must fail to
 * connect — a usage error (unknown flag, wrong arguments) means kubectl rejects the command.
 * Shared by kubectl-accepts.test.ts and kubectl-accepts-catalog.test.ts.
 */

import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
// Under CI (.ci/run installs it) a missing kubectl is a failure, not a skip: a skip would hide a missing install step.
if (process.env['CI'] && !hasKubectl) throw new Error('kubectl is not installed; .ci/run installs it');

export const USAGE_ERROR = /unknown (?:shorthand )?flag|unknown command|invalid argument|accepts \d+ arg|requires (?:at least|exactly)|required flag|flag needs an argument|See 'kubectl[^']*(?:-h|--help)'|^Usage:/im;

/** kubectl's stderr for `args`, run with an empty HOME and no kubeconfig against a closed port. */
export function runKubectl(args: string[], home: string): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      [...args, '--server=https://127.0.0.1:1', '--token=none', '--request-timeout=3s'],
      // One Go scheduler thread: kubectl parses and connects in one goroutine, and several kubectl
      // processes run at once here, so a thread per core only spins.
      { env: { PATH: process.env['PATH'], HOME: home, KUBECONFIG: join(home, 'none'), GOMAXPROCS: '1' }, timeout: 30_000 },
      (_err, _stdout, stderr) => resolve(String(stderr)),
    );
    child.stdin?.end();
  });
}

/** kubectl's commands that have subcommands (kubectl 1.32): the words after them name a command too. */
const GROUPS = new Set(['alpha', 'apply', 'auth', 'certificate', 'cluster-info', 'config', 'create', 'create secret', 'create service', 'plugin', 'rollout', 'set', 'top']);

/**
 * What kubectl's parsing of `args` depends on before it connects: the command path (`get`, `auth
 * can-i`, `create secret generic`), each flag's name, and how many other words stand where. A
 * resource type, an object's or a namespace's name are words kubectl cannot check without a server:
 * commands that differ only there get the same shape, and one kubectl run per shape does.
 * Conservative where a word might be a command: one directly after a flag that may take it as its
 * value stays as it is, so commands are never merged across subcommands.
 */
export function kubectlShape(args: readonly string[]): string {
  const path: string[] = [];
  return args
    .map((a, j) => {
      if (a.startsWith('-')) return a.split('=')[0]!;
      const prev = j > 0 ? args[j - 1]! : '';
      if (prev === '-n' || prev === '--namespace') return 'W';
      if (path.length === 0 || GROUPS.has(path.join(' '))) {
        // After `--flag` (no `=`) the word may be the flag's value: kept, but no part of the path.
        if (!(prev.startsWith('-') && !prev.includes('='))) path.push(a);
        return a;
      }
      return 'W';
    })
    .join(' ');
}

/**
 * Runs kubectl on each invocation, a few at a time (each mostly starts up and waits on a refused
 * connection), and returns a line for each one kubectl rejects with a usage error.
 */
export async function kubectlRejects(invocations: readonly { args: string[]; where: string }[], home: string, pool = 4): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < invocations.length) {
      const { args, where } = invocations[next++]!;
      const stderr = await runKubectl(args, home);
      if (USAGE_ERROR.test(stderr)) failures.push(`${where}\n    kubectl ${args.join(' ')}\n    ${stderr.trim().split('\n')[0]}`);
    }
  };
  await Promise.all(Array.from({ length: pool }, worker));
  return failures.sort();
}
