/**
 * The lazy path's first step, on raw bytes: a klog, zap JSON or zap console line that provably
 * starts an entry no signature can match is recognised before it is decoded to a string at all. This is
 * classifyQuiet (quiet-line.ts) and the line prefilter together, read off the bytes: the header
 * or JSON structure is checked in place and the keyword automaton runs over the bytes of the
 * message (and error). Whatever is not certain — escapes, an `err=` pair, JSON whose values the
 * parser would turn into text, terminal escapes, lines an envelope could claim — returns null,
 * and the line takes the string path, which decides it exactly.
 */

import { MATCH_TEXT_SEPARATOR } from '../model/entry.js';
import { DENSE_ENTRIES, FOUND, KeywordAutomaton } from '../match/keyword-automaton.js';
import { searchNeedles } from '../match/line-prefilter.js';
import { automatonKey, storedAutomaton } from '../match/automaton-store.js';
import { alwaysCandidate, candidateWithWord, errorWordByteAutomaton } from '../match/error-words.js';
import { levelOf } from './levels.js';
import { KLOG_CLASSES, ZAP_CLASSES, ZAP_CONSOLE_CLASSES, type QuietClass } from './quiet-line.js';
import { isZapLevel } from './formats/zap-console.js';
import { isWallClock, rfc3339LengthBytes, toIso } from './timestamps.js';
import { isDigit } from './ascii.js';

const QUOTE = 34;
const BACKSLASH = 92;
const ESC = 0x1b;
const SEPARATOR = Buffer.from(MATCH_TEXT_SEPARATOR, 'utf8');

/**
 * The keyword automaton over bytes. Besides the keywords (and their straddle needles), a
 * backslash (an escape, after which the text is no longer the bytes), ESC (terminal escapes
 * make the peeler look closer) and a markdown link (REWRITTEN_MARKUP) count as finds, so that
 * such lines go to the string path.
 */
export function quietByteScanner(keywords: readonly string[]): KeywordAutomaton {
  const needles = searchNeedles(keywords);
  // The build stores the bundled library's automaton (automaton-store.ts): taken when the lists are the same.
  const stored = storedAutomaton(byteScannerKey(needles));
  return stored ? new KeywordAutomaton(stored.data) : KeywordAutomaton.forBytes(needles, [BACKSLASH, ESC]);
}

/** The key of the byte scanner's automaton in the store: its literals, poison bytes, and how dense it is built. */
export function byteScannerKey(needles: readonly string[]): string {
  return automatonKey(`bytes:${DENSE_ENTRIES}:${BACKSLASH},${ESC}`, needles);
}

/** One byte scanner per keyword list (a bundle has thousands of files, each with an assembler). */
const scanners = new WeakMap<readonly string[], KeywordAutomaton>();

export function quietByteScannerFor(keywords: readonly string[]): KeywordAutomaton {
  let s = scanners.get(keywords);
  if (!s) scanners.set(keywords, (s = quietByteScanner(keywords)));
  return s;
}

/** Makes `quietByteScannerFor(keywords)` return `scanner` (a worker thread, with what the main thread built). */
export function seedQuietByteScanner(keywords: readonly string[], scanner: KeywordAutomaton): void {
  scanners.set(keywords, scanner);
}

/** 1 for the bytes of ASCII digits. */
const DIGIT = new Uint8Array(256);
DIGIT.fill(1, 48, 58);

/**
 * Where a byte sequence next occurs in the buffer being framed, found by Buffer#indexOf (a native
 * scan) once per occurrence rather than by a loop over every line's bytes.
 */
class NextOccurrence {
  private buf: Buffer | null = null;
  private at = 0;
  private readonly length: number;

  /** A single byte is searched for as a number (a memchr), which is several times faster. */
  constructor(private readonly needle: Buffer | number) {
    this.length = typeof needle === 'number' ? 1 : needle.length;
  }

  /** Lines of a new buffer follow. */
  reset(): void {
    this.buf = null;
  }

