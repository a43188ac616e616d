/**
 * One lane of a source: the lines of one pod/container/stream, which must be grouped on their
 * own because clients and runtimes interleave several of them line by line (formats.md §2.3,
 * §7.3). A lane holds at most one pending entry (with any open klog value block or Go crash
 * block) and at most one unfinished CRI/Docker partial line.
 */

import type { EntryEnvelope, LogEntry } from '../model/entry.js';
import type { QuietClass } from './quiet-line.js';
import { readKeyValues } from './formats/klog.js';
import { SET_LOGGER_DETECTED_AT } from './formats/plain.js';
import { isJavaExceptionLine, isJavaFrame } from './formats/log4j.js';
import { isCrashContinuation, isFrameFunction, isStackLine } from './go-stack.js';
import { takeError } from './fields.js';
import { readLogfmtPairs } from './logfmt-pairs.js';

/** Continuation lines kept per entry; further ones are counted in `continuationOmitted`. */
export const MAX_KEPT_CONTINUATION = 1000;
/** Characters of continuation lines kept per entry: past them, lines are counted in `continuationOmitted` too. */
export const MAX_KEPT_CONTINUATION_CHARS = 256 * 1024;
/** Characters of a value written over lines (a klog `key=<` block, an hclog `key=` value) kept; the rest is cut. */
export const MAX_VALUE_CHARS = 64 * 1024;
/** Characters of a Java entry's exception lines read into its error (its frames are only kept). */
const MAX_JAVA_ERROR_CHARS = 16 * 1024;

/** Whether a `"` comes after the last space or TAB of the units `at(start)` … `at(end - 1)`, read backwards. */
function quoteAfterLastSpace(at: (i: number) => number, start: number, end: number): boolean {
  for (let i = end - 1; i >= start; i--) {
    const c = at(i);
    if (c === 32 || c === 9) return false;
    if (c === 34 /* " */) return true;
  }
  return false;
}

/** An indented line in hclog's pairs: `  | text` (a line of a value), or `  key=` / `  key=value …`. */
const HCLOG_LINE = /^ {2,}(?:\| ?(.*)|([A-Za-z_][\w.-]{0,63})=(.*))$/;

export interface PartialLine {
  text: string;
  raw: string;
  lineNo: number;
  envelope: EntryEnvelope;
  /** Physical records joined so far. */
  parts: number;
  /** Set once the joined text reached the cap and further content was dropped. */
  capped: boolean;
}

/** An entry's first line still open for the lines that finish it: a hard-wrapped line, a JSON object cut over lines. */
export interface Join {
  text: string;
  envelope: EntryEnvelope;
  raw: string;
  lineNo: number;
  /** Physical lines joined so far. */
  lines: number;
  /** A cloud console's `jsonPayload:` block, whose indented lines are joined with newlines. */
  payload?: boolean;
  /**
   * Open only because the last line had the wrap width (not for a cut JSON object): what finishes
   * it is then bare text, never a line with an envelope of its own (a CRI or Docker record, a
   * `--timestamps` time), since a paste's wrap cuts the text after the envelope.
   */
  wrapOnly?: boolean;
  /** The block opened with `{` (`jsonPayload: {`), so it runs to its closing `}`. */
  braced?: boolean;
  /**
   * Opened because the first line is provably unfinished (80 columns wide, a JSON object cut):
   * then any line that is not a log line finishes it. Otherwise the join is soft: a line is
   * joined only when its shape says it goes on (assembler.ts, wrapSeparator).
   */
  hard?: boolean;
  /** The last physical line joined (its raw text: width, trailing spaces). */
  last: string;
  /** The assembler's line count when `last` was read (a soft join takes only the line right after it). */
  at: number;
  /** Where soft joins put a space in `text` (taken back when the pieces turn out cut at one width). */
  spaces?: number[];
}

export class Lane {
  pending: LogEntry | null = null;
  /**
   * Set when the pending entry is counted but not kept (lazy parsing: it cannot match). It is
   * then a shared stand-in carrying only the format and level, and continuation lines are
   * counted but not stored.
   */
  quiet = false;
  /** The class of a quiet pending entry. */
  quietClass: QuietClass | null = null;
  partial: PartialLine | null = null;
  /** The pending entry's first line, still open for the lines that finish it (assembler.ts). */
  join: Join | null = null;
  /** The indentation a paste put before the pending entry's first line (removed from it); 0 when none. */
  indent = 0;
  /**
   * The line a quiet pending entry was taken from, kept (not decoded) in case the next line turns
   * out to be the rest of it, hard-wrapped (assembler.ts): `quietText`, or `quietBuf[quietStart,
   * quietEnd)`; `quietAt` is the line count when it was taken.
   */
  quietText: string | null = null;
  quietBuf: Buffer | null = null;
  quietStart = 0;
  quietEnd = 0;
  quietAt = -1;
  private openBlock: string | null = null;
  private blockLines: string[] = [];
  /** Characters in `blockLines` (or `hclogLines`), and in the pending entry's kept continuation lines. */
  private valueChars = 0;
  private keptChars = 0;
  /** An hclog value written over lines (`  key=` then `  | …` lines), and its lines so far. */
  private hclogKey: string | null = null;
  private hclogLines: string[] = [];
  private crash = false;

