/** `--version`, `tool.version` in JSON, and `--color auto|always|never` beside NO_COLOR / FORCE_COLOR. */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { ROOT, runInProcess } from '../e2e/helpers.js';
import { run } from '../../dist/cli/program.js';
import { colorFor } from '../../dist/report/style.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
const SEED = `${ROOT}samples/seed-case`;
const ESC = '\u001b[';

/** A run whose stdout is (or is not) a terminal. */
async function runTty(args: string[], env: NodeJS.ProcessEnv, isTTY: boolean): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _e, cb) {
      out += String(chunk);
      cb();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stdout.isTTY = true;
    stdout.columns = 100;
  }
  const stderr = new Writable({ write: (_c, _e, cb) => cb() });
  expect(await run(['node', 'kube-log-doctor', ...args, '-q'], { stdout, stderr, env })).toBe(0);
  return out;
}

describe('--version', () => {
  it('prints the package version for --version and -V, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runInProcess([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
  });

  it('names the tool and its version in the JSON report, after the format version', async () => {
    const r = await runInProcess([SEED, '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.tool).toEqual({ name: 'kube-log-doctor', version: pkg.version });
    expect(Object.keys(report).slice(0, 3)).toEqual(['version', 'tool', 'stats']);
    expect(report.version).toBe(1);
  });
});

describe('--color', () => {
  it('auto colours a terminal only, never with NO_COLOR or TERM=dumb; FORCE_COLOR forces it', async () => {
    expect(await runTty([SEED], {}, true)).toContain(ESC);
    expect(await runTty([SEED], {}, false)).not.toContain(ESC);
    expect(await runTty([SEED], { NO_COLOR: '1' }, true)).not.toContain(ESC);
    expect(await runTty([SEED], { TERM: 'dumb' }, true)).not.toContain(ESC);
    expect(await runTty([SEED], { FORCE_COLOR: '1' }, false)).toContain(ESC);
    expect(await runTty([SEED, '--color', 'auto'], { FORCE_COLOR: '0' }, false)).not.toContain(ESC);
  });

  it('always and never override the terminal and the environment; --no-color is never', async () => {
    expect(await runTty([SEED, '--color', 'always'], { NO_COLOR: '1' }, false)).toContain(ESC);
    expect(await runTty([SEED, '--color', 'never'], { FORCE_COLOR: '1' }, true)).not.toContain(ESC);
    expect(await runTty([SEED, '--no-color'], { FORCE_COLOR: '1' }, true)).not.toContain(ESC);
    // The last one given wins, as for any option.
    expect(await runTty([SEED, '--no-color', '--color', 'always'], {}, false)).toContain(ESC);
  });

  it('colours only the text report: JSON and markdown stay plain under --color always', async () => {
    expect(await runTty([SEED, '--color', 'always', '-o', 'json'], {}, true)).not.toContain('\u001b');
    expect(await runTty([SEED, '--color', 'always', '-o', 'markdown'], {}, true)).not.toContain('\u001b');
  });

  it('refuses an unknown choice with exit code 2', async () => {
    const r = await runInProcess([SEED, '--color', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'sometimes' is invalid. Allowed choices are auto, always, never.");
  });

  it('colorFor', () => {
    expect(colorFor('auto', { isTTY: true }, {})).toBe(true);
    expect(colorFor(false, { isTTY: true }, {})).toBe(false);
    expect(colorFor('always', {}, { NO_COLOR: '1' })).toBe(true);
  });
});