  /** The first occurrence at or after `from`, or -1; calls for one buffer come with `from` never decreasing. */
  next(buf: Buffer, from: number): number {
    if (this.buf !== buf || (this.at !== -1 && this.at < from)) {
      this.buf = buf;
      this.at = buf.indexOf(this.needle, from);
    }
    return this.at;
  }

  /** Whether the needle occurs wholly within `buf[from, to)`. */
  within(buf: Buffer, from: number, to: number): boolean {
    const at = this.next(buf, from);
    return at !== -1 && at + this.length <= to;
  }
}

/**
 * Where klog's ` err=` pair occurs: found as `rr=` (a native search runs about half again as
 * fast on a needle that does not start with a space) with ` e` checked before it.
 */
class NextErrPair {
  private readonly rr = new NextOccurrence(Buffer.from('rr='));

  reset(): void {
    this.rr.reset();
  }

  /** Whether ` err=` occurs wholly within `buf[from, to)`. */
  within(buf: Buffer, from: number, to: number): boolean {
    for (let at = this.rr.next(buf, from + 2); at !== -1 && at + 3 <= to; at = this.rr.next(buf, at + 1)) {
      if (buf[at - 1] === 101 /* e */ && buf[at - 2] === 32) return true;
    }
    return false;
  }
}

/** Cursors over the buffer being framed. */
interface Cursors {
  esc: NextOccurrence;
  err: NextErrPair;
}

/**
 * What the scans return when the text holds a keyword (or an escape), or the entry may be an
 * unrecognised error: the string path would not take the line quietly either.
 */
const KEYWORD = 0;

/**
 * klog: the class when the line is one klogClass vouches for and the prefilter turns away;
 * KEYWORD when the prefilter would find a keyword in the same text.
 */
function klogBytes(buf: Buffer, start: number, end: number, scanner: KeywordAutomaton, next: Cursors): QuietClass | null | typeof KEYWORD {
  const cls = KLOG_CLASSES[buf[start]!];
  // An error-level entry that no signature matches is an unrecognised error: the string path.
  if (cls === undefined || end - start < 24) return null;
  if (alwaysCandidate(cls.level)) return KEYWORD;
  const b = buf;
  const s = start;
  // Lmmdd hh:mm:ss.uuuuuu and a space
  if (
    (DIGIT[b[s + 1]!]! & DIGIT[b[s + 2]!]! & DIGIT[b[s + 3]!]! & DIGIT[b[s + 4]!]! & DIGIT[b[s + 6]!]! & DIGIT[b[s + 7]!]! & DIGIT[b[s + 9]!]! & DIGIT[b[s + 10]!]! &
      DIGIT[b[s + 12]!]! & DIGIT[b[s + 13]!]! & DIGIT[b[s + 15]!]! & DIGIT[b[s + 16]!]! & DIGIT[b[s + 17]!]! & DIGIT[b[s + 18]!]! & DIGIT[b[s + 19]!]! & DIGIT[b[s + 20]!]!) ===
      0 ||
    b[s + 5] !== 32 ||
    b[s + 8] !== 58 ||
    b[s + 11] !== 58 ||
    b[s + 14] !== 46 ||
    b[s + 21] !== 32
  ) {
    return null;
  }
  // ` +\d+ ` thread id, then `file:line] ` (the file name holds no space, ':' or ']').
  let i = s + 22;
  while (i < end && b[i] === 32) i++;
  const digits = i;
  while (i < end && DIGIT[b[i]!] === 1) i++;
  if (i === digits || i >= end || b[i] !== 32) return null;
  const file = ++i;
  while (i < end) {
    const c = b[i]!;
    if (c === 58 || c === 32 || c === 93) break;
    i++;
  }
  if (i === file || i >= end || b[i] !== 58) return null;
  const lineDigits = ++i;
  while (i < end && DIGIT[b[i]!] === 1) i++;
  if (i === lineDigits || i + 1 >= end || b[i] !== 93 || b[i + 1] !== 32) return null;
  if (buf[end - 1] === 60 /* < */) return null;
  // An `err=` pair (its value may be rewritten by the parser) or a terminal escape: the string path.
  if (next.esc.within(buf, i, end) || next.err.within(buf, i, end)) return null;
  const body = i + 2;
  if (body < end && buf[body] === QUOTE) {
    // A quoted message: its text is what lies between the quotes (a backslash is a find, and
    // a message without its closing quote is left to the parser).
    const stop = scanner.scanBytesTo(buf, body + 1, end, QUOTE);
    if (stop < 0) return stop === FOUND ? KEYWORD : null;
    return errorWord(cls, buf, body + 1, stop) ? KEYWORD : cls;
  }
  if (scanner.scanBytes(buf, body, end, 0) === FOUND) return KEYWORD;
  return errorWord(cls, buf, body, end) ? KEYWORD : cls;
}

