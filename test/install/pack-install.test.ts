/**
 * Installing as users do: `npm pack` on a copy of the sources (prepack cleans dist/, prepare builds
 * it), then `npm install -g --prefix <tmp> <tarball>` and `npx <tarball>`, and both installed
 * commands run on the seed case. Dependencies come from npm's cache when it has them
 * (--prefer-offline), else from the registry; without either (an offline machine with a cold
 * cache) the install steps are skipped — but never under CI, which reaches the registry.
 * The two installs are independent (a prefix of their own, npx's own cache directory) and mostly
 * wait on the disk: they run at the same time, each test awaiting its own.
 */

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const SEED = join(ROOT, 'samples/seed-case');
const tmp = mkdtempSync(join(tmpdir(), 'kld-pack-'));
const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
const NPM_ENV = { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync('npm', [...args, ...NPM_FLAGS], { cwd, encoding: 'utf8', env: NPM_ENV, maxBuffer: 64 * 1024 * 1024 });

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** A command run without blocking this thread, so that two installs can run at once. */
function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
/** npm could not reach the registry (nor find the package in its cache). */
const offline = (r: Ran) => /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.test(r.stderr);

let tarball = '';
let files: string[] = [];
const prefix = join(tmp, 'prefix');
let installedGlobally: Promise<Ran>;
let ranWithNpx: Promise<Ran>;

beforeAll(() => {
  // A copy of what a clone holds (no dist/), with this checkout's node_modules for the build.
  const src = join(tmp, 'src');
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'src', 'scripts', 'patterns', 'catalog']) {
    cpSync(join(ROOT, f), join(src, f), { recursive: true });
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(src, 'node_modules'), 'dir');
  const packed = npm(['pack', '--json', '--pack-destination', tmp], src);
  expect(packed.status, packed.stderr).toBe(0);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);
  installedGlobally = start('npm', ['install', '-g', '--prefix', prefix, tarball, ...NPM_FLAGS], tmp, NPM_ENV);
  ranWithNpx = start('npx', ['--yes', '--prefer-offline', `./${tarball.split('/').pop()}`, SEED, '-o', 'json', '-q'], tmp, { ...process.env, npm_config_update_notifier: 'false' });
  // Awaited by the tests; a rejection (npm not found) must not count as unhandled before then.
  installedGlobally.catch(() => undefined);
  ranWithNpx.catch(() => undefined);
}, 240_000);

afterAll(async () => {
  // Both done (also when a test failed before awaiting its own) before their files are removed.
  await Promise.allSettled([installedGlobally, ranWithNpx]);
  // npx keeps what it installed under the cache's _npx/<hash>: remove this run's.
  const npxDir = join(spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim(), '_npx');
  if (existsSync(npxDir)) {
    for (const d of readdirSync(npxDir)) {
      const manifest = join(npxDir, d, 'package.json');
      if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(tmp.split('/').pop()!)) rmSync(join(npxDir, d), { recursive: true, force: true });
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('npm pack', () => {
  it('ships the built CLI, the library, README and LICENSE; no sources, no source maps, no tests', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/library/bundled-patterns.json', 'dist/correlate/unknown/bundled-seeds.json', 'dist/match/bundled-automata.bin', 'patterns/redos-verdicts.json', 'catalog/well-known-kinds.json', 'README.md', 'LICENSE', 'package.json']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|samples|scripts|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('patterns/') && f.endsWith('.yaml')).length).toBeGreaterThan(50);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  });
});

describe('installed from the tarball', () => {
  it('npm install -g --prefix gives kube-log-doctor and kubectl-log_doctor, which diagnose the seed case', async () => {
    const installed = await installedGlobally;
    if (installed.status !== 0 && offline(installed) && !process.env['CI']) return; // no registry, cold cache: nothing to install from
    expect(installed.status, installed.stderr).toBe(0);
    for (const bin of ['kube-log-doctor', 'kubectl-log_doctor']) {
      const exe = join(prefix, 'bin', bin);
      const version = spawnSync(exe, ['--version'], { encoding: 'utf8' });
      expect(version.stdout, `${bin}: ${version.stderr}`).toBe(`${pkg.version}\n`);
      const r = spawnSync(exe, [SEED, '--fail-on', 'error'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, `${bin}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toContain('kind-case-mismatch ×20');
      expect(r.stdout).toContain("kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath='{.spec.names.kind}'");
    }
  }, 300_000);

  it('npx <tarball> runs kube-log-doctor', async () => {
    const r = await ranWithNpx;
    if (r.status !== 0 && offline(r) && !process.env['CI']) return;
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.tool).toEqual({ name: pkg.name, version: pkg.version });
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['kind-case-mismatch', 'gc-rest-mapping']);
  }, 300_000);
});
