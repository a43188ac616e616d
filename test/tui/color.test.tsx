/**
 * `--color` in the TUI: `never` draws no colour (nor bold, dim or inverse), `always` draws it whatever
 * the environment says, and `auto` follows NO_COLOR and FORCE_COLOR like the text report, leaving the
 * rest to Ink. In-process with ink-testing-library, then the built CLI in a real terminal (tmux).
 */

import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/app.js';
import { tuiColor } from '../../src/tui/run-tui.js';
import { CLI, ROOT } from '../e2e/helpers.js';
import { seedStore, settle } from './helpers.js';

afterEach(cleanup);

const SGR = /\u001b\[[0-9;]*m/g;
const ANY_SGR = /\u001b\[[0-9;]*m/;
const SIZE = { columns: 100, rows: 30 };

async function frame(color: boolean | undefined): Promise<string> {
  const store = await seedStore();
  const app = render(<App store={store} onQuit={() => {}} size={SIZE} {...(color !== undefined ? { color } : {})} />);
  await settle();
  return app.lastFrame() ?? '';
}

describe('the TUI with colour on or off', () => {
  it('off: no escape sequence at all, the selection still marked by the cursor', async () => {
    const plain = await frame(false);
    expect(plain).not.toContain('\u001b[');
    expect(plain.split('\n').find((l) => l.startsWith('›'))).toMatch(/^› ERROR {4}20 {2}kind-case-mismatch {2}◆ root cause/);
  });

  it('on: severities in their colour, the selected row inverse, and the same text once the colours are taken out', async () => {
    const colored = await frame(true);
    const plain = await frame(false);
    expect(colored).toContain('\u001b[31m2 error\u001b[39m');
    const selected = colored.split('\n').find((l) => l.replace(SGR, '').startsWith('›'))!;
    expect(selected.startsWith('\u001b[7m') && selected.endsWith('\u001b[27m')).toBe(true);
    expect(selected).toContain('\u001b[31mERROR    \u001b[39m');
    expect(colored).toContain('\u001b[35m  ◆ root cause\u001b[39m');
    expect(colored.replace(SGR, '')).toBe(plain);
  });
});

describe('tuiColor: --color and the environment', () => {
  it('always and never override NO_COLOR and FORCE_COLOR; auto follows them, else Ink decides', () => {
    expect(tuiColor('always', { NO_COLOR: '1' })).toBe(true);
    expect(tuiColor('never', { FORCE_COLOR: '1' })).toBe(false);
    expect(tuiColor(false, { FORCE_COLOR: '1' })).toBe(false);
    expect(tuiColor('auto', { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(tuiColor('auto', { NO_COLOR: '' })).toBeUndefined();
    expect(tuiColor('auto', { FORCE_COLOR: '1' })).toBe(true);
    expect(tuiColor('auto', { FORCE_COLOR: '0' })).toBeUndefined();
    expect(tuiColor(undefined, {})).toBeUndefined();
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (process.env['CI'] && !hasTmux) throw new Error('tmux is not installed; .ci/run installs it');
const SOCKET = `kld-color-${process.pid}`;
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasTmux)(hasTmux ? 'tui --color in a real terminal (tmux)' : 'tui --color in a real terminal — SKIPPED: tmux is not installed', () => {
  it('never: no colour even with FORCE_COLOR; always: colour even with NO_COLOR; auto: none with NO_COLOR', async () => {
    const runs: Record<string, { env: string; flag: string }> = {
      never: { env: 'FORCE_COLOR=1', flag: 'never' },
      always: { env: 'NO_COLOR=1', flag: 'always' },
      auto: { env: 'NO_COLOR=1', flag: 'auto' },
    };
    for (const [name, { env, flag }] of Object.entries(runs)) {
      const script = `cd ${quote(ROOT)} && node ${quote(CLI)} tui samples/seed-case --color ${flag}; sleep 600`;
      tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', 'env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', 'TERM=xterm-256color', env, 'sh', '-c', script);
    }
    const screens: Record<string, string> = {};
    for (const name of Object.keys(runs)) {
      const started = Date.now();
      for (;;) {
        const s = tmux('capture-pane', '-e', '-p', '-t', name);
        if (s.replace(SGR, '').includes('✓ end of input') && s.includes('gc-rest-mapping')) {
          screens[name] = s;
          break;
        }
        if (Date.now() - started > 15_000) throw new Error(`timed out waiting for ${name}; the screen was:\n${s}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    for (const name of ['never', 'auto']) {
      expect(screens[name]).not.toMatch(ANY_SGR);
      expect(screens[name]).toMatch(/^› ERROR {4}20 {2}kind-case-mismatch/m);
    }
    for (const name of ['always']) {
      expect(screens[name]).toMatch(/\u001b\[[0-9;]*31m2 error/);
      expect(screens[name]!.replace(SGR, '')).toMatch(/^› ERROR {4}20 {2}kind-case-mismatch/m);
    }
  });
});
