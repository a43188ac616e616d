/**
 * Runs a command for a bench: wall seconds, and — under /usr/bin/time -v when it is there — CPU
 * seconds and peak RSS in MB (else the child's own report, see report-rss.mjs), exit code, stdout.
 * Shared by bench/run.mjs and bench/versus.mjs.
 */

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TIME = '/usr/bin/time';
export const haveTime = existsSync(TIME);
/** Loaded into the analyser (`node --import`) when /usr/bin/time is missing: it prints its peak RSS on exit. */
export const rssHook = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

/** `measure: false` runs the command bare (no /usr/bin/time): wall time only. */
export function runTimed(cmd, argv, { measure = true, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const useTime = measure && haveTime;
    const file = useTime ? TIME : cmd;
    const fullArgs = useTime ? ['-v', cmd, ...argv] : argv;
    const start = process.hrtime.bigint();
    const child = spawn(file, fullArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const rssLine = /Maximum resident set size \(kbytes\): (\d+)/.exec(err) ?? /kld-bench-maxrss-kb=(\d+)/.exec(err);
      const user = /User time \(seconds\): ([\d.]+)/.exec(err);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
      const exit = /Exit status: (\d+)/.exec(err);
      resolve({
        wall,
        cpu: user && sys ? Number(user[1]) + Number(sys[1]) : null,
        rss: rssLine ? Number(rssLine[1]) / 1024 : null,
        code: exit ? Number(exit[1]) : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err,
      });
    });
  });
}