/**
 * Whether an entry of class `cls` whose match text is made of `buf[from, to)` may be an
 * unrecognised error (match/error-words.ts): a warning or a line without level holding an error word.
 */
function errorWord(cls: QuietClass, buf: Buffer, from: number, to: number): boolean {
  return candidateWithWord(cls.level) && errorWordByteAutomaton().scanBytes(buf, from, to, 0) === FOUND;
}

const NONE = 0;
const STRING = 1;
const JSON_NULL = 2;
const OTHER = 3;

/** The top-level values of a JSON line that zapClass reads, by the last occurrence of each key (as JSON.parse keeps the last). */
class JsonFacts {
  level = NONE;
  levelFrom = 0;
  levelTo = 0;
  ts = false;
  msg = NONE;
  msgFrom = 0;
  msgTo = 0;
  error = NONE;
  errorFrom = 0;
  errorTo = 0;
  err = NONE;
  errFrom = 0;
  errTo = 0;
  /** String tokens equal to `stacktrace` (zap may write the key twice; the parser then reads key by key). */
  stacktraces = 0;

  reset(): void {
    this.level = this.msg = this.error = this.err = NONE;
    this.ts = false;
    this.stacktraces = 0;
  }

  /** A top-level member: key `b[keyFrom, keyTo)`, value of `kind`, a string value's text `b[from, to)`. */
  note(b: Uint8Array, keyFrom: number, keyTo: number, kind: number, from: number, to: number): void {
    const n = keyTo - keyFrom;
    if (n === 5 && b[keyFrom] === 108 && b[keyFrom + 1] === 101 && b[keyFrom + 2] === 118 && b[keyFrom + 3] === 101 && b[keyFrom + 4] === 108) {
      this.level = kind;
      this.levelFrom = from;
      this.levelTo = to;
    } else if (n === 2 && b[keyFrom] === 116 && b[keyFrom + 1] === 115) {
      this.ts = true;
    } else if (n === 3 && b[keyFrom] === 109 && b[keyFrom + 1] === 115 && b[keyFrom + 2] === 103) {
      this.msg = kind;
      this.msgFrom = from;
      this.msgTo = to;
    } else if (n === 5 && b[keyFrom] === 101 && b[keyFrom + 1] === 114 && b[keyFrom + 2] === 114 && b[keyFrom + 3] === 111 && b[keyFrom + 4] === 114) {
      this.error = kind;
      this.errorFrom = from;
      this.errorTo = to;
    } else if (n === 3 && b[keyFrom] === 101 && b[keyFrom + 1] === 114 && b[keyFrom + 2] === 114) {
      this.err = kind;
      this.errFrom = from;
      this.errTo = to;
    }
  }
}

/**
 * Whether the RFC 3339 time `b[from, to)` is one toIso() reads (a real date and time): checked in
 * place for UTC (`Z`), the common case; other offsets are decoded and given to toIso.
 */
