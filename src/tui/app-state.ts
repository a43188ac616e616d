/**
 * The TUI's navigation state and its reducer: which screen is open, what is selected, the
 * filter, the minimum severity, scroll offsets and the fix chosen for printing. Pure: every
 * action carries the view facts it needs (the keys on screen, the largest scroll offset), so
 * the reducer is tested without rendering anything.
 */

import { SEVERITIES, type Severity } from '../model/finding.js';
import type { Command, FilterCommand } from './keymap.js';

export type Screen = 'findings' | 'details' | 'evidence' | 'kinds' | 'kind-findings' | 'help' | 'unknown';

export interface AppState {
  /** Open screens, the current one last; the first is the root view (findings or kinds). */
  stack: readonly Screen[];
  /** Selected finding (by key, so it stays selected while live updates re-sort the list). */
  findingKey: string | null;
  /** Selected kind in the kinds view. */
  kindKey: string | null;
  /** Selected group in the unrecognised-errors view (by id). */
  unknownKey: string | null;
  /** A signature skeleton asked for with `n` (the group's id), until the app has written it. */
  skeletonFor: string | null;
  /** A message for the footer (what `n` wrote). */
  message: string | null;
  filter: string;
  editingFilter: boolean;
  /** Findings below this severity are hidden; `info` shows all. */
  minSeverity: Severity;
  /** Offset of the scrolled pane (details, evidence, help). */
  scroll: number;
  /** Fix picked with 1–9 for the selected finding (null: the default one). */
  fixIndex: number | null;
  /** What `c` chose to print on exit. */
  chosen: string | null;
  quit: boolean;
}

export const initialAppState: AppState = {
  stack: ['findings'],
  findingKey: null,
  kindKey: null,
  unknownKey: null,
  skeletonFor: null,
  message: null,
  filter: '',
  editingFilter: false,
  minSeverity: 'info',
  scroll: 0,
  fixIndex: null,
  chosen: null,
  quit: false,
};

/** What the reducer needs to know about the screen as drawn. */
export interface ViewFacts {
  /** Keys of the list on screen, in order: findings, a kind's findings, or kinds. */
  listKeys: readonly string[];
  /** Rows one page moves. */
  pageSize: number;
  /** Largest scroll offset of the scrolled pane on screen. */
  maxScroll: number;
  /** Printable commands of the selected finding's fixes, in order. */
  fixCommands: readonly string[];
  /** The fix `c` takes when none was picked. */
  defaultFix: number;
}

export type AppAction =
  | { type: 'key'; command: Command; digit?: number; view: ViewFacts }
  | { type: 'filter'; command: FilterCommand; text?: string }
  /** The app wrote (or could not write) the skeleton asked for. */
  | { type: 'skeleton-done'; message: string };

export const LIST_SCREENS: readonly Screen[] = ['findings', 'kinds', 'kind-findings', 'unknown'];

export function currentScreen(state: AppState): Screen {
  return state.stack[state.stack.length - 1]!;
}

/** The selected key as shown: the remembered one while it is on the list, else the first. */
export function effectiveSelection(remembered: string | null, keys: readonly string[]): string | null {
  return remembered !== null && keys.includes(remembered) ? remembered : (keys[0] ?? null);
}

/** The next minimum severity: all → warning → error → critical → all. */
export function nextSeverity(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return i === 0 ? 'info' : SEVERITIES[i - 1]!;
}

function selectionKey(screen: Screen): 'kindKey' | 'findingKey' | 'unknownKey' {
  return screen === 'kinds' ? 'kindKey' : screen === 'unknown' ? 'unknownKey' : 'findingKey';
}

function moveSelection(state: AppState, screen: Screen, by: number | 'first' | 'last', keys: readonly string[]): AppState {
  if (keys.length === 0) return state;
  const field = selectionKey(screen);
  const current = effectiveSelection(state[field], keys);
  const at = current === null ? 0 : keys.indexOf(current);
  const to = by === 'first' ? 0 : by === 'last' ? keys.length - 1 : Math.max(0, Math.min(keys.length - 1, at + by));
  const next = keys[to]!;
  if (next === state[field]) return state;
  if (field === 'unknownKey') return { ...state, unknownKey: next };
  return field === 'findingKey' ? { ...state, findingKey: next, scroll: 0, fixIndex: null } : { ...state, kindKey: next };
}

