/** Runs the built CLI as a child process, the way a user does. */

import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    input: opts.input ?? '',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runCliJson(args: string[], opts: { input?: string | Buffer } = {}): { code: number | null; report: any; stderr: string } {
  const r = runCli([...args, '-o', 'json'], opts);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
}

export { spawn };
