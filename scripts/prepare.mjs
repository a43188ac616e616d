#!/usr/bin/env node
/**
 * npm's `prepare` step: builds dist/ (tsc, then the precompiled pattern library) whenever npm runs
 * it — `npm install` or `npm ci` in a clone, `npm pack`/`npm publish` (after `prepack` cleaned dist/),
 * and `npm install -g <clone>`. In that last case npm links the clone without installing anything
 * in it, so a fresh clone has neither the compiler nor the runtime dependencies: they are installed
 * into the clone first (as npm itself does for a git dependency), then it builds. A tarball carries
 * dist/ and never runs this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const needed = ['typescript', ...Object.keys(pkg.dependencies ?? {})];

/** Whether Node would find `name` from the package directory (node_modules here or above). */
function installed(name) {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

function run(args) {
  // An outer `npm install -g --prefix P` hands its settings down as npm_config_* variables; the
  // inner install is a plain local one in the clone.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
  const npm = process.env.npm_execpath;
  const [cmd, argv] = npm && npm.endsWith('.js') ? [process.execPath, [npm, ...args]] : ['npm', args];
  const r = spawnSync(cmd, argv, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`kube-log-doctor prepare: \`npm ${args.join(' ')}\` failed in ${root}`);
    process.exit(r.status ?? 1);
  }
}

const missing = needed.filter((n) => !installed(n));
if (missing.length > 0) {
  console.error(`kube-log-doctor prepare: installing the build's dependencies in ${root} (missing: ${missing.join(', ')})`);
  run(['install', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--global=false']);
}
run(['run', 'build', '--silent']);