function scrollBy(state: AppState, by: number | 'first' | 'last', max: number): AppState {
  const to = by === 'first' ? 0 : by === 'last' ? max : state.scroll + by;
  return { ...state, scroll: Math.max(0, Math.min(max, to)) };
}

function push(state: AppState, screen: Screen): AppState {
  return { ...state, stack: [...state.stack, screen], scroll: 0 };
}

function pop(state: AppState): AppState {
  return state.stack.length > 1 ? { ...state, stack: state.stack.slice(0, -1), scroll: 0 } : state;
}

function onKey(state: AppState, command: Command, digit: number | undefined, view: ViewFacts): AppState {
  const screen = currentScreen(state);
  const isList = LIST_SCREENS.includes(screen);
  const move = (by: number | 'first' | 'last') =>
    isList ? moveSelection(state, screen, by, view.listKeys) : scrollBy(state, by, view.maxScroll);
  // A finding is "at hand" on a findings list with something on it, and in its details/evidence.
  const selected = isList ? effectiveSelection(state[selectionKey(screen)], view.listKeys) : state.findingKey;
  const findingAtHand = screen === 'kinds' || screen === 'help' || screen === 'unknown' ? null : selected;

  switch (command) {
    case 'move.up':
      return move(-1);
    case 'move.down':
      return move(1);
    case 'move.pageUp':
      return move(-Math.max(1, view.pageSize));
    case 'move.pageDown':
      return move(Math.max(1, view.pageSize));
    case 'move.first':
      return move('first');
    case 'move.last':
      return move('last');
    case 'open':
      if (selected === null) return state;
      if (screen === 'findings' || screen === 'kind-findings') return push({ ...state, findingKey: selected }, 'details');
      if (screen === 'kinds') return push({ ...state, kindKey: selected }, 'kind-findings');
      return state;
    case 'back':
      if (state.stack.length === 1 && state.filter !== '') return { ...state, filter: '' };
      return pop(state);
    case 'view.kinds':
      return { ...state, stack: [state.stack[0] === 'kinds' ? 'findings' : 'kinds'], scroll: 0 };
    case 'view.evidence':
      if (screen === 'evidence') return pop(state);
      return findingAtHand === null ? state : push({ ...state, findingKey: findingAtHand }, 'evidence');
    case 'view.help':
      return screen === 'help' ? pop(state) : push(state, 'help');
    case 'view.unknown':
      return screen === 'unknown' ? pop(state) : push(state, 'unknown');
    case 'unknown.skeleton':
      return screen === 'unknown' && selected !== null ? { ...state, unknownKey: selected, skeletonFor: selected } : state;
    case 'filter.start':
      return isList ? { ...state, editingFilter: true } : state;
    case 'severity.cycle':
      return { ...state, minSeverity: nextSeverity(state.minSeverity) };
    case 'fix.pick':
      if (findingAtHand === null || digit === undefined || digit < 1 || digit > view.fixCommands.length) return state;
      return { ...state, findingKey: findingAtHand, fixIndex: digit - 1 };
    case 'fix.choose': {
      if (findingAtHand === null) return state;
      const command = view.fixCommands[state.fixIndex ?? view.defaultFix];
      if (command === undefined) return state;
      return { ...state, findingKey: findingAtHand, chosen: state.chosen === command ? null : command };
    }
    case 'app.quit':
      return { ...state, quit: true };
  }
}

function onFilter(state: AppState, command: FilterCommand, text: string | undefined): AppState {
  switch (command) {
    case 'filter.type':
      return { ...state, filter: state.filter + (text ?? '') };
    case 'filter.erase':
      return { ...state, filter: [...state.filter].slice(0, -1).join('') };
    case 'filter.clear':
      return { ...state, filter: '' };
    case 'filter.accept':
      return { ...state, editingFilter: false };
    case 'filter.cancel':
      return { ...state, editingFilter: false, filter: '' };
  }
}

export function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type === 'skeleton-done') return { ...state, skeletonFor: null, message: action.message };
  // A message stays until the next key.
  const next = action.type === 'key' ? onKey(state, action.command, action.digit, action.view) : onFilter(state, action.command, action.text);
  return next.message !== null && next.skeletonFor === null ? { ...next, message: null } : next;
}
