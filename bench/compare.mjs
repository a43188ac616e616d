#!/usr/bin/env node
/**
 * Before/after throughput in one run: `node bench/compare.mjs OTHER_CLI [--mb N] [--runs N]` times
 * this build's `dist/cli/main.js` and OTHER_CLI (another build's main.js, e.g. of the previous
 * release) on the same generated klog and zap JSON files (the bench's, about 1% signature lines),
 * alternating, and prints the median wall time, MB/s and CPU seconds (user + system, from
 * /usr/bin/time; the better measure on a busy machine) of each, and the ratios. `--jobs N` passes
 * `--jobs` to both (default: each build's default).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './synthetic-logs.mjs';

const args = process.argv.slice(2);
const other = args[0];
if (!other) {
  console.error('usage: node bench/compare.mjs OTHER_CLI [--mb N] [--runs N] [--jobs N]');
  process.exit(2);
}
const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const mb = opt('--mb', 50);
const runs = opt('--runs', 3);
const jobs = args.includes('--jobs') ? ['--jobs', args[args.indexOf('--jobs') + 1]] : [];
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const { loadLibrary } = await import(new URL('../dist/library/load.js', import.meta.url).href);
const library = loadLibrary([]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME);
/** Wall and CPU seconds of one run (CPU NaN without /usr/bin/time). */
const time = (bin, path) => {
  const t = process.hrtime.bigint();
  const argv = [bin, '-q', '-o', 'json', ...jobs, path];
  const r = haveTime
    ? spawnSync(TIME, ['-f', 'kld-cpu %U %S', process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  // Exit 1 is --fail-on's; a report must have been written either way.
  if ((r.status !== 0 && r.status !== 1) || !String(r.stdout).startsWith('{')) throw new Error(`${bin} exited ${r.status}: ${r.stderr}`);
  const cpu = /kld-cpu ([\d.]+) ([\d.]+)/.exec(String(r.stderr));
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN };
};

const dir = mkdtempSync(join(tmpdir(), 'kld-compare-'));
try {
  for (const [kind, seed] of [['klog', 1], ['zap', 2]]) {
    const path = join(dir, `${kind}.log`);
    const size = (await writeLog(path, kind, mb * 1e6, library.patterns, { seed })) / 1e6;
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      a.push(time(cli, path));
      b.push(time(other, path));
    }
    const [ma, mb2] = [median(a.map((x) => x.wall)), median(b.map((x) => x.wall))];
    const [ca, cb] = [median(a.map((x) => x.cpu)), median(b.map((x) => x.cpu))];
    console.log(
      `${kind.padEnd(5)} ${size.toFixed(0)} MB  this ${ma.toFixed(2)} s (${(size / ma).toFixed(1)} MB/s, ${ca.toFixed(2)} s CPU)  other ${mb2.toFixed(2)} s (${(size / mb2).toFixed(1)} MB/s, ${cb.toFixed(2)} s CPU)  this/other: time ${(ma / mb2).toFixed(3)}, CPU ${(ca / cb).toFixed(3)}`,
    );
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
