import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { BINDINGS, HINTS, commandFor, filterCommandFor, keysLabel } from '../../src/tui/keymap.js';
import { splitKeys } from '../../src/tui/app.js';

const NONE: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key> = {}): Key => ({ ...NONE, ...k });

describe('key map', () => {
  it.each([
    ['↑', '', key({ upArrow: true }), 'move.up'],
    ['k', 'k', key(), 'move.up'],
    ['↓', '', key({ downArrow: true }), 'move.down'],
    ['j', 'j', key(), 'move.down'],
    ['Enter', '', key({ return: true }), 'open'],
    ['→', '', key({ rightArrow: true }), 'open'],
    ['Esc', '', key({ escape: true }), 'back'],
    ['←', '', key({ leftArrow: true }), 'back'],
    ['/', '/', key(), 'filter.start'],
    ['s', 's', key(), 'severity.cycle'],
    ['K', 'K', key({ shift: true }), 'view.kinds'],
    ['Tab', '', key({ tab: true }), 'view.kinds'],
    ['e', 'e', key(), 'view.evidence'],
    ['c', 'c', key(), 'fix.choose'],
    ['?', '?', key(), 'view.help'],
    ['q', 'q', key(), 'app.quit'],
    ['Ctrl-C', 'c', key({ ctrl: true }), 'app.quit'],
    ['PgDn', '', key({ pageDown: true }), 'move.pageDown'],
    ['G', 'G', key({ shift: true }), 'move.last'],
  ])('%s means %s', (_name, input, k, command) => {
    expect(commandFor(input, k)?.command).toBe(command);
  });

  it('resolves the k clash: k is up, K and Tab switch to the kinds view', () => {
    expect(keysLabel('move.up')).toBe('↑ k');
    expect(keysLabel('view.kinds')).toBe('K Tab');
  });

  it('passes the digit of fix.pick and ignores unbound keys', () => {
    expect(commandFor('3', key())).toEqual({ command: 'fix.pick', digit: 3 });
    expect(commandFor('0', key())).toBeNull();
    expect(commandFor('x', key())).toBeNull();
  });

  it('binds no key twice', () => {
    const seen = new Set<string>();
    for (const b of BINDINGS) {
      for (const c of b.chords) {
        const id = `${c.name ?? ''}|${c.input ?? ''}|${c.ctrl ? 'ctrl' : ''}|${c.digit ? 'digit' : ''}`;
        expect(seen.has(id), `${c.label} is bound twice`).toBe(false);
        seen.add(id);
      }
    }
  });

  it('hints only at commands that exist', () => {
    const commands = new Set(BINDINGS.map((b) => b.command));
    for (const list of Object.values(HINTS)) for (const c of list) expect(commands.has(c)).toBe(true);
  });

  it('while typing a filter, letters are text and Enter/Esc/Backspace edit it', () => {
    expect(filterCommandFor('q', key())).toEqual({ command: 'filter.type', text: 'q' });
    expect(filterCommandFor('', key({ return: true }))).toEqual({ command: 'filter.accept' });
    expect(filterCommandFor('', key({ escape: true }))).toEqual({ command: 'filter.cancel' });
    expect(filterCommandFor('', key({ backspace: true }))).toEqual({ command: 'filter.erase' });
    expect(filterCommandFor('u', key({ ctrl: true }))).toEqual({ command: 'filter.clear' });
    expect(filterCommandFor('', key({ upArrow: true }))).toBeNull();
    expect(filterCommandFor('a\u001bb', key())).toEqual({ command: 'filter.type', text: 'ab' });
  });

  it('takes a burst of typed characters apart into single keys', () => {
    expect(splitKeys('/gc\r', key()).map(([i, k]) => (k.return ? '⏎' : i))).toEqual(['/', 'g', 'c', '⏎']);
    expect(splitKeys('K', key({ shift: true }))).toEqual([['K', key({ shift: true })]]);
    expect(splitKeys('', key({ upArrow: true }))).toEqual([['', key({ upArrow: true })]]);
  });
});
