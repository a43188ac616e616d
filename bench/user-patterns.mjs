#!/usr/bin/env node
/**
 * What custom patterns cost at start-up: times the built CLI on the seed case without --patterns,
 * then with a directory of 1 and of 8 user signatures whose regexes RE2 cannot run (lookaheads,
 * so recheck must vouch for them): the first run with an empty cache ($XDG_CACHE_HOME), then the
 * second with the verdicts cached. Also with 8 regexes RE2 runs (no recheck at all). Prints the
 * median wall time of each and what it adds to the run without patterns (target: second run
 * < 0.2 s more), and the median CPU time (user + system, from /usr/bin/time when it is there),
 * which a busy machine disturbs less than wall time.
 *
 * Usage: npm run build && node bench/user-patterns.mjs [--runs N]
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const SEED = join(ROOT, 'samples/seed-case');
const dir = mkdtempSync(join(tmpdir(), 'kld-bench-patterns-'));

const signature = (i, regex) => `id: bench-signature-${i}
family: bench
title: Bench signature ${i}
severity: warning
match:
  keywords: ["widget ${i} exploded"]
  regex: '${regex}'
diagnosis: Widget exploded.
explanation: Widgets explode when overfilled.
causes: [Overfilled widget.]
fixes: ["Refill less."]
examples:
  match: ['E0101 00:00:00.000000       1 w.go:1] widget ${i} exploded: name=abc']
  nomatch: ['I0101 00:00:00.000000       1 w.go:1] widget ok']
`;

function patternDir(name, count, regexOf) {
  const d = join(dir, name);
  mkdirSync(d);
  for (let i = 0; i < count; i++) writeFileSync(join(d, `p${i}.yaml`), signature(i, regexOf(i)));
  return d;
}

// Lookaheads: RE2 has none, so each regex goes to recheck (a different regex each, no sharing).
const lookahead = (i) => `widget ${i} exploded: (?=name)name=(?<name>[a-z]{1,${20 + i}})`;
const plain = (i) => `widget ${i} exploded: name=(?<name>[a-z]{1,${20 + i}})`;

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall time of one run, and its CPU time (user + system) when /usr/bin/time can tell. */
function time(argv, env) {
  const cmd = [process.execPath, CLI, SEED, '-q', '-o', 'json', ...argv];
  const t = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'cpu %U %S', ...cmd], { env: { ...process.env, ...env }, encoding: 'utf8' })
    : spawnSync(cmd[0], cmd.slice(1), { env: { ...process.env, ...env }, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(2)} s`;
const both = (xs, base) => {
  const w = median(xs.map((x) => x.wall));
  const c = median(xs.map((x) => x.cpu));
  return base ? `${fmt(w)} (+${fmt(w - base.w)}), cpu ${fmt(c)} (+${fmt(c - base.c)})` : `${fmt(w)}, cpu ${fmt(c)}`;
};

const cases = [
  ['1 lookahead regex', patternDir('one', 1, lookahead)],
  ['8 lookahead regexes', patternDir('eight', 8, lookahead)],
  ['8 RE2 regexes', patternDir('eight-re2', 8, plain)],
];
const base = [];
const rows = cases.map(([name]) => ({ name, first: [], second: [] }));
for (let r = 0; r < runs; r++) {
  base.push(time([], { XDG_CACHE_HOME: join(dir, `cache-base-${r}`) }));
  cases.forEach(([, pdir], c) => {
    const cache = join(dir, `cache-${c}-${r}`);
    rows[c].first.push(time(['--patterns', pdir], { XDG_CACHE_HOME: cache }));
    rows[c].second.push(time(['--patterns', pdir], { XDG_CACHE_HOME: cache }));
  });
}
const b = { w: median(base.map((x) => x.wall)), c: median(base.map((x) => x.cpu)) };
console.log(`runs: ${runs} (medians of the CLI on samples/seed-case: wall time, and CPU time user + system)`);
console.log(`no --patterns          ${both(base)}`);
for (const row of rows) {
  console.log(`${row.name.padEnd(22)} first run   ${both(row.first, b)}`);
  console.log(`${''.padEnd(22)} second run  ${both(row.second, b)}`);
}
rmSync(dir, { recursive: true, force: true });