  constructor(readonly key: string) {}

  /** Makes `entry` the pending entry; `openBlock` is the klog block its first line opened. */
  start(entry: LogEntry, openBlock: string | null, quietClass: QuietClass | null = null): void {
    this.pending = entry;
    this.forgetQuietLine();
    this.indent = 0;
    this.quiet = quietClass !== null;
    this.quietClass = quietClass;
    this.openBlock = openBlock;
    this.blockLines = [];
    this.valueChars = 0;
    this.keptChars = 0;
    this.hclogKey = null;
    this.hclogLines = [];
    this.crash = entry.format === 'go-panic';
  }

  /**
   * Attaches `text` to the pending entry if it continues it; returns whether it did. Rules
   * (formats.md §4): klog block lines and delimiters, blank and indented lines, Go crash-block
   * lines after a panic, stack-shaped lines after any entry, zap console stack functions after a
   * zap console entry, controller-runtime's `Detected at:` after its warning.
   */
  continues(text: string): boolean {
    const entry = this.pending;
    if (!entry) return false;
    if (this.openBlock !== null) {
      const c = text.charCodeAt(0);
      if (c === 9 /* TAB */ || c === 32) {
        // ` >` ends the block; pasted text may have more indentation before it.
        let at = 0;
        while (text.charCodeAt(at) === 32) at++;
        const end = c === 32 && text.charCodeAt(at) === 62 /* > */ && (at + 1 === text.length || text.charCodeAt(at + 1) === 32);
        if (!end) {
          // A value line: TAB-indented, or with the TAB shown as spaces (or indented further) by a paste.
          let from = c === 9 ? 1 : Math.min(at, 8);
          if (c === 32 && text.charCodeAt(from) === 9) from++;
          // The value is bounded like the stored lines; the lines past the cap are still counted.
          this.pushValue(this.blockLines, text.slice(from));
          this.keep(entry, text);
          return true;
        }
        this.closeBlock();
        // More pairs may follow the delimiter, and may open another block.
        this.openBlock = readKeyValues(text, at + 1, entry.fields).openBlock;
        if (this.openBlock !== 'err' && entry.error === null) entry.error = takeError(entry.fields, ['err']);
        this.keep(entry, text);
        return true;
      }
    }
    if (entry.format === 'hclog' && this.hclogLine(entry, text)) {
      this.keep(entry, text);
      return true;
    }
    if (entry.format === 'log4j' && this.javaLine(entry, text)) {
      this.keep(entry, text);
      return true;
    }
    if (!this.attaches(entry, text)) return false;
    this.join = null;
    this.keep(entry, text);
    return true;
  }

  /**
   * An indented line after an hclog entry that is part of its pairs: `  key=` opens a value
   * written over lines, `  | text` is a line of it, `  key=value …` are pairs after it.
   */
  private hclogLine(entry: LogEntry, text: string): boolean {
    if (text.charCodeAt(0) !== 32 || text.charCodeAt(1) !== 32) return false;
    const m = HCLOG_LINE.exec(text);
    if (m === null) return false;
    if (m[1] !== undefined) {
      if (this.hclogKey === null) return false;
      this.pushValue(this.hclogLines, m[1]);
      return true;
    }
    this.closeHclog(entry);
    if (m[3] === '') this.hclogKey = m[2]!;
    else {
      const read = readLogfmtPairs(text, text.length - m[2]!.length - m[3]!.length - 1);
      for (const [k, v] of read.pairs) this.setHclog(entry, k, v);
    }
    return true;
  }

  /**
   * A line of the Throwable a Java logger prints after its line: an exception line (`pkg.FooException:
   * message`, `Caused by: …`) is read into the entry's error, where signatures see it; a frame
   * (`at …`, `... 12 more`) is kept. Indented or not: pastes lose the frames' TABs.
   */
  private javaLine(entry: LogEntry, text: string): boolean {
    let at = 0;
    while (text.charCodeAt(at) === 9 || text.charCodeAt(at) === 32) at++;
    const line = at === 0 ? text : text.slice(at);
    if (isJavaExceptionLine(line)) {
      if (entry.error === null) entry.error = line;
      else if (entry.error.length + line.length < MAX_JAVA_ERROR_CHARS) entry.error = `${entry.error}\n${line}`;
      return true;
    }
    return at === 0 && isJavaFrame(line);
  }

