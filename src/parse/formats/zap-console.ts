/**
 * zap's console encoder, controller-runtime development mode and the kubebuilder default
 * (formats.md §3.4, §7.3): `TIME TAB LEVEL [TAB LOGGER] [TAB CALLER] TAB MSG [TAB {CONTEXT}]`.
 * Logger and caller are optional and unmarked and MSG is not escaped, so the fields are told
 * apart by shape: a trailing TAB-separated JSON object is the context, a spaceless name followed
 * by another field is the logger, a `file.go:NN` field is the caller, the rest is the message.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import { matchBracket } from './klog.js';
import { readJsonFragment } from '../salvage.js';

const LEVELS = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR', 'DPANIC', 'PANIC', 'FATAL', 'debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal']);

const ZAP_LOGGER_NAME = /^[\w.-]+$/;
const ZAP_CALLER = /^[\w./-]+\.go:\d+$/;

export function isZapLevel(s: string): boolean {
  return LEVELS.has(s) || ((s.startsWith('LEVEL(') || s.startsWith('Level(')) && s.endsWith(')'));
}

/** The time field must look like one of the encoders' outputs before anything else is tried. */
function looksLikeTime(s: string): boolean {
  return s.length >= 10 && s.length <= 40 && toIso(s) !== null;
}

export function parseZapConsole(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const t1 = line.indexOf('\t');
  if (t1 < 10 || t1 > 40) return null;
  const t2 = line.indexOf('\t', t1 + 1);
  const levelText = t2 === -1 ? line.slice(t1 + 1) : line.slice(t1 + 1, t2);
  if (!isZapLevel(levelText)) return null;
  const timeText = line.slice(0, t1);
  if (!looksLikeTime(timeText)) return null;

  let rest = t2 === -1 ? '' : line.slice(t2 + 1);
  let fields: Record<string, unknown> = {};
  const lastTab = rest.lastIndexOf('\t');
  const contextText = rest.slice(lastTab + 1);
  if (lastTab !== -1 && contextText.startsWith('{')) {
    const context = contextText.endsWith('}') ? parseContext(contextText) : (contextBeforeFrame(contextText) ?? cutContext(contextText));
    if (context) {
      fields = context;
      rest = rest.slice(0, lastTab);
    }
  }
  const parts = rest.split('\t');
  if (parts.length >= 2 && !ZAP_CALLER.test(parts[0]!) && ZAP_LOGGER_NAME.test(parts[0]!)) {
    fields['logger'] = parts.shift();
  }
  if (parts.length >= 2 && ZAP_CALLER.test(parts[0]!)) fields['caller'] = parts.shift();
  const error = takeError(fields, ['error', 'err']);
  return {
    format: 'zap-console',
    level: levelOf(levelText),
    time: toIso(timeText),
    message: parts.join('\t'),
    error,
    fields,
    openBlock: null,
  };
}

/**
 * A Go stack frame's function, as zap's stacktrace starts (`sigs.k8s.io/controller-runtime/pkg/
 * internal/controller.(*Controller).reconcileHandler`): one word of the characters such names
 * use, with a dot (one quantifier: linear on any text).
 */
function isGoFunction(s: string): boolean {
  return s.length <= 300 && s.includes('.') && /^[A-Za-z_][\w./()*~[\]-]*$/.test(s);
}

/**
 * The context when the stack trace that followed it on the next line was pasted onto the same
 * line (the newline became a space): `{…} sigs.k8s.io/….(*Controller).reconcileHandler`. The
 * object is taken up to its closing brace (matchBracket: strings and nesting honoured); null
 * unless what follows is one Go function name.
 */
function contextBeforeFrame(text: string): Record<string, unknown> | null {
  const end = matchBracket(text, 0);
  if (end === -1 || text.charCodeAt(end) !== 32 || !isGoFunction(text.slice(end + 1))) return null;
  return parseContext(text.slice(0, end));
}

/**
 * The context object of a line cut before its closing brace (a copier's or a terminal's width, the end of a
 * paste): its top-level string fields read as far as the text goes (readJsonFragment). Only text that starts
 * like zap's context, `{"`, and gives at least one key.
 */
function cutContext(text: string): Record<string, unknown> | null {
  return text.charCodeAt(1) === 34 /* " */ ? readJsonFragment(text) : null;
}

function parseContext(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // Not JSON: the braces were part of the message.
  }
  return null;
}


/** Whitespace that separates zap console fields once TABs were shown as spaces: a TAB, or a run of spaces. */
function skipSpaces(line: string, i: number): number {
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  return i;
}

function tokenEnd(line: string, i: number): number {
  while (i < line.length && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) i++;
  return i;
}

/** Whether the token `line[from, end)` has a TAB or two spaces before or after it. */
function setApart(line: string, from: number, end: number): boolean {
  const wide = (a: number, b: number) => line.charCodeAt(a) === 9 || (line.charCodeAt(a) === 32 && line.charCodeAt(b) === 32);
  return (from > 0 && wide(from - 1, from - 2)) || wide(end, end + 1);
}