function validTime(b: Uint8Array, from: number, to: number): boolean {
  if (b[to - 1] !== 90 /* Z */) return toIso(Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1')) !== null;
  const num = (at: number, n: number) => {
    let v = 0;
    for (let k = 0; k < n; k++) v = v * 10 + b[from + at + k]! - 48;
    return v;
  };
  return isWallClock(num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2));
}

const MAX_DEPTH = 64;
const OBJECT = 1;
const ARRAY = 2;
/** Open containers of the line being read (one line at a time per thread). */
const containers = new Uint8Array(MAX_DEPTH);

function skipWs(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

/** From just inside an opening quote: the index of the closing quote; -1 at an escape, a control character or the end. */
function stringEnd(b: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) {
    const c = b[i]!;
    if (c > 34 && c !== 92) continue;
    if (c === 34) return i;
    if (c < 32 || c === 92) return -1;
  }
  return -1;
}

/**
 * Validates `b[start, end)` (starting with `{`) as one JSON object whose strings hold no escape,
 * without building anything, and fills `facts` with its top-level members. False when it is
 * anything else: the string path then decides.
 */
function readJson(b: Uint8Array, start: number, end: number, facts: JsonFacts): boolean {
  facts.reset();
  let depth = 0;
  containers[0] = OBJECT;
  let i = skipWs(b, start + 1, end);
  if (i < end && b[i] === 125) return skipWs(b, i + 1, end) === end;
  for (;;) {
    // The start of a member (in an object) or an element (in an array).
    let keyFrom = -1;
    let keyTo = -1;
    if (containers[depth] === OBJECT) {
      if (i >= end || b[i] !== 34) return false;
      keyFrom = i + 1;
      keyTo = stringEnd(b, keyFrom, end);
      if (keyTo < 0) return false;
      if (keyTo - keyFrom === 10 && isStacktrace(b, keyFrom)) facts.stacktraces++;
      i = skipWs(b, keyTo + 1, end);
      if (i >= end || b[i] !== 58 /* : */) return false;
      i = skipWs(b, i + 1, end);
    }
    if (i >= end) return false;
    const c = b[i]!;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) facts.note(b, keyFrom, keyTo, OTHER, 0, 0);
      if (++depth === MAX_DEPTH) return false;
      containers[depth] = c === 123 ? OBJECT : ARRAY;
      i = skipWs(b, i + 1, end);
      if (i >= end || b[i] !== (c === 123 ? 125 : 93)) continue;
      // An empty container: closed at once.
      depth--;
      i++;
    } else if (c === 34) {
      const close = stringEnd(b, i + 1, end);
      if (close < 0) return false;
      if (close - i - 1 === 10 && isStacktrace(b, i + 1)) facts.stacktraces++;
      if (depth === 0) facts.note(b, keyFrom, keyTo, STRING, i + 1, close);
      i = close + 1;
    } else {
      const kind = c === 110 ? JSON_NULL : OTHER;
      i = c === 116 ? literal(b, i, end, TRUE) : c === 102 ? literal(b, i, end, FALSE) : c === 110 ? literal(b, i, end, NULL) : number(b, i, end);
      if (i < 0) return false;
      if (depth === 0) facts.note(b, keyFrom, keyTo, kind, 0, 0);
    }
    // After a value: a comma, or the closer of its container (and perhaps of the ones around it).
    for (;;) {
      i = skipWs(b, i, end);
      if (i >= end) return false;
      const d = b[i]!;
      if (d === 44 /* , */) {
        i = skipWs(b, i + 1, end);
        break;
      }
      if (d !== (containers[depth] === OBJECT ? 125 : 93)) return false;
      i++;
      if (depth === 0) return skipWs(b, i, end) === end;
      depth--;
    }
  }
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');
const STACKTRACE = Buffer.from('stacktrace');

function isStacktrace(b: Uint8Array, from: number): boolean {
  for (let k = 0; k < 10; k++) if (b[from + k] !== STACKTRACE[k]) return false;
  return true;
}

