/**
 * Every key binding of the TUI, as data: the help screen and the footer hints are generated
 * from this table, so they cannot drift from what the keys do.
 *
 * `k` is "up", as vim users expect of j/k; the kinds view is on `K` (shift-k) and Tab.
 */

import type { Key } from 'ink';
import type { Screen } from './app-state.js';

export type Command =
  | 'move.up'
  | 'move.down'
  | 'move.pageUp'
  | 'move.pageDown'
  | 'move.first'
  | 'move.last'
  | 'open'
  | 'back'
  | 'view.kinds'
  | 'view.evidence'
  | 'view.help'
  | 'view.unknown'
  | 'unknown.skeleton'
  | 'filter.start'
  | 'severity.cycle'
  | 'fix.pick'
  | 'fix.choose'
  | 'app.quit';

/** Keys while the filter is being typed. */
export type FilterCommand = 'filter.accept' | 'filter.cancel' | 'filter.erase' | 'filter.clear' | 'filter.type';

type KeyName = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab';

export interface Chord {
  /** A named key (arrows, Enter, Esc …). */
  name?: KeyName;
  /** A typed character, case-sensitive. */
  input?: string;
  /** With the Ctrl key. */
  ctrl?: boolean;
  /** Any of the digits 1–9. */
  digit?: boolean;
  /** How the help screen writes it. */
  label: string;
}

export interface Binding {
  command: Command;
  chords: readonly Chord[];
  /** What it does, for the help screen. */
  does: string;
  /** Short form for the footer. */
  hint: string;
}

export const BINDINGS: readonly Binding[] = [
  { command: 'move.up', chords: [{ name: 'upArrow', label: '↑' }, { input: 'k', label: 'k' }], does: 'move up; scroll up in details, evidence and help', hint: '↑↓ jk move' },
  { command: 'move.down', chords: [{ name: 'downArrow', label: '↓' }, { input: 'j', label: 'j' }], does: 'move down; scroll down', hint: '↑↓ jk move' },
  { command: 'move.pageUp', chords: [{ name: 'pageUp', label: 'PgUp' }, { input: 'u', ctrl: true, label: 'Ctrl-U' }], does: 'a page up', hint: 'PgUp/PgDn page' },
  { command: 'move.pageDown', chords: [{ name: 'pageDown', label: 'PgDn' }, { input: 'd', ctrl: true, label: 'Ctrl-D' }, { input: ' ', label: 'Space' }], does: 'a page down', hint: 'PgUp/PgDn page' },
  { command: 'move.first', chords: [{ name: 'home', label: 'Home' }, { input: 'g', label: 'g' }], does: 'to the top', hint: 'g/G top/end' },
  { command: 'move.last', chords: [{ name: 'end', label: 'End' }, { input: 'G', label: 'G' }], does: 'to the end', hint: 'g/G top/end' },
  { command: 'open', chords: [{ name: 'return', label: 'Enter' }, { name: 'rightArrow', label: '→' }, { input: 'l', label: 'l' }], does: "open the selected finding's details (a kind's findings in the kinds view)", hint: 'Enter/→ open' },
  { command: 'back', chords: [{ name: 'escape', label: 'Esc' }, { name: 'leftArrow', label: '←' }, { input: 'h', label: 'h' }], does: 'go back; on the list, clear the filter', hint: 'Esc/← back' },
  { command: 'view.kinds', chords: [{ input: 'K', label: 'K' }, { name: 'tab', label: 'Tab' }], does: 'switch between the findings view and the kinds view (kinds → their findings)', hint: 'K/Tab kinds' },
  { command: 'view.evidence', chords: [{ input: 'e', label: 'e' }], does: 'all evidence lines of the selected finding, scrollable (e again closes)', hint: 'e evidence' },
  { command: 'filter.start', chords: [{ input: '/', label: '/' }], does: 'filter by text (id, title, kinds, objects); Enter keeps it, Esc clears it', hint: '/ filter' },
  { command: 'severity.cycle', chords: [{ input: 's', label: 's' }], does: 'cycle the minimum severity: all → warning → error → critical', hint: 's severity' },
  { command: 'fix.pick', chords: [{ digit: true, label: '1-9' }], does: "pick fix N of the selected finding (for c)", hint: '1-9 pick fix' },
  { command: 'fix.choose', chords: [{ input: 'c', label: 'c' }], does: 'print the picked fix command on exit (or write it to --print-selection FILE); c again undoes', hint: 'c print fix' },
  { command: 'view.unknown', chords: [{ input: 'U', label: 'U' }], does: 'unrecognised errors: error lines no signature knows, grouped, with examples (U again closes)', hint: 'U unrecognised' },
  { command: 'unknown.skeleton', chords: [{ input: 'n', label: 'n' }], does: 'in the unrecognised errors: write a signature skeleton for the selected group (unknown-<id>.yaml in the current directory)', hint: 'n new signature' },
  { command: 'view.help', chords: [{ input: '?', label: '?' }], does: 'this help (? or Esc closes it)', hint: '? help' },
  { command: 'app.quit', chords: [{ input: 'q', label: 'q' }, { input: 'c', ctrl: true, label: 'Ctrl-C' }], does: 'quit', hint: 'q quit' },
];