  private setHclog(entry: LogEntry, key: string, value: string): void {
    if ((key === 'error' || key === 'err') && entry.error === null) entry.error = value;
    else entry.fields[key] = value;
  }

  private closeHclog(entry: LogEntry): void {
    if (this.hclogKey === null) return;
    this.setHclog(entry, this.hclogKey, this.hclogLines.join('\n'));
    this.hclogKey = null;
    this.hclogLines = [];
    this.valueChars = 0;
  }

  /** Whether `text` would continue the pending entry by its own shape (a stack frame, a crash block line), indentation aside. */
  attachesByShape(text: string): boolean {
    return this.pending !== null && text.length > 0 && this.attaches(this.pending, text);
  }

  private attaches(entry: LogEntry, text: string): boolean {
    if (text.length === 0) return true;
    const c = text.charCodeAt(0);
    if (c === 9 || c === 32) return true;
    if (this.crash) return isCrashContinuation(text);
    if (isStackLine(text)) return true;
    if (entry.format === 'zap-console' && isFrameFunction(text)) return true;
    return text === SET_LOGGER_DETECTED_AT && entry.format === 'plain' && entry.message.startsWith('[controller-runtime]');
  }

  /** Whether a multi-line klog value is open (its lines continue the entry whatever they look like). */
  get blockOpen(): boolean {
    return this.openBlock !== null;
  }

  private keep(entry: LogEntry, text: string): void {
    if (this.quiet) return;
    if (entry.continuation.length < MAX_KEPT_CONTINUATION && this.keptChars + text.length <= MAX_KEPT_CONTINUATION_CHARS) {
      entry.continuation.push(text);
      this.keptChars += text.length;
    } else entry.continuationOmitted = (entry.continuationOmitted ?? 0) + 1;
  }

  /** A line of a value written over lines, while the value is under its bounds (the part of a line that crosses them is cut). */
  private pushValue(lines: string[], piece: string): void {
    const room = MAX_VALUE_CHARS - this.valueChars;
    if (lines.length >= MAX_KEPT_CONTINUATION || room <= 0) return;
    const kept = piece.length <= room ? piece : piece.slice(0, room);
    lines.push(kept);
    this.valueChars += kept.length + 1;
  }

  /** Replaces a quiet pending entry by the next quiet one: a quiet entry has no block or crash to complete. */
  restartQuiet(entry: LogEntry, cls: QuietClass): void {
    this.pending = entry;
    this.indent = 0;
    this.quietClass = cls;
  }

  /** Drops the kept line of a quiet pending entry. */
  forgetQuietLine(): void {
    this.quietText = null;
    this.quietBuf = null;
    this.quietAt = -1;
  }

  /** Copies the kept line of a quiet pending entry out of the buffer it is in (which is about to be reused). */
  detachQuietLine(): void {
    if (this.quietBuf === null) return;
    this.quietText = this.quietBuf.toString('utf8', this.quietStart, this.quietEnd);
    this.quietBuf = null;
  }

  /**
   * Whether the kept line of a quiet pending entry may end inside a quoted token (a `"` after its
   * last space or TAB): read backwards off the bytes, without decoding the line; assembler.ts's
   * endsInQuotedToken then decides exactly.
   */
  quietLineMayEndInToken(): boolean {
    const buf = this.quietBuf;
    if (buf !== null) return quoteAfterLastSpace((i) => buf[i]!, this.quietStart, this.quietEnd);
    const text = this.quietText;
    return text !== null && quoteAfterLastSpace((i) => text.charCodeAt(i), 0, text.length);
  }

  /** The kept line of a quiet pending entry, decoded; null when none is kept. */
  quietLine(): string | null {
    if (this.quietBuf !== null) return this.quietBuf.toString('utf8', this.quietStart, this.quietEnd);
    return this.quietText;
  }

  /** Removes and returns the pending entry, completing any open klog block. */
  take(): LogEntry | null {
    const entry = this.pending;
    if (!entry) return null;
    this.forgetQuietLine();
    this.closeBlock();
    this.closeHclog(entry);
    this.pending = null;
    this.join = null;
    this.quiet = false;
    this.quietClass = null;
    this.crash = false;
    return entry;
  }

  private closeBlock(): void {
    const entry = this.pending;
    if (this.openBlock === null || !entry) return;
    const value = this.blockLines.join('\n');
    if (this.openBlock === 'err') entry.error = value;
    else entry.fields[this.openBlock] = value;
    this.openBlock = null;
    this.blockLines = [];
    this.valueChars = 0;
  }
}