function literal(b: Uint8Array, i: number, end: number, word: Buffer): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return -1;
  return i + word.length;
}

/** A JSON number from `i`: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function number(b: Uint8Array, i: number, end: number): number {
  if (i < end && b[i] === 45 /* - */) i++;
  if (i >= end) return -1;
  if (b[i] === 48) i++;
  else if (b[i]! >= 49 && b[i]! <= 57) while (i < end && isDigit(b[i]!)) i++;
  else return -1;
  if (i < end && b[i] === 46 /* . */) {
    const f = ++i;
    while (i < end && isDigit(b[i]!)) i++;
    if (i === f) return -1;
  }
  if (i < end && (b[i] === 101 || b[i] === 69) /* e E */) {
    i++;
    if (i < end && (b[i] === 43 || b[i] === 45)) i++;
    const e = i;
    while (i < end && isDigit(b[i]!)) i++;
    if (i === e) return -1;
  }
  return i;
}

/** Level names seen in lines (a handful per log), with the class each stands for; null for a name that is not a level. */
class LevelNames {
  private readonly names: Uint8Array[] = [];
  private readonly classes: (QuietClass | null)[] = [];

  constructor(private readonly resolve: (name: string) => QuietClass | null) {}

  classOf(b: Uint8Array, from: number, to: number): QuietClass | null {
    const n = to - from;
    for (let k = 0; k < this.names.length; k++) {
      const name = this.names[k]!;
      if (name.length !== n) continue;
      let same = true;
      for (let j = 0; j < n; j++) {
        if (name[j] !== b[from + j]) {
          same = false;
          break;
        }
      }
      if (same) return this.classes[k]!;
    }
    const cls = this.resolve(Buffer.from(b.buffer, b.byteOffset + from, n).toString('utf8'));
    if (this.names.length < 16) {
      // A copy: `b` (a Buffer, whose slice() is a view) is a chunk its reader reuses.
      this.names.push(new Uint8Array(b.subarray(from, to)));
      this.classes.push(cls);
    }
    return cls;
  }
}

/** Envelopes that start with `{`: Docker json-file, stern JSON (the peeler reads these). */
const JSON_ENVELOPES = ['{"log":', '{"stream":', '{"message":'].map((p) => Buffer.from(p));

function startsWith(b: Uint8Array, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (b[start + k] !== prefix[k]) return false;
  return true;
}

export class QuietBytes {
  private readonly json = new JsonFacts();
  private readonly levels = new LevelNames((name) => ZAP_CLASSES[levelOf(name) ?? 'none']);
  /** A zap console level field: only what isZapLevel accepts (the parser's strict reading). */
  private readonly consoleLevels = new LevelNames((name) => (name.length <= 16 && isZapLevel(name) ? ZAP_CONSOLE_CLASSES[levelOf(name) ?? 'none'] : null));
  private readonly next: Cursors = {
    esc: new NextOccurrence(ESC),
    err: new NextErrPair(),
  };

  constructor(private readonly scanner: KeywordAutomaton) {}

  /** The lines offered next are in another buffer (which may reuse an earlier one's memory). */
  newBuffer(): void {
    this.next.esc.reset();
    this.next.err.reset();
  }

  /**
   * Set by classify() when it returned null because the line's text holds a keyword (or an
   * escape), or because it may be an unrecognised error: the string path would not take the line
   * quietly either, and need not try.
   */
  mayMatch = false;

  /**
   * The class of the line `buf[start, end)` (no line terminator) when it is a klog, zap JSON or zap
   * console line that starts an entry no signature can match; null whenever that is not certain.
   */
  classify(buf: Buffer, start: number, end: number): QuietClass | null {
    this.mayMatch = false;
    if (end - start < 2) return null;
    const c = buf[start]!;
    const cls =
      c === 123 /* { */
        ? this.zap(buf, start, end)
        : isDigit(c)
          ? this.zapConsole(buf, start, end)
          : isDigit(buf[start + 1]!)
            ? klogBytes(buf, start, end, this.scanner, this.next)
            : null;
    if (cls !== KEYWORD) return cls;
    this.mayMatch = true;
    return null;
  }

