#!/usr/bin/env node
/**
 * Before/after throughput in one run: `node bench/compare.mjs OTHER_CLI [--mb N] [--runs N]` times
 * this build's `dist/cli/main.js` and OTHER_CLI (another build's main.js, e.g. of the previous
 * release) on the same generated klog and zap JSON files (the bench's, about 1% signature lines),
 * alternating, and prints the median wall time and MB/s of each, and the ratio.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './synthetic-logs.mjs';

const args = process.argv.slice(2);
const other = args[0];
if (!other) {
  console.error('usage: node bench/compare.mjs OTHER_CLI [--mb N] [--runs N]');
  process.exit(2);
}
const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const mb = opt('--mb', 50);
const runs = opt('--runs', 3);
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const { loadLibrary } = await import(new URL('../dist/library/load.js', import.meta.url).href);
const library = loadLibrary([]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (bin, path) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, '-q', '-o', 'json', path], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${bin} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
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
    const [ma, mb2] = [median(a), median(b)];
    console.log(`${kind.padEnd(5)} ${size.toFixed(0)} MB  this ${ma.toFixed(2)} s (${(size / ma).toFixed(1)} MB/s)  other ${mb2.toFixed(2)} s (${(size / mb2).toFixed(1)} MB/s)  this/other time ${(ma / mb2).toFixed(3)}`);
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