/** Whether a dotted logger name (`controller-runtime.source`) followed by a space is at `at`. */
function dottedNameAt(line: string, at: number): boolean {
  const end = tokenEnd(line, at);
  const name = line.slice(at, end);
  return end > at && line.charCodeAt(end) === 32 && name.includes('.') && ZAP_LOGGER_NAME.test(name) && !ZAP_CALLER.test(name);
}

/** How many `{` are tried as the start of the trailing context object. */
const MAX_CONTEXT_TRIES = 8;

/**
 * zap console output as pastes leave it (issue #19): TABs turned into runs of spaces, an epoch
 * float time (`1.7012345678901234e+09`), no time at all (then the line starts with an upper-case
 * level and a TAB or two spaces), or the logger before the level. Tried only after the strict
 * reading failed.
 */
export function parseZapConsoleLoose(line: string): ParsedLine | null {
  let i = 0;
  let time: string | null = null;
  let logger: string | null = null;
  const first = tokenEnd(line, 0);
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const timeText = line.slice(0, first);
    if (!looksLikeTime(timeText)) return null;
    time = toIso(timeText);
    i = skipSpaces(line, first);
    if (i === first) return null;
  }
  let end = tokenEnd(line, i);
  let levelText = line.slice(i, end);
  if (!isZapLevel(levelText)) {
    // The logger before the level (a custom encoder's key order).
    if (time === null || !ZAP_LOGGER_NAME.test(levelText)) return null;
    const next = skipSpaces(line, end);
    const nextEnd = tokenEnd(line, next);
    if (next === end || !isZapLevel(line.slice(next, nextEnd))) return null;
    logger = levelText;
    levelText = line.slice(next, nextEnd);
    end = nextEnd;
  } else if (time === null) {
    // Without a time, only an upper-case level set apart like a field is taken for zap's.
    if (levelText !== levelText.toUpperCase() || !(setApart(line, i, end) || dottedNameAt(line, end + 1))) return null;
  } else if (levelText !== levelText.toUpperCase() && !setApart(line, i, end)) {
    // `… fatal error: …` is prose; a lower-case level must be set apart like a field.
    return null;
  }
  if (end < line.length && line.charCodeAt(end) !== 32 && line.charCodeAt(end) !== 9) return null;
  let rest = line.slice(skipSpaces(line, end)).trimEnd();
  let fields: Record<string, unknown> = {};
  // The trailing context object: the first `{` after whitespace from which the rest is one object.
  let tries = 0;
  for (let b = rest.indexOf('{'); b !== -1 && tries < MAX_CONTEXT_TRIES && rest.endsWith('}'); b = rest.indexOf('{', b + 1)) {
    const before = rest.charCodeAt(b - 1);
    if (b !== 0 && before !== 32 && before !== 9) continue;
    tries++;
    const context = parseContext(rest.slice(b));
    if (context) {
      fields = context;
      rest = rest.slice(0, b).trimEnd();
      break;
    }
  }
  if (tries === 0 && !rest.endsWith('}')) {
    // A context cut before its end: the last `{"` set apart by whitespace.
    const b = Math.max(rest.lastIndexOf('\t{"'), rest.lastIndexOf(' {"'));
    const context = b === -1 ? null : cutContext(rest.slice(b + 1));
    if (context) {
      fields = context;
      rest = rest.slice(0, b).trimEnd();
    }
  }
  // A logger and a caller are single tokens set apart from the message by a TAB or two spaces.
  const parts = rest.split(/\t| {2,}/);
  if (logger === null && parts.length >= 2 && !ZAP_CALLER.test(parts[0]!) && ZAP_LOGGER_NAME.test(parts[0]!)) logger = parts.shift()!;
  else if (logger === null) {
    // A TAB after a long logger name can show as one space: a dotted name is still the logger.
    const space = parts[0]!.indexOf(' ');
    const name = parts[0]!.slice(0, space);
    if (space > 0 && name.includes('.') && ZAP_LOGGER_NAME.test(name) && !ZAP_CALLER.test(name)) {
      logger = name;
      parts[0] = parts[0]!.slice(space + 1);
    }
  }
  if (parts.length >= 2 && ZAP_CALLER.test(parts[0]!)) fields['caller'] = parts.shift();
  if (logger !== null) fields['logger'] = logger;
  const error = takeError(fields, ['error', 'err']);
  return { format: 'zap-console', level: levelOf(levelText), time, message: parts.join(' '), error, fields, openBlock: null };
}

/**
 * Whether `text` (what follows a leading timestamp and a space) goes on as a zap console line:
 * a level (or a logger name and a level), after any further spaces, set apart by whitespace. Such a timestamp is the line's own
 * (zap's, with TABs shown as spaces), not a `--timestamps` envelope.
 */
export function continuesZapConsole(text: string): boolean {
  const from = skipSpaces(text, 0);
  const end = tokenEnd(text, from);
  if (end === from) return false;
  const level = text.slice(from, end);
  if (isZapLevel(level)) return level === level.toUpperCase() || from > 0 || setApart(text, from, end);
  // The logger before the level.
  const next = skipSpaces(text, end);
  const nextEnd = tokenEnd(text, next);
  return next > end && nextEnd > next && ZAP_LOGGER_NAME.test(text.slice(from, end)) && isZapLevel(text.slice(next, nextEnd));
}
