#!/usr/bin/env node
/**
 * The analyser against lnav and ripgrep on realistic inputs (bench/realistic-logs.mjs: objects and
 * kinds varied in every signature line, near misses, a mixed-format file, a must-gather tarball,
 * a gzipped log). For each input it times, alternating and taking the median of `--runs`:
 *
 * - `kube-log-doctor -q -o json FILE` with default settings (`--jobs auto`) and with `--jobs 1`
 *   (and checks that both give the same JSON);
 * - `lnav -n -c ';SELECT count(*) FROM all_logs' FILE` (its indexing: every line parsed once),
 *   when lnav is installed (`apt-get install lnav`);
 * - `rg -c -F -f KEYWORDS FILE` (every signature's keywords, as bench/run.mjs gives grep), when
 *   ripgrep is installed (`apt-get install ripgrep`); `-z` for compressed inputs.
 *
 * It prints MB/s (of uncompressed log bytes), the ratios kld ÷ lnav and kld ÷ rg (above 1× the
 * analyser is faster), peak RSS, and the analyser's peak RSS for 100 MB and 2 GB of the same log.
 * `--scaling` also times one 500 MB file with `--jobs 1`, `--jobs 2`, and two `--jobs 1` runs at
 * once (what two busy cores give this work on this machine).
 *
 * Usage: npm run bench -- --versus [--quick] [--runs N] [--keep] [--scaling] [--only klog,zap,...] [--dir DIR]
 *   --dir DIR  make the inputs there, or take those made there before (and keep them)
 *   --cli PATH time that build of the analyser instead of this one's dist/cli/main.js
 *   --before PATH  also time that build (default settings), alternating, for before/after figures
 *        node bench/versus.mjs [same options]
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveTime, rssHook, runTimed as run } from './timed-run.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const scaling = args.includes('--scaling');
/** Only make the inputs (with --dir, to time them later). */
const makeOnly = args.includes('--make-only');
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt('--runs', quick ? 1 : 3));
const only = opt('--only', null)?.split(',');
const dirArg = opt('--dir', null);

const MB = 1e6;
const sizes = quick
  ? { log: 50 * MB, mixed: 30 * MB, gather: 30 * MB, gz: 30 * MB, small: 20 * MB, large: 200 * MB, scaling: 50 * MB }
  : { log: 500 * MB, mixed: 200 * MB, gather: 300 * MB, gz: 200 * MB, small: 100 * MB, large: 2000 * MB, scaling: 500 * MB };

