/** The whole TUI under ink-testing-library: every key, as a user sees its effect on the screen. */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/app.js';
import { LiveStore } from '../../src/tui/live-store.js';
import { analyze } from '../../src/analysis.js';
import { loadLibrary } from '../../src/library/load.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import { loadCrds } from '../../src/input/registry-files.js';
import { KEYS, SEED_CRD, SEED_LOG, analyzedStore, press, seedStore, settle } from './helpers.js';
import { readFileSync } from 'node:fs';
import { tempDir } from '../tmp.js';

afterEach(cleanup);

const SIZE = { columns: 100, rows: 30 };

async function start(store?: LiveStore, size = SIZE) {
  const onQuit = vi.fn<(chosen: string | null) => void>();
  const app = render(<App store={store ?? (await seedStore())} onQuit={onQuit} size={size} />);
  await settle();
  const screen = () => app.lastFrame() ?? '';
  const keys = (...k: string[]) => press(app.stdin, ...k);
  return { app, screen, keys, onQuit };
}

/** The selected row of the list (the one with the cursor). */
const cursorRow = (frame: string) => frame.split('\n').find((l) => l.startsWith('›')) ?? '';

describe('TUI', () => {
  it('starts on the findings list with the root cause selected and its details below, in the terminal height', async () => {
    const { screen } = await start();
    const rows = screen().split('\n');
    expect(rows).toHaveLength(SIZE.rows - 1);
    expect(rows[0]).toMatch(/^kube-log-doctor {2}samples\/seed-case\/kube-controller-manager\.log {2}✓ end of input {2}50 lines/);
    expect(rows[1]).toBe('2 findings  0 critical  2 error  0 warning  0 info');
    expect(cursorRow(screen())).toContain('kind-case-mismatch  ◆ root cause');
    expect(screen()).toContain('ERROR  kind-case-mismatch  ×20  ◆ root cause');
    expect(rows[rows.length - 1]).toBe('↑↓ jk move  Enter/→ open  / filter  s severity  K/Tab kinds  e evidence  c print fix  ? help  q quit');
  });

  it('moves with j/k and ↓/↑, and the details pane follows the selection', async () => {
    const { screen, keys } = await start();
    await keys('j');
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
    expect(screen()).toContain('caused by kind-case-mismatch (fix that first)');
    await keys('k');
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
    await keys(KEYS.down);
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
    await keys(KEYS.up);
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
  });

  it('opens details with Enter or →, scrolls them, and goes back with Esc or ←', async () => {
    const { screen, keys } = await start();
    await keys(KEYS.enter);
    expect(screen().split('\n')[4]).toBe('ERROR  kind-case-mismatch  ×20  ◆ root cause');
    expect(screen()).toMatch(/rows 1–\d+ of \d+/);
    expect(screen()).toContain('Esc/← back');
    await keys('j', 'j');
    expect(screen().split('\n')[4]).toMatch(/^seen/);
    expect(screen()).toMatch(/rows 3–/);
    await keys('G');
    expect(screen()).toMatch(/rows (\d+)–(\d+) of \2/);
    expect(screen()).toContain('kube-controller-manager.log:');
    await keys(KEYS.escape);
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
    await keys('j', KEYS.right);
    expect(screen().split('\n')[4]).toBe('ERROR  gc-rest-mapping  ×20');
    await keys(KEYS.left);
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
  });

  it('filters by text with /, keeps the filter with Enter and clears it with Esc', async () => {
    const { screen, keys, onQuit } = await start();
    await keys('/', 'g', 'c', '-', 'x');
    expect(screen()).toContain('/gc-x▏');
    expect(screen()).toContain('showing 0 · filter "gc-x"');
    expect(screen()).toContain('No finding matches the filter and severity');
    await keys(KEYS.backspace);
    expect(screen()).toContain('showing 1 · filter "gc-"');
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
    // While typing, q is text, not quit.
    await keys('q', KEYS.backspace, KEYS.enter);
    expect(onQuit).not.toHaveBeenCalled();
    expect(screen()).not.toContain('▏');
    expect(screen()).toContain('showing 1 · filter "gc-"');
    await keys(KEYS.escape);
    expect(screen()).not.toContain('filter "');
    expect(screen()).toContain('kind-case-mismatch');
  });

  it('filters a burst of typed characters (a paste) as well as single keys', async () => {
    const { app, screen } = await start();
    app.stdin.write('/podautoscaler');
    await settle();
    expect(screen()).toContain('showing 2 · filter "podautoscaler"');
  });

  it('cycles the minimum severity with s', async () => {
    const { screen, keys } = await start();
    await keys('s');
    expect(screen()).toContain('severity ≥ warning');
    await keys('s');
    expect(screen()).toContain('showing 2 · severity ≥ error');
    await keys('s');
    expect(screen()).toContain('showing 0 · severity ≥ critical');
    expect(screen()).toContain('No finding matches the filter and severity');
    await keys('s');
    expect(screen()).not.toContain('severity ≥');
  });

  it('switches to the kinds view with K or Tab, lists a kind’s findings with Enter, and comes back', async () => {
    const { screen, keys } = await start();
    await keys('K');
    expect(cursorRow(screen())).toMatch(/› autoscaling\.aibrix\.ai\/v1alpha1\/PodAutoScaler +20 {2}2 findings/);
    expect(screen()).toContain('⚠ not registered: autoscaling.aibrix.ai registers PodAutoscaler');
    await keys(KEYS.enter);
    expect(screen()).toContain('Findings for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler');
    expect(screen()).toMatch(/gc-rest-mapping/);
    await keys(KEYS.enter);
    expect(screen()).toMatch(/ERROR {2}kind-case-mismatch {2}×20/);
    await keys(KEYS.escape, KEYS.escape);
    expect(cursorRow(screen())).toContain('PodAutoScaler');
    await keys(KEYS.tab);
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
  });

  it('shows all evidence of the selected finding with e, scrollable', async () => {
    const { screen, keys } = await start();
    await keys('j', 'e');
    expect(screen()).toContain('Evidence · gc-rest-mapping  20 lines, all kept');
    expect(screen()).toContain('kube-controller-manager.log:28');
    await keys(KEYS.pageDown, KEYS.pageDown);
    expect(screen()).not.toContain('kube-controller-manager.log:28');
    await keys('G');
    expect(screen()).toContain('kube-controller-manager.log:50');
    await keys('e');
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
  });

  it('c chooses the selected fix command, 1-9 picks another, and q hands it over on quit', async () => {
    const store = await seedStore();
    const fixes = store.getSnapshot().report.findings[0]!.fixes;
    const { screen, keys, onQuit } = await start(store, { columns: 100, rows: 90 });
    await keys(KEYS.enter, 'c');
    const chosen = /✓ on exit: (.*)/.exec(screen())?.[1]?.trim() ?? '';
    // By default the first fix that holds a command: its command, not its prose.
    expect(chosen).toMatch(/^kubectl /);
    const first = fixes.findIndex((f) => f.includes(chosen));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(fixes.slice(0, first).some((f) => f.includes('kubectl '))).toBe(false);
    expect(screen()).toMatch(new RegExp(`✓ ${first + 1}\\. `));

    const other = fixes.findIndex((f, i) => i !== first && f.includes('kubectl '));
    await keys(String(other + 1), 'c');
    const again = /✓ on exit: (.*)/.exec(screen())?.[1]?.trim() ?? '';
    expect(again).not.toBe(chosen);
    expect(fixes[other]).toContain(again.slice(0, 40));
    await keys('q');
    expect(onQuit).toHaveBeenCalledOnce();
    expect(fixes[other]!.replace(/\s+/g, ' ')).toContain(onQuit.mock.calls[0]![0]);
  });

  it('c again undoes the choice; Ctrl-C quits with nothing chosen', async () => {
    const { keys, screen, onQuit } = await start();
    await keys('c');
    expect(screen()).toContain('✓ on exit:');
    await keys('c');
    expect(screen()).not.toContain('✓ on exit:');
    await keys(KEYS.ctrlC);
    expect(onQuit).toHaveBeenCalledWith(null);
  });

  it('shows help with ? and closes it with ? or Esc', async () => {
    const { screen, keys } = await start();
    await keys('?');
    expect(screen()).toMatch(/K Tab +switch between the findings view and the kinds view/);
    await keys('?');
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
    await keys('?', KEYS.escape);
    expect(cursorRow(screen())).toContain('kind-case-mismatch');
  });

  it('says so when the terminal is too small', async () => {
    const store = await seedStore();
    const app = render(<App store={store} onQuit={() => {}} size={{ columns: 30, rows: 10 }} />);
    expect(app.lastFrame()?.replace(/\n/g, ' ')).toContain('The terminal is too small: the TUI needs 40×12.');
  });
});

