#!/usr/bin/env node
/**
 * Correlation at scale (issue #18, item 3): how the analyser copes with many distinct findings.
 *
 * Generates logs whose every line is a finding of its own — `unable to get REST mapping for
 * example.com/v1/KindNNNNNN.` klog lines (N distinct kinds) and RBAC `is forbidden` lines with
 * N distinct subjects (each also an informer list/watch failure on the same line) — and measures:
 *   1. `node dist/cli/main.js -q -o json FILE`: wall time and peak RSS for each N;
 *   2. follow mode (`-f -o json`, the file piped through standard input): lines per second on a
 *      log of 1,000,000 lines in which 10,000 distinct findings appear one every 100 lines;
 *   3. the time from SIGINT to the end of the report, with 10,000 findings read: wall seconds
 *      seen from outside, and wall and CPU seconds the analyser spent after the signal
 *      (bench/signal-probe.mjs).
 *
 * Wall times depend on the machine's load; cpu s (user + system, from /usr/bin/time) less so.
 * On a loaded machine, read lines/s per CPU second too.
 *
 * Usage: npm run build && node bench/correlation.mjs [--sizes 1000,16000,200000] [--timeout S]
 *        [--only batch,follow,sigint] [--follow-lines N] [--follow-findings N] [--interval S] [--keep]
 *        [--cli PATH]
 */

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const sizes = opt('--sizes', '1000,16000,200000').split(',').map(Number);
const timeoutS = Number(opt('--timeout', '150'));
const followLines = Number(opt('--follow-lines', '1000000'));
const followFindings = Number(opt('--follow-findings', '10000'));
const interval = opt('--interval', '30');
const keep = args.includes('--keep');
const only = opt('--only', 'batch,follow,sigint').split(',');

const root = fileURLToPath(new URL('..', import.meta.url));
// --cli: another build (an older checkout's dist/cli/main.js), for before/after numbers.
const cli = opt('--cli', join(root, 'dist/cli/main.js'));
if (!existsSync(cli)) {
  console.error('bench: dist/cli/main.js is missing; run `npm run build` first.');
  process.exit(2);
}
const TIME = '/usr/bin/time';
const haveTime = existsSync(TIME);
const rssHook = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

const pad6 = (i) => String(i).padStart(6, '0');
const kindLine = (i) =>
  `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Kind${pad6(i)}." logger="garbage-collector-controller"`;
const rbacLine = (i) =>
  `E0612 10:11:13.123456       1 reflector.go:158] k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Secret: failed to list *v1.Secret: secrets is forbidden: User "system:serviceaccount:demo:op${pad6(i)}" cannot list resource "secrets" in API group "" at the cluster scope`;
const quietLine = (i) => `I0612 10:11:14.123456       1 controller.go:120] "Reconciled object" object="default/web-${i % 977}" duration="1.2ms"`;

