/**
 * Installing as users do: `npm pack` on a copy of the sources (prepack cleans dist/, prepare builds
 * it), then `npm install -g --prefix <tmp> <tarball>` and `npx <tarball>`, and both installed
 * commands run on the seed case. Dependencies come from npm's cache when it has them
 * (--prefer-offline), else from the registry; without either (an offline machine with a cold
 * cache) the install steps are skipped — but never under CI, which reaches the registry.
 */

import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../e2e/helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const SEED = join(ROOT, 'samples/seed-case');
const tmp = mkdtempSync(join(tmpdir(), 'kld-pack-'));
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
/** npm could not reach the registry (nor find the package in its cache). */
const offline = (r: SpawnSyncReturns<string>) => /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/.test(r.stderr);

let tarball = '';
let files: string[] = [];

beforeAll(() => {
  // A copy of what a clone holds (no dist/), with this checkout's node_modules for the build.
  const src = join(tmp, 'src');
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'src', 'scripts', 'patterns']) {
    cpSync(join(ROOT, f), join(src, f), { recursive: true });
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(src, 'node_modules'), 'dir');
  const packed = npm(['pack', '--json', '--pack-destination', tmp], src);
  expect(packed.status, packed.stderr).toBe(0);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(tmp, info[0]!.filename);
  files = info[0]!.files.map((f) => f.path);
}, 240_000);

afterAll(() => {
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
    expect(files).toEqual(expect.arrayContaining(['dist/cli/main.js', 'dist/library/bundled-patterns.json', 'patterns/redos-verdicts.json', 'README.md', 'LICENSE', 'package.json']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|samples|scripts|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('patterns/') && f.endsWith('.yaml')).length).toBeGreaterThan(50);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  });
});

describe('installed from the tarball', () => {
  it('npm install -g --prefix gives kube-log-doctor and kubectl-log_doctor, which diagnose the seed case', () => {
    const prefix = join(tmp, 'prefix');
    const installed = npm(['install', '-g', '--prefix', prefix, tarball], tmp);
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

  it('npx <tarball> runs kube-log-doctor', () => {
    const r = spawnSync('npx', ['--yes', '--prefer-offline', `./${tarball.split('/').pop()}`, SEED, '-o', 'json', '-q'], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0 && offline(r) && !process.env['CI']) return;
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.tool).toEqual({ name: pkg.name, version: pkg.version });
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(['kind-case-mismatch', 'gc-rest-mapping']);
  }, 300_000);
});
