/**
 * Which entries that no signature explains are worth reporting as unrecognised errors: entries at
 * error (or fatal) level, and entries at warning level or with no level whose match text holds
 * an error word. Info and debug entries never are: their authors said they are not errors.
 *
 * An error word is one of ERROR_WORDS as a substring, written in lower case, Capitalised or in
 * capitals (`error`, `Error`, `ERROR`, and so `errors`, `failed`, `Failure`, …). The lazy byte
 * path (parse/quiet-bytes.ts) and the string path (parse/assembler.ts) search the same needles,
 * so a line they take as quiet is never a candidate.
 */

import type { Level, LogEntry } from '../model/entry.js';
import { matchText } from '../model/entry.js';
import { FOUND, KeywordAutomaton } from './keyword-automaton.js';

export const ERROR_WORDS: readonly string[] = [
  'error',
  'fail',
  'refused',
  'denied',
  'timeout',
  'timed out',
  'panic',
  'cannot',
  'unable',
  'exception',
  'fatal',
];

/** Every spelling searched for: lower case, Capitalised, capitals. */
export const ERROR_NEEDLES: readonly string[] = [...new Set(ERROR_WORDS.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]))];

let textAutomaton: KeywordAutomaton | null = null;
let byteAutomaton: KeywordAutomaton | null = null;

/** The needles over text. */
export function errorWordAutomaton(): KeywordAutomaton {
  return (textAutomaton ??= new KeywordAutomaton(ERROR_NEEDLES));
}

/** The needles over UTF-8 bytes (ASCII needles: a byte scan finds what a text scan finds). */
export function errorWordByteAutomaton(): KeywordAutomaton {
  return (byteAutomaton ??= KeywordAutomaton.forBytes(ERROR_NEEDLES));
}

/** Whether `text[from, to)` holds an error word. */
export function hasErrorWord(text: string, from = 0, to = text.length): boolean {
  return errorWordAutomaton().scan(text, from, to, 0) === FOUND;
}

/** Levels at which every entry is a candidate. */
export function alwaysCandidate(level: Level | null): boolean {
  return level === 'error' || level === 'fatal';
}

/** Levels at which an entry is a candidate when its text holds an error word. */
export function candidateWithWord(level: Level | null): boolean {
  return level === 'warning' || level === null;
}

/** Whether an entry that no signature explains is an unrecognised error. */
export function isUnknownCandidate(entry: Pick<LogEntry, 'level' | 'message' | 'error'>): boolean {
  if (alwaysCandidate(entry.level)) return true;
  return candidateWithWord(entry.level) && hasErrorWord(matchText(entry));
}
