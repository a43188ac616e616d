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
      { env: { PATH: process.env['PATH'], HOME: home, KUBECONFIG: join(home, 'none') }, timeout: 30_000 },
      (_err, _stdout, stderr) => resolve(String(stderr)),
    );
    child.stdin?.end();
  });
}