describe('TUI on a live input', () => {
  it('updates as lines arrive, keeping the selected finding selected', async () => {
    const lines = readFileSync(SEED_LOG, 'utf8').split('\n');
    const input = new PassThrough();
    const registry = KindRegistry.withBuiltins();
    loadCrds(registry, SEED_CRD);
    const store = new LiveStore('stdin', () => 0);
    const done = analyze([{ label: '-', stream: input, mtime: new Date('2026-06-01T00:00:00Z') }], { library: loadLibrary([]), registry }, {
      maxLineBytes: 1024 * 1024,
      live: { idleFlushMs: 5, ...store.hooks() },
    });
    const { screen, keys } = await start(store);
    expect(screen()).toContain('● reading');
    expect(screen()).toContain('No findings yet — reading…');

    input.write(lines.slice(0, 28).join('\n') + '\n');
    await vi.waitFor(() => {
      store.publish();
      expect(screen()).toMatch(/› ERROR +1 {2}kind-case-mismatch/);
    });
    await keys('j');
    expect(cursorRow(screen())).toContain('gc-rest-mapping');

    input.write(lines.slice(28).join('\n'));
    await vi.waitFor(() => {
      store.publish();
      expect(screen()).toMatch(/ERROR +20 {2}gc-rest-mapping/);
    });
    expect(cursorRow(screen())).toContain('gc-rest-mapping');
    expect(screen()).toContain('50 lines');

    input.end();
    store.finish(await done, 'done');
    await settle();
    expect(screen()).toContain('✓ end of input');
  });
});

describe('TUI and hostile log text', () => {
  it('never lets control characters or escape sequences from the log reach the terminal', async () => {
    const dir = tempDir('kld-tui-');
    const file = join(dir, 'evil.log');
    const evil = '\u001b[2J\u001b[H\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u009b31m\u0007';
    writeFileSync(
      file,
      `E0612 10:00:20.717515       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for v1/Pod." ` +
        `item="[v1/Pod, namespace: default, name: web-0, uid: 1]" note="${evil}"\n`,
    );
    const store = await analyzedStore([file]);
    const { screen, keys } = await start(store);
    await keys('e');
    // Ink's own colours are SGR sequences; anything else would have come from the log.
    const withoutInkStyles = screen().replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutInkStyles).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(screen()).toContain('\\x1b[2J\\x1b[H\\x1b]8;;https://evil.example\\x07click');
    expect(screen()).toContain('\\x9b31m');
  });
});
