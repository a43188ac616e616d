#!/usr/bin/env node
/**
 * Keyword automaton memory: the bundled library plus N generated user keywords (default 100,000),
 * as `--patterns` would bring them. Writes the keywords into pattern files in a temporary
 * directory, then runs the built CLI on a small log with them and reports its peak RSS and wall
 * time (and the same without the extra patterns, for comparison).
 *
 * Usage: npm run build && node bench/automaton-memory.mjs [--keywords N] [--files K] [--jobs J] [--keep]
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : Number(args[i + 1]);
};
const keywords = opt('--keywords', 100_000);
const files = opt('--files', 10);
const jobs = opt('--jobs', 0);
const keep = args.includes('--keep');

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
if (!existsSync(cli)) {
  console.error('automaton-memory: dist/cli/main.js is missing; run `npm run build` first.');
  process.exit(2);
}

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'failed unable cannot sync reconcile widget gadget operator controller webhook certificate lease timeout refused denied quota volume claim node pod replica deployment secret config map service endpoint ingress route status update patch delete create watch list informer cache'.split(' ');
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-_./:';

/** Keywords like an operator's messages: a few words and an identifier, 16–48 characters. */
function generate(n) {
  const random = rng(42);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const out = new Set();
  while (out.size < n) {
    let k = `${pick(WORDS)} ${pick(WORDS)} `;
    const idLength = 6 + Math.floor(random() * 24);
    for (let i = 0; i < idLength; i++) k += pick(CHARS);
    out.add(k);
  }
  return [...out];
}

const yamlString = (s) => `'${s.replace(/'/g, "''")}'`;

function patternFile(id, kws) {
  return `id: ${id}
family: ${id}
title: Generated signature ${id}
severity: warning
match:
  keywords:
${kws.map((k) => `    - ${yamlString(k)}`).join('\n')}
  regex: 'generated (?<name>[a-z]+)'
diagnosis: Generated.
explanation: Generated for the automaton memory bench.
causes: [Generated.]
fixes: ["Nothing to fix."]
examples:
  match: ['E0101 00:00:00.000000       1 w.go:1] generated thing']
  nomatch: ['I0101 00:00:00.000000       1 w.go:1] nothing here']
`;
}

const dir = mkdtempSync(join(tmpdir(), 'kld-automaton-'));
const patterns = join(dir, 'patterns');
spawnSync('mkdir', ['-p', patterns]);
const all = generate(keywords);
const per = Math.ceil(all.length / files);
for (let f = 0; f < files; f++) writeFileSync(join(patterns, `gen-${f}.yaml`), patternFile(`gen-${f}`, all.slice(f * per, (f + 1) * per)));
const totalLength = all.reduce((n, k) => n + k.length, 0);
// With --jobs, a directory of four logs, so that worker threads start (one small file is read in this thread).
const log = jobs ? join(dir, 'logs') : join(dir, 'small.log');
if (jobs) spawnSync('mkdir', ['-p', log]);
for (let f = 0; f < (jobs ? 4 : 1); f++) {
  const lines = [];
  for (let i = 0; i < 2000; i++) lines.push(`E0101 00:00:${String(i % 60).padStart(2, '0')}.000000       1 w.go:1] ${all[(i * 7 + f) % all.length]} generated thing`);
  writeFileSync(jobs ? join(log, `part-${f}.log`) : log, lines.join('\n') + '\n');
}

function run(extra) {
  const argv = [cli, '-o', 'json', ...(jobs ? ['--jobs', String(jobs)] : []), ...extra, log];
  const useTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(process.execPath, ['--import', fileURLToPath(new URL('./report-rss.mjs', import.meta.url)), ...argv], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] : /kld-bench-maxrss-kb=(\d+)/.exec(r.stderr)?.[1];
  const findings = r.status === 0 ? JSON.parse(r.stdout).findings.length : null;
  return { code: r.status, seconds, rssMb: kb ? Number(kb) / 1024 : null, findings, error: r.status === 0 ? '' : r.stderr.split('\n').filter((l) => l.startsWith('kube-log-doctor') || l.includes('Error')).slice(0, 2).join(' | ') };
}

console.log(`automaton memory: ${all.length} generated keywords (${(totalLength / 1e6).toFixed(2)} M characters) in ${files} files${jobs ? `, --jobs ${jobs}` : ''}`);
for (const [name, extra] of [
  ['bundled library only', []],
  [`bundled + ${all.length} keywords`, ['--patterns', patterns]],
]) {
  const r = run(extra);
  console.log(`${name.padEnd(32)} exit ${r.code}  ${r.seconds.toFixed(2)} s  peak RSS ${r.rssMb === null ? '?' : r.rssMb.toFixed(0)} MB  findings ${r.findings ?? '-'}${r.error ? `  ${r.error}` : ''}`);
}
if (keep) console.log(`files kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
