import { describe, expect, it } from 'vitest';
import { appReducer, currentScreen, initialAppState, nextSeverity, type AppAction, type AppState, type ViewFacts } from '../../src/tui/app-state.js';
import type { Command } from '../../src/tui/keymap.js';

const list = (listKeys: string[], more: Partial<ViewFacts> = {}): ViewFacts => ({
  listKeys,
  pageSize: 2,
  maxScroll: 0,
  fixCommands: ['# use the right kind', 'kubectl get crd'],
  defaultFix: 1,
  ...more,
});
const press = (state: AppState, command: Command, view: ViewFacts, digit?: number): AppState =>
  appReducer(state, { type: 'key', command, view, ...(digit === undefined ? {} : { digit }) } as AppAction);
const keys = ['a', 'b', 'c', 'd'];

describe('appReducer', () => {
  it('moves the selection by key within the list, and stops at its ends', () => {
    let s = press(initialAppState, 'move.down', list(keys));
    expect(s.findingKey).toBe('b');
    s = press(s, 'move.last', list(keys));
    expect(s.findingKey).toBe('d');
    s = press(s, 'move.down', list(keys));
    expect(s.findingKey).toBe('d');
    s = press(s, 'move.pageUp', list(keys));
    expect(s.findingKey).toBe('b');
    s = press(s, 'move.first', list(keys));
    expect(s.findingKey).toBe('a');
  });

  it('keeps the selected finding when a live update re-sorts the list', () => {
    const s = press(initialAppState, 'move.down', list(keys));
    expect(press(s, 'move.down', list(['b', 'a', 'c', 'd'])).findingKey).toBe('a');
  });

  it('opens details with Enter and goes back with Esc; Esc on the list clears the filter', () => {
    let s = press(initialAppState, 'open', list(keys));
    expect(s.stack).toEqual(['findings', 'details']);
    expect(s.findingKey).toBe('a');
    s = press(s, 'back', list([]));
    expect(currentScreen(s)).toBe('findings');
    s = { ...s, filter: 'gc' };
    s = press(s, 'back', list(keys));
    expect(s.filter).toBe('');
    expect(s.stack).toEqual(['findings']);
  });

  it('scrolls the details pane within its bounds, and resets the scroll on a new selection', () => {
    let s = press(initialAppState, 'open', list(keys));
    s = press(s, 'move.down', list([], { maxScroll: 3 }));
    s = press(s, 'move.pageDown', list([], { maxScroll: 3, pageSize: 10 }));
    expect(s.scroll).toBe(3);
    s = press(s, 'move.up', list([], { maxScroll: 3 }));
    expect(s.scroll).toBe(2);
    s = press(s, 'back', list([]));
    expect(s.scroll).toBe(0);
  });

  it('switches to the kinds view and into a kind’s findings, and back', () => {
    let s = press(initialAppState, 'view.kinds', list(keys));
    expect(s.stack).toEqual(['kinds']);
    s = press(s, 'move.down', list(['k1', 'k2']));
    expect(s.kindKey).toBe('k2');
    s = press(s, 'open', list(['k1', 'k2']));
    expect(s.stack).toEqual(['kinds', 'kind-findings']);
    s = press(s, 'open', list(['c']));
    expect(s.stack).toEqual(['kinds', 'kind-findings', 'details']);
    expect(s.findingKey).toBe('c');
    s = press(s, 'view.kinds', list([]));
    expect(s.stack).toEqual(['findings']);
  });

  it('opens and closes the evidence of the selected finding with e', () => {
    let s = press(initialAppState, 'view.evidence', list(keys));
    expect(s.stack).toEqual(['findings', 'evidence']);
    expect(s.findingKey).toBe('a');
    s = press(s, 'view.evidence', list([]));
    expect(s.stack).toEqual(['findings']);
    expect(press(initialAppState, 'view.evidence', list([]))).toEqual(initialAppState);
  });

  it('edits the filter: typing, erasing, keeping and clearing', () => {
    let s = press(initialAppState, 'filter.start', list(keys));
    expect(s.editingFilter).toBe(true);
    for (const text of ['g', 'c', 'x']) s = appReducer(s, { type: 'filter', command: 'filter.type', text });
    s = appReducer(s, { type: 'filter', command: 'filter.erase' });
    expect(s.filter).toBe('gc');
    s = appReducer(s, { type: 'filter', command: 'filter.accept' });
    expect(s).toMatchObject({ filter: 'gc', editingFilter: false });
    s = press(s, 'filter.start', list(keys));
    s = appReducer(s, { type: 'filter', command: 'filter.cancel' });
    expect(s).toMatchObject({ filter: '', editingFilter: false });
  });

  it('cycles the minimum severity all → warning → error → critical → all', () => {
    const seen = [initialAppState.minSeverity];
    let s = initialAppState;
    for (let i = 0; i < 4; i++) seen.push((s = press(s, 'severity.cycle', list(keys))).minSeverity);
    expect(seen).toEqual(['info', 'warning', 'error', 'critical', 'info']);
    expect(nextSeverity('critical')).toBe('info');
  });

  it('chooses the default fix with c, a picked one with a digit first, and undoes with c again', () => {
    let s = press(initialAppState, 'fix.choose', list(keys));
    expect(s.chosen).toBe('kubectl get crd');
    s = press(s, 'fix.choose', list(keys));
    expect(s.chosen).toBeNull();
    s = press(s, 'fix.pick', list(keys), 1);
    expect(s.fixIndex).toBe(0);
    s = press(s, 'fix.choose', list(keys));
    expect(s.chosen).toBe('# use the right kind');
    expect(press(s, 'fix.pick', list(keys), 9).fixIndex).toBe(0);
  });

  it('toggles help and quits', () => {
    const s = press(initialAppState, 'view.help', list(keys));
    expect(currentScreen(s)).toBe('help');
    expect(currentScreen(press(s, 'view.help', list([])))).toBe('findings');
    expect(press(initialAppState, 'app.quit', list(keys)).quit).toBe(true);
  });
});