/** Footer hints per screen, in order. */
export const HINTS: Record<Screen, readonly Command[]> = {
  findings: ['move.down', 'open', 'filter.start', 'severity.cycle', 'view.kinds', 'view.evidence', 'fix.choose', 'view.help', 'app.quit'],
  'kind-findings': ['move.down', 'open', 'back', 'filter.start', 'severity.cycle', 'view.evidence', 'view.help', 'app.quit'],
  kinds: ['move.down', 'open', 'filter.start', 'severity.cycle', 'view.kinds', 'view.help', 'app.quit'],
  details: ['move.down', 'back', 'view.evidence', 'fix.pick', 'fix.choose', 'view.help', 'app.quit'],
  evidence: ['move.down', 'move.pageDown', 'move.last', 'back', 'view.help', 'app.quit'],
  help: ['move.down', 'back', 'app.quit'],
  unknown: ['move.down', 'unknown.skeleton', 'back', 'view.help', 'app.quit'],
};

export interface KeyCommand {
  command: Command;
  /** For fix.pick: the digit pressed. */
  digit?: number;
}

function matches(chord: Chord, input: string, key: Key): boolean {
  if (Boolean(chord.ctrl) !== key.ctrl) return false;
  if (chord.digit) return /^[1-9]$/.test(input);
  if (chord.name) return key[chord.name];
  return chord.input === input;
}

/** The command a key press means outside the filter prompt, or null for an unbound key. */
export function commandFor(input: string, key: Key): KeyCommand | null {
  for (const b of BINDINGS) {
    for (const chord of b.chords) {
      if (matches(chord, input, key)) return b.command === 'fix.pick' ? { command: b.command, digit: Number(input) } : { command: b.command };
    }
  }
  return null;
}

export interface FilterKey {
  command: FilterCommand;
  /** For filter.type: the text typed (or pasted). */
  text?: string;
}

/** What a key press means while the filter is being typed. */
export function filterCommandFor(input: string, key: Key): FilterKey | null {
  if (key.return) return { command: 'filter.accept' };
  if (key.escape) return { command: 'filter.cancel' };
  if (key.backspace || key.delete) return { command: 'filter.erase' };
  if (key.ctrl && input === 'u') return { command: 'filter.clear' };
  if (key.ctrl && input === 'c') return { command: 'filter.cancel' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
  // Printable text only: a pasted escape sequence must not end up in the filter.
  const text = input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return text ? { command: 'filter.type', text } : null;
}

/** Keys of a binding as the help screen shows them (`↑ k`). */
export function keysLabel(command: Command): string {
  const b = BINDINGS.find((x) => x.command === command);
  return b ? b.chords.map((c) => c.label).join(' ') : '';
}
