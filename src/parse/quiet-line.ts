/**
 * Cheap classification of the line shapes that make up nearly all of a controller log — klog
 * text, zap JSON and zap console — without building the entry: the format and level the full parser
 * would give, or null whenever that is not certain, and what the entry's match text is made of,
 * for the line prefilter (match/line-prefilter.ts) to prove that the entry cannot match.
 */

import { matchText, type FormatName, type Level } from '../model/entry.js';
import { levelOf } from './levels.js';
import { takeError } from './fields.js';
import { handOver, parseJsonObject, repeatsStacktrace } from './formats/json-object.js';
import { parseZapConsole } from './formats/zap-console.js';
import { isDigit } from './ascii.js';

export interface QuietClass {
  format: FormatName;
  level: Level | null;
  /** Its place in QUIET_CLASSES. */
  id: number;
}

/**
 * What the match text of a classified line is: exactly `text` (zap JSON, whose message and error
 * JSON.parse has already unescaped), or else made of pieces of `line[from, to)` (klog: the text
 * after the header, message and key/values). Filled in by classifyQuiet.
 */
export interface MatchSpan {
  text: string | null;
  from: number;
  to: number;
}

/** By the severity letter's character code: I, W, E, F. */
export const KLOG_CLASSES: Readonly<Record<number, QuietClass>> = {
  73: { format: 'klog', level: 'info', id: 0 },
  87: { format: 'klog', level: 'warning', id: 1 },
  69: { format: 'klog', level: 'error', id: 2 },
  70: { format: 'klog', level: 'fatal', id: 3 },
};

/**
 * A klog line as `parseKlog` reads it (its header regex, checked character by character), with
 * no multi-line value opened and no error value other than a quoted string, so that the message
 * and the error are pieces of the text after the header as long as it holds no backslash
 * (which the prefilter checks). The span is the whole text after the header, or only the
 * quoted message when there is no error.
 */
function klogClass(line: string, span: MatchSpan): QuietClass | null {
  const c0 = line.charCodeAt(0);
  if (KLOG_CLASSES[c0] === undefined) return null;
  // Lmmdd hh:mm:ss.uuuuuu
  for (let i = 1; i <= 20; i++) {
    const c = line.charCodeAt(i);
    const ok = i === 5 ? c === 32 : i === 8 || i === 11 ? c === 58 : i === 14 ? c === 46 : isDigit(c);
    if (!ok) return null;
  }
  // ` +\d+ ` thread id
  let i = 21;
  if (line.charCodeAt(i) !== 32) return null;
  while (line.charCodeAt(i) === 32) i++;
  const digits = i;
  while (isDigit(line.charCodeAt(i))) i++;
  if (i === digits || line.charCodeAt(i) !== 32) return null;
  // `file:line] `: the file name holds no space, ':' or ']'.
  const file = ++i;
  for (;;) {
    const c = line.charCodeAt(i);
    if (c === 58 || c === 32 || c === 93 || Number.isNaN(c)) break;
    i++;
  }
  if (i === file || line.charCodeAt(i) !== 58) return null;
  const lineDigits = ++i;
  while (isDigit(line.charCodeAt(i))) i++;
  if (i === lineDigits || line.charCodeAt(i) !== 93 || line.charCodeAt(i + 1) !== 32) return null;
  // `key=<` at the end opens a block whose lines become a field or the error.
  if (line.charCodeAt(line.length - 1) === 60 /* < */) return null;
  // An `err` that is not a quoted string is turned into text by the parser (numbers, JSON).
  for (let e = line.indexOf(' err=', i); e !== -1; e = line.indexOf(' err=', e + 1)) {
    if (line.charCodeAt(e + 5) !== 34 /* " */) return null;
  }
  const body = i + 2;
  span.text = null;
  span.from = body;
  span.to = line.length;
  // With no `err` pair the match text is the message alone: for a quoted message, what is
  // between its quotes (the prefilter still refuses a backslash there, which could escape one).
  if (line.charCodeAt(body) === 34 /* " */ && line.indexOf(' err=', body) === -1) {
    const close = line.indexOf('"', body + 1);
    if (close !== -1) {
      span.from = body + 1;
      span.to = close;
    }
  }
  return KLOG_CLASSES[c0]!;
}

/**
 * A zap JSON line as `parseJsonLine` classifies it: an object with a string `level`, a `ts` and
 * a string `msg` (and so not component-base JSON, which has no level); the match text is built
 * from the same values the parser takes. Lines that zap's duplicate `stacktrace` key makes the
 * parser re-read key by key are left to the parser.
 */
function zapClass(line: string, span: MatchSpan): QuietClass | null {
  const r = parseJsonObject(line);
  if (r === null) return null;
  // Only read here (takeError below takes from a copy): the parser takes it over if the line is parsed after all.
  handOver(line, r);
  const level = r['level'];
  const message = r['msg'];
  if (typeof level !== 'string' || !('ts' in r) || typeof message !== 'string') return null;
  if (repeatsStacktrace(line)) return null;
  let error: string | null = null;
  if ('error' in r || 'err' in r) {
    const errors: Record<string, unknown> = {};
    if ('error' in r) errors['error'] = r['error'];
    if ('err' in r) errors['err'] = r['err'];
    error = takeError(errors, ['error', 'err']);
  }
  span.text = matchText({ message, error });
  return ZAP_CLASSES[levelOf(level) ?? 'none'];
}

/** One class per level (and none) of a format whose lines carry a level name, ids from `first` on. */
function levelClasses(format: FormatName, first: number): Readonly<Record<Level | 'none', QuietClass>> {
  const levels = ['debug', 'info', 'warning', 'error', 'fatal', 'none'] as const;
  return Object.fromEntries(levels.map((l, i) => [l, { format, level: l === 'none' ? null : l, id: first + i }])) as Record<Level | 'none', QuietClass>;
}

export const ZAP_CLASSES = levelClasses('zap-json', 4);
export const ZAP_CONSOLE_CLASSES = levelClasses('zap-console', 10);

/**
 * A zap console line (`TIME TAB LEVEL …`, kubebuilder's default) as the parser reads it first
 * (detect.ts tries the strict reading before any other for a line that starts with a digit): its
 * match text is built from the parsed message and error.
 */
function zapConsoleClass(line: string, span: MatchSpan): QuietClass | null {
  const p = parseZapConsole(line);
  if (p === null) return null;
  span.text = matchText({ message: p.message, error: p.error });
  return ZAP_CONSOLE_CLASSES[p.level ?? 'none'];
}

/**
 * The format and level of a line that has no envelope, or null when only the full parser can
 * tell; `span` receives where its match text comes from.
 */
export function classifyQuiet(line: string, span: MatchSpan): QuietClass | null {
  const c = line.charCodeAt(0);
  if (c === 123 /* { */) return zapClass(line, span);
  if (isDigit(c)) return zapConsoleClass(line, span);
  if (isDigit(line.charCodeAt(1))) return klogClass(line, span);
  return null;
}

/** Every class, by id. */
export const QUIET_CLASSES: readonly QuietClass[] = [...Object.values(KLOG_CLASSES), ...Object.values(ZAP_CLASSES), ...Object.values(ZAP_CONSOLE_CLASSES)].sort(
  (a, b) => a.id - b.id,
);