  /**
   * A zap console line `TIME TAB LEVEL [TAB rest]` as parseZapConsole reads it, with an RFC 3339
   * time: no keyword (nor backslash or ESC) anywhere in the rest — the message, logger, caller and
   * context the match text is made of are pieces of it — and an `error`/`err` in the context, if
   * any, a string (or null), as the parser's takeError reads it.
   */
  private zapConsole(buf: Buffer, start: number, end: number): QuietClass | null | typeof KEYWORD {
    let t1 = start;
    const limit = Math.min(end, start + 41);
    while (t1 < limit && buf[t1] !== 9) t1++;
    if (t1 === limit || t1 - start < 10 || rfc3339LengthBytes(buf, start, t1) !== t1 - start || !validTime(buf, start, t1)) return null;
    let t2 = t1 + 1;
    while (t2 < end && buf[t2] !== 9) t2++;
    const cls = this.consoleLevels.classOf(buf, t1 + 1, t2);
    if (cls === null) return null;
    const from = t2 + 1;
    if (from < end) {
      // The context: after the rest's last TAB, `{…}`, read as JSON.
      let lastTab = end - 1;
      while (lastTab >= from && buf[lastTab] !== 9) lastTab--;
      if (lastTab >= from && buf[lastTab + 1] === 123 && buf[end - 1] === 125) {
        const j = this.json;
        if (!readJson(buf, lastTab + 1, end, j)) return null;
        if (j.error === OTHER || (j.error !== STRING && j.err === OTHER)) return null;
      }
      if (this.scanner.scanBytes(buf, from, end, 0) === FOUND) return KEYWORD;
    }
    if (alwaysCandidate(cls.level) || (from < end && errorWord(cls, buf, from, end))) return KEYWORD;
    return cls;
  }

  private zap(buf: Buffer, start: number, end: number): QuietClass | null | typeof KEYWORD {
    for (const p of JSON_ENVELOPES) if (startsWith(buf, start, end, p)) return null;
    const j = this.json;
    if (!readJson(buf, start, end, j)) return null;
    if (j.level !== STRING || !j.ts || j.msg !== STRING || j.stacktraces > 1) return null;
    // The error as takeError(['error', 'err']) picks it: the first key whose value is not null.
    let from = 0;
    let to = 0;
    if (j.error === STRING) {
      from = j.errorFrom;
      to = j.errorTo;
    } else if (j.error === OTHER) {
      return null;
    } else if (j.err === STRING) {
      from = j.errFrom;
      to = j.errTo;
    } else if (j.err === OTHER) {
      return null;
    }
    let state = this.scanner.scanBytes(buf, j.msgFrom, j.msgTo, 0);
    if (state === FOUND) return KEYWORD;
    // An empty error adds nothing to the match text.
    if (to > from) {
      state = this.scanner.scanBytes(SEPARATOR, 0, SEPARATOR.length, state);
      if (state === FOUND || this.scanner.scanBytes(buf, from, to, state) === FOUND) return KEYWORD;
    }
    const cls = this.levels.classOf(buf, j.levelFrom, j.levelTo)!;
    // A candidate for the unrecognised errors (match/error-words.ts) takes the string path.
    if (alwaysCandidate(cls.level)) return KEYWORD;
    if (candidateWithWord(cls.level)) {
      const words = errorWordByteAutomaton();
      let w = words.scanBytes(buf, j.msgFrom, j.msgTo, 0);
      if (w !== FOUND && to > from) {
        w = words.scanBytes(SEPARATOR, 0, SEPARATOR.length, w);
        if (w !== FOUND) w = words.scanBytes(buf, from, to, w);
      }
      if (w === FOUND) return KEYWORD;
    }
    return cls;
  }
}
