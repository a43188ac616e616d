#!/usr/bin/env node
/**
 * Whether workers pay: times the built CLI with the default `--jobs auto` against `--jobs 1` on the
 * sample bundles and on a directory of 20,000 small logs (generated here), alternating the two so
 * that the machine's drift hits both alike, and checks that both give byte-identical JSON.
 * Prints the median wall time of each and the ratio (auto ÷ 1: at most 1× means workers never cost).
 *
 * Usage: npm run build && node bench/jobs.mjs [--runs N] [--files N]
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const runs = opt('--runs', 3);
const fileCount = opt('--files', 20_000);
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');

const dir = mkdtempSync(join(tmpdir(), 'kld-jobs-'));
const many = join(dir, 'many');
spawnSync('mkdir', ['-p', many]);
for (let i = 0; i < fileCount; i++) {
  const lines = [`E0501 10:00:09.512515       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Widget${i % 50}."`];
  for (let j = 0; j < 8; j++) lines.push(`I0501 10:00:09.512515       1 controller.go:100] "Reconciling" object="ns/name-${j}" generation=${i} resourceVersion="${i * 10 + j}"`);
  writeFileSync(join(many, `pod-${String(i).padStart(5, '0')}.log`), lines.join('\n') + '\n');
}

const cases = [
  ['samples/seed-case', join(ROOT, 'samples/seed-case')],
  ['samples/bundles/must-gather.tar.gz', join(ROOT, 'samples/bundles/must-gather.tar.gz')],
  ['samples/bundles/cluster-info-dump', join(ROOT, 'samples/bundles/cluster-info-dump')],
  [`${fileCount.toLocaleString('en-US')} small logs`, many],
];

function time(path, jobs) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, path, '-o', 'json', '-q', '--jobs', jobs], { maxBuffer: 256 * 1024 * 1024 });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, out: r.stdout.toString() };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`runs: ${runs} each, alternating\n`);
console.log('input'.padEnd(40), '--jobs auto'.padStart(12), '--jobs 1'.padStart(10), 'auto ÷ 1'.padStart(10), '  same JSON');
for (const [name, path] of cases) {
  const auto = [];
  const one = [];
  let same = true;
  for (let i = 0; i < runs; i++) {
    const a = time(path, 'auto');
    const b = time(path, '1');
    auto.push(a.seconds);
    one.push(b.seconds);
    same &&= a.out === b.out;
  }
  const [ma, mb] = [median(auto), median(one)];
  console.log(name.padEnd(40), `${ma.toFixed(2)} s`.padStart(12), `${mb.toFixed(2)} s`.padStart(10), `${(ma / mb).toFixed(2)}×`.padStart(10), `  ${same ? 'yes' : 'NO'}`);
}
rmSync(dir, { recursive: true, force: true });