async function writeLines(path, n, line) {
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** Runs the CLI; resolves with wall seconds, peak RSS (MB), exit code, stdout size; null on timeout. */
function run(argv, { stdinFile = null, limitS = timeoutS } = {}) {
  return new Promise((resolve, reject) => {
    const node = [...(haveTime ? [] : ['--import', rssHook]), cli, ...argv];
    const file = haveTime ? TIME : process.execPath;
    const fullArgs = haveTime ? ['-v', process.execPath, ...node] : node;
    const start = process.hrtime.bigint();
    const child = spawn(file, fullArgs, { stdio: [stdinFile ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    if (stdinFile) {
      const cat = spawn('cat', [stdinFile], { stdio: ['ignore', 'pipe', 'ignore'] });
      cat.stdout.pipe(child.stdin);
      child.stdin.on('error', () => undefined);
    }
    let outBytes = 0;
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      outBytes += d.length;
      if (out.length < 64 << 20) out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
      if (err.length > 1 << 20) err = err.slice(-65536);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitS * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const rssLine = /Maximum resident set size \(kbytes\): (\d+)/.exec(err) ?? /kld-bench-maxrss-kb=(\d+)/.exec(err);
      const user = /User time \(seconds\): ([\d.]+)/.exec(err);
      const sys = /System time \(seconds\): ([\d.]+)/.exec(err);
      const cpu = user && sys ? Number(user[1]) + Number(sys[1]) : null;
      resolve({ wall, cpu, timedOut, code, rss: rssLine ? Number(rssLine[1]) / 1024 : null, outBytes, out });
    });
  });
}

const fmt = (n, d = 2) => (n === null || n === undefined ? '-' : n.toFixed(d));

const dir = mkdtempSync(join(tmpdir(), 'kld-corr-'));
try {
  console.log(`kube-log-doctor correlation bench, files in ${dir}; timeout ${timeoutS}s; RSS from ${haveTime ? '/usr/bin/time -v' : 'the child'}`);
  if (only.includes('batch')) {
    console.log(`\n${'input'.padEnd(22)}${'findings'.padStart(10)}${'wall s'.padStart(9)}${'cpu s'.padStart(9)}${'RSS MB'.padStart(9)}`);
    for (const n of sizes) {
      for (const [name, line] of [
        ['kinds', kindLine],
        ['rbac-subjects', rbacLine],
      ]) {
        const path = join(dir, `${name}-${n}.log`);
        await writeLines(path, n, line);
        const r = await run(['-q', '-o', 'json', path]);
        let findings = '-';
        if (!r.timedOut) {
          try {
            findings = JSON.parse(r.out).findings.length;
          } catch {
            findings = `exit ${r.code}`;
          }
        }
        console.log(`${`${name} ${n}`.padEnd(22)}${String(findings).padStart(10)}${(r.timedOut ? `>${timeoutS}` : fmt(r.wall)).padStart(9)}${fmt(r.cpu).padStart(9)}${fmt(r.rss, 0).padStart(9)}`);
        if (!keep) rmSync(path);
      }
    }
  }

  if (only.includes('follow')) {
    const path = join(dir, 'follow.log');
    const every = Math.max(1, Math.floor(followLines / followFindings));
    await writeLines(path, followLines, (i) => (i % every === 0 && i / every < followFindings ? kindLine(i / every) : quietLine(i)));
    const r = await run(['-f', '-q', '-o', 'json', '--interval', interval, '-'], { stdinFile: path });
    const findings = r.timedOut ? '-' : JSON.parse(r.out).findings.length;
    console.log(
      `\nfollow mode: ${followLines.toLocaleString('en-US')} lines, ${followFindings.toLocaleString('en-US')} new findings (report: ${findings}): ` +
        (r.timedOut
          ? `unfinished after ${timeoutS}s`
          : `${fmt(r.wall)} s (cpu ${fmt(r.cpu)} s), ${Math.round(followLines / r.wall).toLocaleString('en-US')} lines/s` +
            (r.cpu ? ` (${Math.round(followLines / r.cpu).toLocaleString('en-US')} lines per CPU second)` : '') +
            `, RSS ${fmt(r.rss, 0)} MB`),
    );
    if (!keep) rmSync(path);
  }

  if (only.includes('sigint')) {
    // A live pipe that never ends: write the findings, wait until the analyser has read them all
    // (its CPU time stops growing, or where /proc is missing its announcements stop), then SIGINT
    // and time the report.
    const probe = fileURLToPath(new URL('./signal-probe.mjs', import.meta.url));
    const child = spawn(process.execPath, ['--import', probe, cli, '-f', '-q', '-o', 'json', '--interval', '3600', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let announced = 0;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      announced += String(d).split('\n').length - 1;
      err = (err + d).slice(-4096);
    });
    child.stdin.on('error', () => undefined);
    let body = '';
    for (let i = 0; i < followFindings; i++) body += kindLine(i) + '\n';
    child.stdin.write(body);
    const cpuOf = () => {
      try {
        const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return Number(f[11]) + Number(f[12]);
      } catch {
        return announced;
      }
    };
    const waitStart = Date.now();
    let last = -1;
    let quiet = 0;
    while (Date.now() - waitStart < timeoutS * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      // Nothing more done for three seconds.
      const now = cpuOf();
      quiet = announced > 0 && now === last ? quiet + 1 : 0;
      if (quiet >= 3) break;
      last = now;
    }
    const readS = (Date.now() - waitStart) / 1000;
    const start = process.hrtime.bigint();
    child.kill('SIGINT');
    const [code] = await once(child, 'close');
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    let findings = '-';
    try {
      findings = JSON.parse(out).findings.length;
    } catch {
      findings = `exit ${code}`;
    }
    const probed = /kld-bench-after-signal wall=([\d.]+) cpu=([\d.]+)/.exec(err);
    console.log(
      `\nSIGINT with ${followFindings.toLocaleString('en-US')} findings read (${announced.toLocaleString('en-US')} announced after ${fmt(readS, 0)} s): ` +
        `report (${findings} findings, exit ${code}) ${fmt(s)} s after the signal` +
        (probed ? ` (in the analyser: ${probed[1]} s wall, ${probed[2]} s CPU)` : ''),
    );
  }
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
