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

/** Runs the CLI in this process (`run(argv, io)`), with its own stdin, stdout, stderr, environment and working directory. */
export async function runInProcess(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  // From the build, as users run it (worker threads start from dist/).
  const { run } = await import('../../dist/cli/program.js');
  const { PassThrough, Writable } = await import('node:stream');
  const sink = () => {
    const chunks: string[] = [];
    const w = new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    });
    return { w, text: () => chunks.join('') };
  };
  const out = sink();
  const err = sink();
  const stdin = new PassThrough();
  stdin.end(opts.input ?? '');
  const code = await run(['node', 'kube-log-doctor', ...args], { stdout: out.w, stderr: err.w, env: { NO_COLOR: '1', ...opts.env }, stdin, ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }) });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `runInProcess` with `-o json`, the report parsed. */
export async function runJson(args: string[], opts: { input?: string | Buffer; cwd?: string } = {}): Promise<{ code: number | null; report: any; stderr: string }> {
  const r = await runInProcess([...args, '-o', 'json'], opts);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
}