const root = fileURLToPath(new URL('..', import.meta.url));
/** `--cli PATH`: time another build of the analyser (say, the previous release's dist/cli/main.js). */
const cli = opt('--cli', null) ?? join(root, 'dist/cli/main.js');
/** `--before PATH`: also time that build (default settings) in the same alternation, as the "before" column. */
const before = opt('--before', null);
if (!existsSync(cli)) {
  console.error('bench: dist/cli/main.js is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { loadLibrary } = await import(new URL('../dist/library/load.js', import.meta.url).href);
const { signatureKeywords } = await import(new URL('../dist/match/matcher.js', import.meta.url).href);
const { writeRealisticLog, writeMustGather } = await import('./realistic-logs.mjs');
const library = loadLibrary([]);

/** Whether a command runs (`cmd --version`). */
function have(cmd) {
  return new Promise((resolve) => {
    const c = spawn(cmd, ['--version'], { stdio: 'ignore' });
    c.on('error', () => resolve(false));
    c.on('close', (code) => resolve(code === 0));
  });
}

async function kld(path, jobs, build = cli) {
  const argv = [...(haveTime ? [] : ['--import', rssHook]), build, '-q', '-o', 'json', ...(jobs ? ['--jobs', String(jobs)] : []), path];
  const r = await run(process.execPath, argv);
  if (r.code !== 0 && r.code !== 1) throw new Error(`analyser exited ${r.code} on ${path}:\n${r.stderr.slice(-2000)}`);
  return r;
}

async function lnav(path, home) {
  const r = await run('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs', path], { env: { ...process.env, HOME: home, TERM: 'dumb' } });
  if (r.code !== 0) throw new Error(`lnav exited ${r.code} on ${path}: ${r.stderr.slice(-500)}`);
  return r;
}

async function rg(path, keywordsFile, compressed) {
  const r = await run('rg', ['-c', '-F', ...(compressed ? ['-z'] : []), '-f', keywordsFile, path]);
  if (r.code > 1) throw new Error(`rg exited ${r.code}: ${r.stderr}`);
  return r;
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const fmt = (n, d = 1) => (n === null || n === undefined ? '-' : n.toFixed(d));
const pad = (s, w) => String(s).padStart(w);

/** Distinct objects and kinds the report names per finding family (the most of any family). */
function variety(json) {
  const report = JSON.parse(json);
  const fam = new Map();
  for (const f of report.findings) {
    const v = fam.get(f.family) ?? { objects: 0, kinds: new Set() };
    v.objects += f.objects.length + f.objectsOmitted;
    for (const k of f.kinds) v.kinds.add(`${k.group}/${k.kind ?? k.resource}`);
    fam.set(f.family, v);
  }
  const vs = [...fam.values()];
  return {
    findings: report.findings.length,
    families: fam.size,
    lines: report.stats.lines,
    maxObjects: Math.max(0, ...vs.map((v) => v.objects)),
    bigFamilies: vs.filter((v) => v.objects >= 1000).length,
    maxKinds: Math.max(0, ...vs.map((v) => v.kinds.size)),
    formats: Object.entries(report.stats.byFormat).map(([k, n]) => `${k} ${n}`).join(', '),
  };
}

/** Makes an input (or, with --dir, takes the one made before); resolves with its bytes of logs. */
async function made(path, make) {
  const note = `${path}.bytes`;
  if (dirArg && existsSync(path) && existsSync(note)) return Number(readFileSync(note, 'utf8'));
  const bytes = await make(path);
  writeFileSync(note, String(bytes));
  return bytes;
}

const dir = dirArg ?? mkdtempSync(join(tmpdir(), 'kld-versus-'));
mkdirSync(dir, { recursive: true });
const lnavHome = join(dir, 'lnav-home');
mkdirSync(lnavHome, { recursive: true });
const [haveLnav, haveRg] = [await have('lnav'), await have('rg')];
try {
  const keywordsFile = join(dir, 'keywords.txt');
  writeFileSync(keywordsFile, signatureKeywords(library.patterns).join('\n') + '\n');
  console.log(`kube-log-doctor versus lnav and ripgrep (${quick ? 'quick' : 'full'}, median of ${runs}, alternating), files in ${dir}`);
  console.log(`lnav: ${haveLnav ? 'yes' : 'not installed (apt-get install lnav)'}; ripgrep: ${haveRg ? 'yes' : 'not installed (apt-get install ripgrep)'}; peak RSS from ${haveTime ? '/usr/bin/time -v' : 'the child'}\n`);

  const inputs = [
    { name: 'klog', file: 'klog.log', bytes: sizes.log, make: (p) => writeRealisticLog(p, 'klog', sizes.log, library.patterns, { seed: 11 }) },
    { name: 'zap', file: 'zap.log', bytes: sizes.log, make: (p) => writeRealisticLog(p, 'zap', sizes.log, library.patterns, { seed: 12 }) },
    { name: 'mixed', file: 'mixed.log', bytes: sizes.mixed, make: (p) => writeRealisticLog(p, 'mixed', sizes.mixed, library.patterns, { seed: 13 }) },
    { name: 'klog.gz', file: 'klog.log.gz', compressed: true, make: (p) => writeRealisticLog(p, 'klog', sizes.gz, library.patterns, { seed: 14, gzip: true }) },
    { name: 'must-gather', file: 'must-gather.tar.gz', archive: true, make: (p) => writeMustGather(p, sizes.gather, library.patterns, { seed: 15 }) },
  ].filter((i) => !only || only.includes(i.name));

  const head = `${'input'.padEnd(12)}${pad('MB', 6)}${pad('kld MB/s', 10)}${pad('-j1 MB/s', 10)}${pad('lnav MB/s', 10)}${pad('rg MB/s', 9)}${pad('kld÷lnav', 10)}${pad('kld÷rg', 8)}${pad('auto÷-j1', 10)}${pad('kld RSS', 9)}${pad('-j1 RSS', 9)}${pad('lnav RSS', 10)}  same`;
  const notes = [];
  console.log(head);
  for (const input of inputs) {
    const path = join(dir, input.file);
    const started = Date.now();
    const logBytes = await made(path, input.make);
    const onDisk = statSync(path).size;
    process.stderr.write(`  ${input.name}: ${fmt(logBytes / MB, 0)} MB of logs (${fmt(onDisk / MB, 0)} MB on disk), ready in ${fmt((Date.now() - started) / 1000)} s\n`);
    if (makeOnly) continue;
    const t = { auto: [], one: [], lnav: [], rg: [], before: [] };
    let same = true;
    let json = null;
    for (let i = 0; i < runs; i++) {
      const a = await kld(path);
      const b = await kld(path, 1);
      same &&= a.stdout === b.stdout;
      json ??= a.stdout;
      t.auto.push(a);
      t.one.push(b);
      if (haveLnav && !input.archive) t.lnav.push(await lnav(path, lnavHome));
      if (haveRg) t.rg.push(await rg(path, keywordsFile, input.compressed || input.archive));
      if (before) t.before.push(await kld(path, null, before));
    }
    const mbps = (xs) => (xs.length ? logBytes / MB / median(xs.map((x) => x.wall)) : null);
    const rss = (xs) => median(xs.map((x) => x.rss));
    const [ka, k1, ln, rgs] = [mbps(t.auto), mbps(t.one), mbps(t.lnav), mbps(t.rg)];
    const v = variety(json);
    if (before) notes.push(`  ${input.name}: before ${fmt(mbps(t.before))} MB/s (${fmt(rss(t.before), 0)} MB peak RSS), now ${fmt(ka)} MB/s: ${fmt(ka / mbps(t.before), 2)}×`);
    console.log(
      `${input.name.padEnd(12)}${pad(fmt(logBytes / MB, 0), 6)}${pad(fmt(ka), 10)}${pad(fmt(k1), 10)}${pad(fmt(ln), 10)}${pad(fmt(rgs), 9)}${pad(ln ? `${fmt(ka / ln, 2)}×` : '-', 10)}${pad(rgs ? `${fmt(ka / rgs, 2)}×` : '-', 8)}${pad(`${fmt(ka / k1, 2)}×`, 10)}${pad(fmt(rss(t.auto), 0), 9)}${pad(fmt(rss(t.one), 0), 9)}${pad(fmt(rss(t.lnav), 0), 10)}  ${same ? 'yes' : 'NO'}`,
    );
    notes.push(`  ${input.name}: ${v.lines} lines (${v.formats}); ${v.findings} findings in ${v.families} families; up to ${v.maxObjects} distinct objects and ${v.maxKinds} kinds in a family (${v.bigFamilies} families with 1,000+ objects)`);
    if (!keep && !dirArg) rmSync(path);
  }
  console.log('\n(auto÷-j1 is the default\'s throughput over --jobs 1: at least 1× means the default never costs)');
  console.log('What the reports hold:');
  for (const n of notes) console.log(n);

  if (!only || only.includes('rss')) {
    console.log('\nPeak RSS against input size (realistic klog, default settings):');
    for (const [label, bytes] of [
      ['small', sizes.small],
      ['large', sizes.large],
    ]) {
      const path = join(dir, `klog-${label}.log`);
      const size = await made(path, (p) => writeRealisticLog(p, 'klog', bytes, library.patterns, { seed: 16 }));
      if (makeOnly) continue;
      const a = await kld(path);
      console.log(`  ${pad(fmt(size / MB, 0), 6)} MB: ${pad(fmt(a.rss, 0), 5)} MB peak RSS, ${fmt(a.wall, 2)} s, ${fmt(size / MB / a.wall)} MB/s`);
      if (!keep && !dirArg) rmSync(path);
    }
  }

  if (scaling) {
    console.log(`\nScaling on one ${fmt(sizes.scaling / MB, 0)} MB realistic log (median of ${runs}, alternating):`);
    for (const format of ['klog', 'zap']) {
      // The same file as the throughput row (when it was kept), else one made alike.
      const path = join(dir, `${format}.log`);
      const size = await made(path, (p) => writeRealisticLog(p, format, sizes.scaling, library.patterns, { seed: format === 'klog' ? 11 : 12 }));
      if (makeOnly) continue;
      const one = [];
      const two = [];
      const pair = [];
      for (let i = 0; i < runs; i++) {
        one.push((await kld(path, 1)).wall);
        two.push((await kld(path, 2)).wall);
        const s = process.hrtime.bigint();
        await Promise.all([kld(path, 1), kld(path, 1)]);
        pair.push(Number(process.hrtime.bigint() - s) / 1e9);
      }
      const [m1, m2, mp] = [median(one), median(two), median(pair)];
      console.log(
        `  ${format.padEnd(5)} --jobs 1 ${fmt(size / MB / m1)} MB/s, --jobs 2 ${fmt(size / MB / m2)} MB/s: ${fmt(m1 / m2, 2)}×; two --jobs 1 at once ${fmt(mp, 2)} s for both: the machine gives ${fmt((2 * m1) / mp, 2)}× for two`,
      );
      if (!keep && !dirArg) rmSync(path);
    }
  }
} finally {
  if (keep || dirArg) console.log(`\nkept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
