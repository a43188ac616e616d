#!/usr/bin/env node
/**
 * `npm run bench`: bench/run.mjs (the project's own generator, grep), then with `--versus`
 * bench/versus.mjs (realistic inputs against lnav and ripgrep). Options go to both
 * (`--quick`, `--keep`, `--jobs N` to run.mjs; `--runs N`, `--scaling`, `--only a,b` to versus.mjs);
 * `--versus-only` runs versus.mjs alone.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const script = (name) => fileURLToPath(new URL(name, import.meta.url));
const node = (name, argv) => {
  const r = spawnSync(process.execPath, [script(name), ...argv], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const own = new Set(['--versus', '--versus-only']);
const rest = args.filter((a) => !own.has(a));
if (!args.includes('--versus-only')) node('./run.mjs', rest);
if (args.includes('--versus') || args.includes('--versus-only')) {
  if (!args.includes('--versus-only')) console.log('');
  node('./versus.mjs', rest);
}
