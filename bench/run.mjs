#!/usr/bin/env node
/**
 * `npm run bench`: generates deterministic synthetic logs into a temporary directory (klog text
 * of a kube-controller-manager and zap JSON of a controller-runtime operator, about 1% signature
 * lines), then times the built CLI (`node dist/cli/main.js -o json FILE`) and
 * `grep -c -F -f <the signatures' keywords> FILE` on the same files, and prints MB/s, the speed
 * ratio (kld÷grep: above 1× the analyser is the faster) and the analyser's peak RSS — for 100 MB and 2 GB of the same log side by side as well, to
 * show that memory does not grow with the input.
 *
 * Usage: npm run bench [-- --quick] [-- --keep] [-- --jobs N]
 *   --quick  small sizes (50 MB throughput files, 20 MB / 200 MB memory pair), for trying things
 *   --keep   leave the generated files in place (their directory is printed)
 *   --jobs   passed to the analyser (default: its own default, auto)
 *
 * A last case has 100,000 distinct error messages no signature knows (unrecognised errors, each
 * differing in a word no masking removes), repeated through the file: its throughput, peak RSS and
 * how many groups the report lists show that the miner's memory stays bounded.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveTime, rssHook, runTimed } from './timed-run.mjs';
import { writeLog } from './synthetic-logs.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const jobsAt = args.indexOf('--jobs');
const jobs = jobsAt === -1 ? null : args[jobsAt + 1];

const MB = 1e6;
const sizes = quick
  ? { throughput: 50 * MB, small: 20 * MB, large: 200 * MB, unknown: 100 * MB, unknownRate: 0.2 }
  : { throughput: 500 * MB, small: 100 * MB, large: 2000 * MB, unknown: 2000 * MB, unknownRate: 0.05 };
const DISTINCT = 100_000;

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
if (!existsSync(cli)) {
  console.error('bench: dist/cli/main.js is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}
const { loadLibrary } = await import(new URL('../dist/library/load.js', import.meta.url).href);
const { signatureKeywords } = await import(new URL('../dist/match/matcher.js', import.meta.url).href);
const library = loadLibrary([]);

async function analyse(path) {
  const argv = [...(haveTime ? [] : ['--import', rssHook]), cli, '-q', '-o', 'json', ...(jobs ? ['--jobs', jobs] : []), path];
  const r = await runTimed(process.execPath, argv);
  if (r.code !== 0 && r.code !== 1) throw new Error(`analyser exited ${r.code} on ${path}:\n${r.stderr}`);
  const report = JSON.parse(r.stdout);
  return {
    ...r,
    findings: report.findings.length,
    lines: report.stats.lines,
    matches: report.findings.reduce((n, f) => n + f.count, 0),
    unknownGroups: report.unknown?.length ?? 0,
    unknownLines: (report.unknown ?? []).reduce((n, g) => n + g.count, 0) + (report.unknownOmitted?.lines ?? 0),
  };
}

async function grep(path, keywordsFile) {
  const r = await runTimed('grep', ['-c', '-F', '-f', keywordsFile, path], { measure: false });
  if (r.code > 1) throw new Error(`grep exited ${r.code}: ${r.stderr}`);
  return { ...r, count: Number(r.stdout.trim()) };
}

const fmt = (n, d = 1) => (n === null || n === undefined ? '-' : n.toFixed(d));
const pad = (s, w) => String(s).padStart(w);

const dir = mkdtempSync(join(tmpdir(), 'kld-bench-'));
try {
  const keywordsFile = join(dir, 'keywords.txt');
  writeFileSync(keywordsFile, signatureKeywords(library.patterns).join('\n') + '\n');
  console.log(`kube-log-doctor bench (${quick ? 'quick' : 'full'}), files in ${dir}`);
  console.log(`${library.patterns.length} signatures, ${signatureKeywords(library.patterns).length} keywords; peak RSS from ${haveTime ? '/usr/bin/time -v' : 'the child (process.resourceUsage)'}\n`);

  const files = [
    { name: 'klog-kcm', kind: 'klog', bytes: sizes.throughput, seed: 1 },
    { name: 'zap-operator', kind: 'zap', bytes: sizes.throughput, seed: 2 },
  ];
  console.log(`${'input'.padEnd(14)}${pad('MB', 7)}${pad('lines', 10)}${pad('findings', 9)}${pad('matches', 9)}${pad('kld s', 8)}${pad('kld MB/s', 10)}${pad('cpu s', 7)}${pad('grep s', 8)}${pad('grep MB/s', 10)}${pad('kld÷grep', 9)}${pad('RSS MB', 8)}`);
  for (const f of files) {
    const path = join(dir, `${f.name}.log`);
    const size = await writeLog(path, f.kind, f.bytes, library.patterns, { seed: f.seed });
    const a = await analyse(path);
    const g = await grep(path, keywordsFile);
    const mb = size / MB;
    console.log(
      `${f.name.padEnd(14)}${pad(fmt(mb, 0), 7)}${pad(a.lines, 10)}${pad(a.findings, 9)}${pad(a.matches, 9)}${pad(fmt(a.wall, 2), 8)}${pad(fmt(mb / a.wall), 10)}${pad(fmt(a.cpu, 2), 7)}${pad(fmt(g.wall, 2), 8)}${pad(fmt(mb / g.wall), 10)}${pad(`${fmt(g.wall / a.wall, 2)}×`, 9)}${pad(fmt(a.rss, 0), 8)}`,
    );
    if (!keep) rmSync(path);
  }

  console.log('\nPeak RSS against input size (klog):');
  for (const [label, bytes] of [
    ['small', sizes.small],
    ['large', sizes.large],
  ]) {
    const path = join(dir, `klog-${label}.log`);
    const size = await writeLog(path, 'klog', bytes, library.patterns, { seed: 3 });
    const a = await analyse(path);
    console.log(`  ${pad(fmt(size / MB, 0), 6)} MB: ${pad(fmt(a.rss, 0), 5)} MB peak RSS, ${fmt(a.wall, 2)} s, ${fmt(size / MB / a.wall)} MB/s, ${a.findings} findings`);
    if (!keep) rmSync(path);
  }

  console.log(`\nUnrecognised errors: ${DISTINCT.toLocaleString('en-US')} distinct error messages no signature knows (klog, ${sizes.unknownRate * 100}% of lines):`);
  {
    const path = join(dir, 'klog-unknown.log');
    const size = await writeLog(path, 'klog', sizes.unknown, library.patterns, { seed: 4, unknownRate: sizes.unknownRate, distinct: DISTINCT });
    const a = await analyse(path);
    console.log(
      `  ${pad(fmt(size / MB, 0), 6)} MB: ${pad(fmt(a.rss, 0), 5)} MB peak RSS, ${fmt(a.wall, 2)} s, ${fmt(size / MB / a.wall)} MB/s, ${a.unknownLines.toLocaleString('en-US')} unrecognised error lines, ${a.unknownGroups} groups listed`,
    );
    if (!keep) rmSync(path);
  }
} finally {
  if (keep) console.log(`\nkept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
