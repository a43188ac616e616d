#!/usr/bin/env node
/**
 * What custom patterns cost at start-up: times the built CLI on the seed case without --patterns,
 * then with a directory of 1 and of 8 user signatures whose regexes RE2 cannot run (lookaheads,
 * so recheck must vouch for them): the first run with an empty cache ($XDG_CACHE_HOME), then the
 * second with the verdicts cached. Also with 8 regexes RE2 runs (no recheck at all). Prints the
 * median wall time of each and what it adds to the run without patterns (target: second run
 * < 0.2 s more).
 *
 * Usage: npm run build && node bench/user-patterns.mjs [--runs N]
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function time(argv, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, SEED, '-q', '-o', 'json', ...argv], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return s;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (s) => `${s.toFixed(3)} s`;

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
const b = median(base);
console.log(`runs: ${runs} (median wall time of the CLI on samples/seed-case)`);
console.log(`no --patterns                      ${fmt(b)}`);
for (const row of rows) {
  const f = median(row.first);
  const s = median(row.second);
  console.log(`${row.name.padEnd(22)} first run  ${fmt(f)} (+${fmt(f - b)})   second run  ${fmt(s)} (+${fmt(s - b)})`);
}
rmSync(dir, { recursive: true, force: true });
