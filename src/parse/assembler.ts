/**
 * Lines → entries, per source. Each physical line has its envelopes peeled (kubectl, stern, CRI,
 * Docker, cluster-info dump), is routed to the lane of its pod/container/stream, has CRI/Docker
 * partial records joined, and is then either attached to that lane's pending entry as a
 * continuation line or parsed as the first line of a new entry. The accounting identity holds
 * at every flush: each line read is the first line of an entry, a continuation line, or an
 * unparsed line (which still becomes an entry of format `unknown`, matched as plain text).
 *
 * Pasted text (issue #19): what a paste puts around a line is peeled with the envelopes
 * (envelopes/paste.ts); an indented line that is a log line, or is indented like its entry's
 * first line, starts an entry; the first line of an entry stays open for the lines that finish
 * it — a line hard-wrapped at WRAP_WIDTH, a JSON object cut or pretty-printed over lines, a
 * cloud console's `jsonPayload:` block — and is read again as they are joined (bounded); a line
 * no format reads is read as far as it goes (salvage.ts).
 */

import type { EntryEnvelope, LogEntry } from '../model/entry.js';
import type { ParsedLine, PayloadContext } from './parsed-line.js';
import { detectPayload, parsePayloadAs } from './detect.js';
import { isPayloadFormat, type InputFormat, type PayloadFormat } from './input-format.js';
import { EnvelopePeeler, type Peeled } from './envelopes/peel.js';
import { cutAtBorder } from './envelopes/paste.js';
import { criRecordBytes } from './envelopes/cri.js';
import { rfc3339LengthBytes } from './timestamps.js';
import { isDigit } from './ascii.js';
import { SternSniffer, isSternNotice, peelShortTimestamp, shortTimestampBytes, sternPrefixBytes } from './envelopes/stern.js';
import { stripSgr } from './envelopes/ansi.js';
import { peelTimestamp, removeGluedTimestamps } from './envelopes/kubectl-timestamps.js';
import type { DumpMarker } from './envelopes/cluster-dump.js';
import { Lane, type Join } from './lane.js';
import { readJsonFragment, salvage, unlinkMarkdown } from './salvage.js';
import { opensCloudPayload, parseCloudPayload } from './formats/cloud-payload.js';
import { parseJsonObject } from './formats/json-object.js';
import { QUIET_CLASSES, classifyQuiet, type MatchSpan, type QuietClass } from './quiet-line.js';
import { QuietBytes, quietByteScannerFor } from './quiet-bytes.js';
import { alwaysCandidate, candidateWithWord, hasErrorWord } from '../match/error-words.js';
import { isFrameFunction, isStackLine } from './go-stack.js';
import { linePrefilterFor, type LinePrefilter } from '../match/line-prefilter.js';

export interface AssemblerCounters {
  lines: number;
  entries: number;
  continuation: number;
  unparsed: number;
  /** Joined CRI/Docker partial lines cut at the length cap. */
  truncated: number;
  byFormat: Record<string, number>;
  byLevel: Record<string, number>;
}

export function newAssemblerCounters(): AssemblerCounters {
  return { lines: 0, entries: 0, continuation: 0, unparsed: 0, truncated: 0, byFormat: {}, byLevel: {} };
}

/** Adds `from` into `into` (sources merged into a report, ranges of one file into one source). */
export function addAssemblerCounters(into: AssemblerCounters, from: AssemblerCounters): void {
  into.lines += from.lines;
  into.entries += from.entries;
  into.continuation += from.continuation;
  into.unparsed += from.unparsed;
  into.truncated += from.truncated;
  for (const [k, n] of Object.entries(from.byFormat)) into.byFormat[k] = (into.byFormat[k] ?? 0) + n;
  for (const [k, n] of Object.entries(from.byLevel)) into.byLevel[k] = (into.byLevel[k] ?? 0) + n;
}

export interface AssemblerOptions {
  /** `auto` (default) detects; `stern` declares stern prefixes; a payload format replaces payload detection. */
  inputFormat?: InputFormat;
  /** Cap on a line joined from partial records, in characters (the framing cap applies per record). */
  maxJoinedLength?: number;
  /**
   * Lazy parsing, for runs whose entries only go to the matcher: the keywords of every signature
   * in use. An entry that provably cannot contain any of them in its match text is counted (lines,
   * format, level, continuation) but neither fully parsed nor emitted.
   */
  matchKeywords?: readonly string[];
  /**
   * The keywords of every signature in use, whether or not parsing is lazy: a line that starts
   * with one is a message of its own, never the hard-wrapped rest of the line before it.
   */
  startKeywords?: readonly string[];
  /**
   * The input is a later part of a file whose start another assembler reads (byte ranges of one
   * large file): stern prefixes are not sniffed here; the part starts at a clean boundary.
   */
  continued?: boolean;
}

/** Lanes kept at once; beyond this the least recently used lane is flushed (bounded memory). */
export const MAX_LANES = 256;
const DEFAULT_MAX_JOINED = 1024 * 1024;
const NO_ENVELOPE: EntryEnvelope = { layers: [], time: null, stream: null, namespace: null, pod: null, container: null };
/** The lane of lines that carry no envelope: laneKey(NO_ENVELOPE). */
const BARE_LANE = '///';
/** The lanes of CRI records without pod or container (laneKey of their envelope). */
const CRI_STDOUT_LANE = '///stdout';
const CRI_STDERR_LANE = '///stderr';

function laneKey(e: EntryEnvelope): string {
  return `${e.namespace ?? ''}/${e.pod ?? ''}/${e.container ?? ''}/${e.stream ?? ''}`;
}

/** Formats whose lines start an entry even when indented (a Go crash block's lines do not). */
const STARTS_ENTRY: ReadonlySet<string> = new Set(['klog', 'klog-json', 'zap-json', 'zap-console', 'logrus', 'logrus-json', 'slog', 'slog-json', 'logfmt', 'go-log', 'coredns', 'capnslog', 'hclog', 'log4j', 'k8s-event']);

/** Pieces of a soft-joined line this long or longer, all of one width, are taken as cut at that width. */
const FIXED_WIDTH_MIN = 60;
/** A line hard-wrapped by a paste: its pieces but the last are this many bytes long. */
export const WRAP_WIDTH = 80;
/** Bounds on the lines joined into an entry's first line (wrapped lines, a JSON object cut over lines). */
const MAX_JOINED_LINES = 64;
const MAX_JOINED_TEXT = 64 * 1024;
/** Formats whose first line may go on in the next physical lines when a paste hard-wrapped it (softSeparator). */
const SOFT_WRAP_FORMATS: ReadonlySet<string> = new Set(['klog', 'logrus', 'logfmt', 'slog', 'zap-console', 'go-log', 'coredns', 'capnslog', 'hclog', 'unknown']);

/**
 * Where a line's payload starts after the RFC 3339 time at `at`: past the time and its space (a
 * `kubectl logs --timestamps` time), at the time itself when a TAB follows (a zap console line's
 * own time, which classify() reads), or -1 when the lazy path does not read what is there.
 */
function afterTimeBytes(buf: Buffer, at: number, end: number): number {
  const n = rfc3339LengthBytes(buf, at, end);
  if (n === -1) return -1;
  if (buf[at + n] === 32) return at + n + 1;
  return buf[at + n] === 9 ? at : -1;
}

/** Whether `text` starts like a JSON object's first key, `{"`. */
function startsJsonKey(text: string): boolean {
  return text.charCodeAt(0) === 123 && text.charCodeAt(1) === 34;
}

/** Keys that make a JSON object a log line of its own (zap's, logrus's, slog's, …), not a context object. */
const LOG_OBJECT_KEYS = new Set(['level', 'lvl', 'severity', 'ts', 'time', 'timestamp', 'msg', 'message', '@timestamp']);

/** An HTTP method at the end of a line: Go's url.Error (`Post "https://…": …`) cut before its URL. */
const METHOD_AT_END = /(?:^|[\s:(])(?:Get|Post|Put|Patch|Delete|Head)$/;

/**
 * kubectl's error line (`error: …`, `Error from server (…): …`, read as plain text at error level):
 * one line as kubectl writes it, so the lines a terminal or a paste wrapped off it are its rest.
 */
function isKubectlError(format: string, parsed: ParsedLine | null | undefined): boolean {
  return format === 'plain' && parsed?.level === 'error';
}

/** Whether a line ends with two spaces or more: a terminal padded it to its width, so it ended there. */
function isPadded(line: string): boolean {
  return line.length >= 2 && line.charCodeAt(line.length - 1) === 32 && line.charCodeAt(line.length - 2) === 32;
}

/**
 * A line that never goes on a soft-wrapped line before it, whatever that line was: empty, or
 * starting with a TAB (a stack frame, a klog value), `{` (a JSON object) or a digit (a time).
 */
function neverContinues(text: string): boolean {
  const c = text.charCodeAt(0);
  return text.length === 0 || c === 9 || c === 123 || isDigit(c);
}

/** Keys a logfmt-family line starts with. */
function startsLogfmt(text: string): boolean {
  return text.startsWith('level=') || text.startsWith('time=') || text.startsWith('ts=') || text.startsWith('caller=');
}

/** What is still open at the end of a text (backslash escapes honoured): where an unclosed `"` is (-1: none), and how many braces or brackets. */
interface Openings {
  quote: number;
  depth: number;
}

function openings(text: string): Openings {
  let quote = -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 34 /* " */) quote = quote === -1 ? i : -1;
    else if (quote !== -1) continue;
    else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return { quote, depth };
}

/** Whether a double-quoted string or a brace or bracket is still open at the end of the text. */
function leftOpen(o: Openings): boolean {
  return o.quote !== -1 || o.depth > 0;
}

/**
 * Whether `text` ends inside a double-quoted string with no whitespace in it yet: a quoted token (a
 * name, a group/version, a URL) that the wrap cut, so the next line goes on inside the same word.
 */
function endsInQuotedToken(text: string, o: Openings): boolean {
  if (o.quote === -1) return false;
  for (let i = o.quote + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) return false;
  }
  return true;
}

/** A `key: value` field line of a cloud console's `jsonPayload: {` block. */
const PAYLOAD_FIELD = /^[\w.@-]{1,128}: \S/;
const JSON_FORMATS: ReadonlySet<string> = new Set(['klog-json', 'zap-json', 'slog-json', 'logrus-json', 'json']);

/** Whether a physical line may be a piece of a hard-wrapped one (its UTF-8 length is the wrap width). */
export function mayBeWrapped(raw: string): boolean {
  return raw.length <= WRAP_WIDTH && raw.length * 3 >= WRAP_WIDTH && Buffer.byteLength(raw) === WRAP_WIDTH;
}

type SniffState = 'waiting' | 'buffering' | 'done';

export class EntryAssembler {
  private readonly lanes = new Map<string, Lane>();
  private lastLane: Lane | null = null;
  private readonly peeler: EnvelopePeeler;
  private readonly forced: PayloadFormat | null;
  private readonly maxJoined: number;
  private sniff: SniffState;
  private sniffer: SternSniffer | null = null;
  private sniffBuffer: Array<[line: string, lineNo: number]> = [];
  private readonly prefilter: LinePrefilter | null;
  private readonly quietBytes: QuietBytes | null;
  /** Set when pushBytes() turned a line away for a keyword or as an unrecognised error; push() of that same line reads it. */
  private keywordSeen = false;
  /** Set while push() processes a line pushBytes() turned away for good (keywordSeen): logical() takes it the full way. */
  private notQuiet = false;
  /** Scratch space for classifyQuiet. */
  private readonly span: MatchSpan = { text: null, from: 0, to: 0 };
  /** Shared stand-ins for quiet entries, one per format and level. */
  private readonly standIns: (LogEntry | undefined)[] = [];
  /**
   * Quiet entries that ended while another of the same lane followed, by class id: counted in
   * `counters` (format, level) when the assembler is flushed, not one by one.
   */
  private readonly quietTally = new Float64Array(QUIET_CLASSES.length);
  /** The widest line a terminal padded with spaces so far: the width at which it wraps lines. */
  private paddedWidth = 0;
  /** The signatures' keywords by their first character (startsWithKeyword). */
  private readonly keywordsByFirst = new Map<number, string[]>();

  constructor(
    private readonly source: string,
    private readonly counters: AssemblerCounters,
    private readonly emit: (entry: LogEntry) => void,
    private readonly year: number = new Date().getUTCFullYear(),
    options: AssemblerOptions = {},
  ) {
    const format = options.inputFormat ?? 'auto';
    this.forced = isPayloadFormat(format) ? format : null;
    this.maxJoined = options.maxJoinedLength ?? DEFAULT_MAX_JOINED;
    this.peeler = new EnvelopePeeler(year, (text) => this.isKnownPayload(text));
    if (format === 'stern') this.peeler.stern = { kind: 'declared' };
    this.sniff = format === 'auto' && !options.continued ? 'waiting' : 'done';
    this.prefilter = options.matchKeywords && format === 'auto' ? linePrefilterFor(options.matchKeywords) : null;
    this.quietBytes = options.matchKeywords && format === 'auto' ? new QuietBytes(quietByteScannerFor(options.matchKeywords)) : null;
    for (const k of options.startKeywords ?? options.matchKeywords ?? []) {
      if (k.length === 0) continue;
      const list = this.keywordsByFirst.get(k.charCodeAt(0));
      if (list) list.push(k);
      else this.keywordsByFirst.set(k.charCodeAt(0), [k]);
    }
  }

  /** Feeds the next physical line (without its line terminator). */
  push(line: string, lineNo: number): void {
    this.counters.lines++;
    // pushBytes() already found a keyword in this line's text: the prefilter would too.
    const mayMatch = this.keywordSeen;
    this.keywordSeen = false;
    if (this.sniff !== 'done' && this.sniffing(line, lineNo)) return;
    let refused = false;
    if (this.prefilter !== null && !mayMatch) {
      const taken = this.quietly(line);
      if (taken === true) return;
      refused = taken === null;
    }
    // Nor does logical() try the line again (it would parse a JSON line a second time to learn the same).
    this.notQuiet = mayMatch || refused;
    this.process(line, lineNo);
    this.notQuiet = false;
  }

  /**
   * The lazy path before decoding: feeds the physical line `buf[start, end)` (no terminator) if
   * it is a klog, zap JSON or zap console line (bare, or in a whole CRI record, behind a
   * `--timestamps` time or behind a sniffed stern prefix) that provably starts an entry no
   * signature can match, and
   * returns true; returns false, having changed nothing push() would not, when the line must be
   * decoded and pushed instead.
   */
  pushBytes(buf: Buffer, start: number, end: number): boolean {
    // A line of the wrap width may go on in the next line: the full path decides.
    if (this.quietBytes === null || this.sniff !== 'done' || end - start === WRAP_WIDTH || (buf[end - 1] === 32 && buf[end - 2] === 32)) return false;
    const stern = this.peeler.byteStern;
    if (stern !== 0) {
      if (stern === -1) return false;
      // Behind a sniffed stern prefix (peel() reads it first); a line without one is read as below.
      const prefix = sternPrefixBytes(buf, start, end, stern);
      if (prefix !== null) return this.pushSternBytes(buf, start, end, prefix);
    }
    // A complete CRI record (a node's /var/log/pods): its content, in the lane of its stream; a
    // `kubectl logs --timestamps` time: the rest of the line, in the bare lane (peel() reads both
    // so when the rest is a klog, zap JSON or zap console line, the only ones classify() takes).
    let from = start;
    let laneKey = BARE_LANE;
    let envelope = false;
    const c = buf[start]!;
    if (isDigit(c)) {
      const record = criRecordBytes(buf, start, end);
      if (record !== null) {
        from = record.payload;
        laneKey = record.stdout ? CRI_STDOUT_LANE : CRI_STDERR_LANE;
        envelope = true;
      } else {
        from = afterTimeBytes(buf, start, end);
        if (from === -1) return false;
        envelope = from !== start;
      }
    }
    if (!this.takeQuietBytes(buf, from, end, laneKey)) return false;
    const lane = this.lastLane!;
    if (envelope) {
      // As logical() leaves an enveloped quiet entry: nothing kept, since revive() joins bare lines only.
      lane.forgetQuietLine();
      return true;
    }
    // Kept undecoded in case the next line is its hard-wrapped rest (revive()).
    lane.quietBuf = buf;
    lane.quietStart = start;
    lane.quietEnd = end;
    lane.quietText = null;
    lane.quietAt = this.counters.lines;
    return true;
  }

  /**
   * pushBytes() for a line behind a sniffed stern prefix (`prefix`, read by sternPrefixBytes): its
   * rest, after stern's short time or a `--timestamps` time, in the lane of its pod and container.
   */
  private pushSternBytes(buf: Buffer, start: number, end: number, prefix: { rest: number; key: string }): boolean {
    // A line that starts with a digit may be a pasted one (a journal prefix is peeled before stern's).
    const c = buf[start]!;
    if (c < 97 || c > 122) return false;
    let from = prefix.rest + shortTimestampBytes(buf, prefix.rest, end);
    const d = buf[from];
    if (d !== undefined && from < end && isDigit(d)) {
      // As for a bare line, without the CRI record (never behind a client prefix).
      from = afterTimeBytes(buf, from, end);
      if (from === -1) return false;
    }
    if (!this.takeQuietBytes(buf, from, end, prefix.key)) return false;
    // As logical() leaves an enveloped quiet entry: nothing kept, since revive() joins bare lines only.
    this.lastLane!.forgetQuietLine();
    return true;
  }

  /**
   * Starts a quiet entry in lane `laneKey` from the payload `buf[from, end)` when the byte
   * classification takes it (and counts its line); else notes whether a keyword may match and
   * returns false.
   */
  private takeQuietBytes(buf: Buffer, from: number, end: number, laneKey: string): boolean {
    const cls = this.quietBytes!.classify(buf, from, end);
    if (cls === null) {
      this.keywordSeen = this.quietBytes!.mayMatch;
      return false;
    }
    if (!this.takeQuiet(cls, laneKey)) return false;
    this.counters.lines++;
    return true;
  }

  /** Whether `text` starts with one of the signatures' keywords (it is then a log message of its own). */
  private startsWithKeyword(text: string): boolean {
    const list = this.keywordsByFirst.get(text.charCodeAt(0));
    return list !== undefined && list.some((k) => text.startsWith(k));
  }

  /** Stern sniffing is over, and the peeler reads neither stern prefixes nor a dump section. */
  private get bare(): boolean {
    return this.sniff === 'done' && this.peeler.plain;
  }

  /**
   * Makes a line of quiet class `cls` the start of the bare lane's next (quiet) entry, unless the
   * lane holds a partial record or an open klog block (a klog or JSON line continues the pending
   * entry only inside a block: lane.ts). Returns false, having changed nothing, then.
   */
  private takeQuiet(cls: QuietClass, key = BARE_LANE): boolean {
    const lane = this.laneFor(key);
    if (lane.partial !== null || lane.blockOpen) return false;
    // A klog or JSON log line never finishes another line (joins()): any open join ends here.
    lane.join = null;
    const previous = lane.quietClass;
    if (previous !== null) {
      // Quiet after quiet, the common case: tallied, and the stand-in swapped in place.
      this.quietTally[previous.id]! += 1;
      lane.restartQuiet(this.standIn(cls), cls);
      return true;
    }
    this.emitTaken(lane);
    this.startQuiet(lane, cls);
    return true;
  }

  /**
   * Whether a fresh assembler (`continued`) would go on from here exactly as this one does, given
   * that the next line is one pushBytes() takes: no stern prefixes or dump section, no lane but
   * the bare one, and no partial record or open klog block in it. The pending entry is then
   * complete, and flush() emits it as that next line would.
   */
  atCleanBoundary(): boolean {
    if (this.quietBytes === null || !this.bare) return false;
    if (this.lanes.size === 0) return true;
    const lane = this.lanes.get(BARE_LANE);
    return this.lanes.size === 1 && lane !== undefined && lane.partial === null && !lane.blockOpen;
  }

  /** Whether the line `buf[start, end)` is one pushBytes() could take (as far as the line goes). */
  quietLine(buf: Buffer, start: number, end: number): boolean {
    return this.quietBytes !== null && this.quietBytes.classify(buf, start, end) !== null;
  }

  /** The lines given to pushBytes() next are in another buffer. */
  newBuffer(): void {
    this.quietBytes?.newBuffer();
    this.lanes.get(BARE_LANE)?.detachQuietLine();
  }

  /**
   * The lazy path: a line without envelope, in klog or zap JSON, that cannot start an entry any
   * signature matches, is taken as the start of a quiet entry without parsing. Returns false,
   * having changed nothing that process() would not, when the line needs the full path; null
   * when that is because quietClass() refused it (logical(), which would ask again of the same
   * text, need not).
   */
  private quietly(line: string): boolean | null {
    if (!this.peeler.leavesAlone(line) || mayBeWrapped(line) || isPadded(line)) return false;
    const cls = this.quietClass(line);
    if (cls === null) return null;
    if (!this.takeQuiet(cls)) return false;
    const lane = this.lastLane!;
    lane.quietText = line;
    lane.quietBuf = null;
    lane.quietAt = this.counters.lines;
    return true;
  }

  /** The class of a payload that provably starts an entry no signature matches; null otherwise. */
  private quietClass(text: string): QuietClass | null {
    const span = this.span;
    const cls = classifyQuiet(text, span);
    if (cls === null) return null;
    const mayMatch = span.text !== null ? this.prefilter!.mayMatchText(span.text) : this.prefilter!.mayMatch(text, span.from, span.to);
    if (mayMatch) return null;
    // An entry that may be an unrecognised error is parsed too (match/error-words.ts).
    if (alwaysCandidate(cls.level)) return null;
    if (candidateWithWord(cls.level) && (span.text !== null ? hasErrorWord(span.text) : hasErrorWord(text, span.from, span.to))) return null;
    return cls;
  }

  /** The shared stand-in for quiet entries of a class. */
  private standIn(cls: QuietClass): LogEntry {
    let entry = this.standIns[cls.id];
    if (!entry) this.standIns[cls.id] = entry = { ...this.entryOf(null, '', NO_ENVELOPE, '', 0), format: cls.format, level: cls.level };
    return entry;
  }

  /** Makes a shared stand-in of this class the lane's pending (quiet) entry. */
  private startQuiet(lane: Lane, cls: QuietClass): void {
    lane.start(this.standIn(cls), null, cls);
  }

  /** Counts the tallied quiet entries into `counters`. */
  private countTally(): void {
    const c = this.counters;
    for (const cls of QUIET_CLASSES) {
      const n = this.quietTally[cls.id]!;
      if (n === 0) continue;
      this.quietTally[cls.id] = 0;
      c.entries += n;
      c.byFormat[cls.format] = (c.byFormat[cls.format] ?? 0) + n;
      if (cls.level) c.byLevel[cls.level] = (c.byLevel[cls.level] ?? 0) + n;
    }
  }

  /** Emits everything still pending. Call at end of input. */
  flush(): void {
    if (this.sniff === 'buffering') {
      const verdict = this.sniffer!.verdict();
      this.decideStern(verdict.stern ? verdict : null);
    }
    this.flushLanes();
    this.lanes.clear();
    this.lastLane = null;
    this.countTally();
  }

  /**
   * stern detection: when the first non-empty line looks like stern output, the first lines are
   * held back until the sniffer is sure either way, then replayed. Returns whether it took the line.
   */
  private sniffing(line: string, lineNo: number): boolean {
    const text = stripSgr(line);
    if (this.sniff === 'waiting') {
      // stern's own notices and blank lines come before its first prefixed line.
      if (text.length === 0 || isSternNotice(text)) return false;
      this.sniffer = new SternSniffer((t) => this.isKnownPayload(t));
      if (!this.sniffer.candidate(text)) {
        this.sniff = 'done';
        return false;
      }
      this.sniff = 'buffering';
    }
    this.sniffBuffer.push([line, lineNo]);
    const verdict = this.sniffer!.add(text);
    if (verdict) this.decideStern(verdict.stern ? verdict : null);
    return true;
  }

  private decideStern(verdict: { tokens: 2 | 3 } | null): void {
    this.sniff = 'done';
    if (verdict) this.peeler.stern = { kind: 'sniffed', tokens: verdict.tokens };
    const buffered = this.sniffBuffer;
    this.sniffBuffer = [];
    for (const [line, lineNo] of buffered) this.process(line, lineNo);
  }

  /** Whether `text`, after any timestamp, is in a known payload format (stern detection). */
  private isKnownPayload(text: string): boolean {
    const ctx: PayloadContext = { year: this.year, refTime: null };
    const t = peelTimestamp(text) ?? peelShortTimestamp(text, this.year);
    // A time the format itself starts with (zap console, hclog) is no envelope's.
    return (t !== null && detectPayload(t.rest, ctx) !== null) || detectPayload(text, ctx) !== null;
  }

  private process(line: string, lineNo: number): void {
    const result = this.peeler.peel(line);
    if (result.kind === 'marker') {
      this.marker(result.marker, result.text, line, lineNo);
      return;
    }
    const peeled = result.line;
    const lane = this.laneFor(laneKey(peeled.envelope));
    this.record(lane, peeled, line, lineNo);
    if (peeled.gluedEnd) this.endOfSection(peeled.gluedEnd);
  }

  /** Joins partial records, then hands complete logical lines on. */
  private record(lane: Lane, peeled: Peeled, raw: string, lineNo: number): void {
    const open = lane.partial;
    if (open) {
      open.parts++;
      if (!open.capped) {
        const room = this.maxJoined - open.text.length;
        if (peeled.payload.length > room) {
          open.text += peeled.payload.slice(0, Math.max(0, room));
          open.capped = true;
          this.counters.truncated++;
        } else {
          open.text += peeled.payload;
        }
      }
      if (peeled.partial) return;
      lane.partial = null;
      this.logical(lane, open.text, open.envelope, open.raw, open.lineNo, open.parts);
      return;
    }
    if (peeled.partial) {
      lane.partial = { text: peeled.payload, raw, lineNo, envelope: peeled.envelope, parts: 1, capped: false };
      return;
    }
    this.logical(lane, peeled.payload, peeled.envelope, raw, lineNo, 1);
  }

  /** A partial line still open at the end of input (or lane eviction) is complete as it stands. */
  private completePartial(lane: Lane): void {
    const open = lane.partial;
    if (!open) return;
    lane.partial = null;
    this.logical(lane, open.text, open.envelope, open.raw, open.lineNo, open.parts);
  }

  /**
   * One logical line (`parts` physical lines): a continuation of the lane's pending entry, or
   * the first line of a new one. Records joined into it beyond the first count as continuation.
   */
  private logical(lane: Lane, text: string, envelope: EntryEnvelope, raw: string, lineNo: number, parts: number): void {
    this.counters.continuation += parts - 1;
    const ctx: PayloadContext = { year: this.year, refTime: envelope.time };
    if (isPadded(raw) && raw.length > this.paddedWidth) this.paddedWidth = raw.length;
    if (lane.join !== null && this.joins(lane, text, raw, envelope)) return;
    // As joins() does, a line with a time of its own (a journal prefix) is never the rest of another.
    if (lane.quiet && lane.quietAt === this.counters.lines - 1 && envelope.layers.length === 0 && envelope.time === null && parts === 1 && this.revives(lane, text, raw, lineNo)) return;
    const c0 = text.charCodeAt(0);
    let indent = 0;
    if ((c0 === 32 || c0 === 9) && !lane.blockOpen) {
      // Indentation a paste added: an indented log line starts an entry of its own.
      const dedented = this.dedentedStart(lane, text, ctx);
      if (dedented !== null) {
        indent = text.length - dedented.length;
        text = dedented;
      }
    }
    if (lane.continues(text)) {
      this.counters.continuation++;
      return;
    }
    this.emitTaken(lane);
    // Lazy parsing behind envelopes (CRI, Docker, kubectl, stern), for joined partial records, and
    // for zap console lines (which start with a digit, like an envelope).
    if (this.prefilter !== null && !this.notQuiet && !mayBeWrapped(raw)) {
      const cls = this.quietClass(text);
      // A bare klog or zap console line may go on in the next line (soft wraps, as openJoin()
      // allows): it is kept for revive(), which reads it from `raw` — so only a line that is its
      // own raw text (no colour codes, quote markers or indentation peeled) is taken here.
      const soft = cls !== null && SOFT_WRAP_FORMATS.has(cls.format) && envelope.layers.length === 0 && envelope.time === null;
      if (cls !== null && (!soft || text === raw)) {
        this.startQuiet(lane, cls);
        lane.indent = indent;
        if (soft) {
          lane.quietText = raw;
          lane.quietAt = this.counters.lines;
        }
        return;
      }
    }
    text = unlinkMarkdown(text);
    let parsed = this.parse(text, ctx);
    if (!parsed && envelope.layers.includes('kubectl-timestamps')) {
      // Kubelets before 1.26 timestamped every partial record, inside the logical line.
      const repaired = removeGluedTimestamps(text);
      if (repaired !== text) {
        text = repaired;
        parsed = this.parse(text, ctx);
      }
    }
    // What can still be read from a line no format reads (a cut JSON object, escaped quotes, a prefix).
    parsed ??= salvage(text, ctx, (t, c) => this.parse(t, c));
    lane.start(this.entryOf(parsed, text, envelope, raw, lineNo), parsed?.openBlock ?? null);
    lane.indent = indent;
    this.openJoin(lane, { text, envelope, raw, lineNo, lines: 1, last: raw, at: 0 }, parsed, raw);
  }

  /**
   * Keeps the lane's new entry open for the lines that finish its first one: the rest of a line
   * hard-wrapped at WRAP_WIDTH, or of a JSON object cut over several lines (bounded).
   */
  private openJoin(lane: Lane, join: Join, parsed: ParsedLine | null, lastRaw: string): void {
    const format = parsed?.format ?? 'unknown';
    if (join.payload || (join.lines === 1 && opensCloudPayload(join.text))) {
      if (!join.payload) join.braced = join.text.trimEnd().endsWith('{');
      join.payload = true;
      if (join.lines < MAX_JOINED_LINES && join.text.length < MAX_JOINED_TEXT) lane.join = join;
      return;
    }
    if (join.lines >= MAX_JOINED_LINES || join.text.length >= MAX_JOINED_TEXT) return;
    const json = join.text.charCodeAt(0) === 123 /* { */ && !JSON_FORMATS.has(format) && parseJsonObject(join.text) === null;
    const wrap = !JSON_FORMATS.has(format) && mayBeWrapped(lastRaw);
    join.hard = json || wrap;
    join.wrapOnly = wrap && !json;
    join.last = lastRaw;
    join.at = this.counters.lines;
    // A line hard-wrapped at some other width gives no sign of it: the next line's shape decides (softSeparator).
    // Not behind an envelope or a journal prefix: such a line is a record of its own.
    const soft = (SOFT_WRAP_FORMATS.has(format) || isKubectlError(format, parsed)) && (parsed?.openBlock ?? null) === null && join.envelope.layers.length === 0 && join.envelope.time === null;
    if (join.hard || soft) lane.join = join;
  }

  /**
   * The quiet pending entry's line, read after all and kept open, when the line after it (`text`)
   * is its hard-wrapped rest: then that line is joined to it (joins()) and true is returned.
   */
  private revives(lane: Lane, text: string, raw: string, lineNo: number): boolean {
    // Decided before the quiet line is decoded, when the next line alone says so (zap's context may
    // go on; so may a quoted token the wrap cut before a digit, as softSeparator allows).
    if (neverContinues(text) && !startsJsonKey(text) && !(isDigit(text.charCodeAt(0)) && lane.quietLineMayEndInToken())) return false;
    const line = lane.quietLine();
    if (line === null) return false;
    const ctx: PayloadContext = { year: this.year, refTime: null };
    const join: Join = { text: line, envelope: NO_ENVELOPE, raw: line, lineNo: lineNo - 1, lines: 1, last: line, at: lane.quietAt };
    // A quiet line is a klog or JSON log line (format known), with no open klog block.
    if (this.softSeparator(lane, join, text, raw, ctx) === null) return false;
    // The quiet entry was not counted yet: it becomes the entry read from its line.
    const parsed = this.parse(line, ctx) ?? salvage(line, ctx, (t, c) => this.parse(t, c));
    lane.start(this.entryOf(parsed, line, NO_ENVELOPE, line, lineNo - 1), parsed?.openBlock ?? null);
    lane.join = join;
    return this.joins(lane, text, raw, NO_ENVELOPE);
  }

  /**
   * Whether `text` (physical line `raw`) is the rest of the open first line `join`, hard-wrapped:
   * the separator to join them with ('' where the wrap cut a word or kept the space, ' ' where it
   * replaced a space), or null when `text` stands on its own. A log line (a recognised header or
   * a known line), a stack frame or an empty line never goes on; a line after one the terminal
   * padded to its width neither. Otherwise a line starting with a lower-case letter goes on; one
   * starting with anything else (an indented line included) only when the open line shows it is
   * unfinished: a quote or brace left open, one trailing space (a word wrap kept it), or the full
   * width of the terminal (known from the lines it padded).
   */
  private softSeparator(lane: Lane, join: Join, text: string, raw: string, ctx: PayloadContext): string | null {
    const last = join.last;
    // Only the very next physical line (a line of another lane in between ends the wrap).
    if (isPadded(last) || join.at !== this.counters.lines - 1) return null;
    // zap's context object on a line of its own: the wrap fell on the TAB before it, which is put back.
    if (this.zapContextGoesOn(join, text, ctx)) return '\t';
    const c = text.charCodeAt(0);
    const never = neverContinues(text);
    if (never && !isDigit(c)) return null;
    const trailing = last.length > 0 && (last.charCodeAt(last.length - 1) === 32 || last.charCodeAt(last.length - 1) === 9);
    const full = (this.paddedWidth > 0 && last.length === this.paddedWidth) || (isPadded(raw) && raw.length === last.length) || cutAtBorder(last, raw);
    if (join.text.length + text.length > MAX_JOINED_TEXT) return null;
    const open = openings(join.text);
    // A quoted token the wrap cut goes on in the next line, even from a digit ("…networking.k" then "8s.io/v1").
    const token = endsInQuotedToken(join.text, open);
    if (never && !token) return null;
    const unfinished = leftOpen(open);
    // Go's url.Error puts the method before the quoted URL (`Post "https://…": dial tcp …`), where a wrap often falls.
    const urlAfterMethod = c === 34 && text.startsWith('"http') && METHOD_AT_END.test(join.text);
    if (!trailing && !full && !unfinished && !urlAfterMethod) {
      // Without a sign, only a lower-case start goes on after a log line (or kubectl's error line),
      // and not after a closed JSON context or quoted value, nor when it starts with a signature's
      // keyword — unless the line before ended with a colon, as an error chain's link does.
      const end = join.text.charCodeAt(join.text.length - 1);
      if (!(c >= 97 && c <= 122) || end === 125 /* } */ || end === 34 /* " */ || end === 93 /* ] */) return null;
      const pending = lane.pending;
      if (pending === null || pending.format === 'unknown' || (pending.format === 'plain' && pending.level !== 'error')) return null;
      if (end !== 58 /* : */ && this.startsWithKeyword(text)) return null;
    }
    if (startsLogfmt(text) || isStackLine(text) || isFrameFunction(text) || this.parse(text, ctx) !== null) return null;
    // A log line behind a prefix (a container name, a stern prefix) starts an entry too.
    const behind = salvage(text, ctx, (t, x) => this.parse(t, x));
    if (behind !== null && behind.format !== 'unknown') return null;
    return trailing || full || token || c === 32 ? '' : ' ';
  }

  /**
   * Whether `text` is the context object of the open zap console line `join`, wrapped onto the next line:
   * that line has no context yet (only a logger or caller among its fields, no error), and `text` starts
   * like zap's context (`{"`, whole or cut) with no key a JSON log line of its own has.
   */
  private zapContextGoesOn(join: Join, text: string, ctx: PayloadContext): boolean {
    if (!startsJsonKey(text) || join.text.length + text.length > MAX_JOINED_TEXT) return false;
    // Read from the open line's text (a quiet line in revives() has no fields of its own yet).
    const open = this.parse(join.text, ctx);
    if (open === null || open.format !== 'zap-console' || open.error !== null) return false;
    for (const key in open.fields) if (key !== 'logger' && key !== 'caller') return false;
    const fields = readJsonFragment(text);
    return fields !== null && !Object.keys(fields).some((key) => LOG_OBJECT_KEYS.has(key));
  }

  /** A cloud console's `jsonPayload:` block takes its indented lines and its closing `}`. */
  private joinsPayload(lane: Lane, join: Join, text: string, ctx: PayloadContext): boolean {
    const closing = text.trim() === '}';
    // Inside braces a field line may have lost its indentation in the paste (`message: "…"`).
    if (!closing && text.charCodeAt(0) !== 32 && !(join.braced && PAYLOAD_FIELD.test(text))) return false;
    join.text += `\n${text}`;
    join.lines++;
    this.counters.continuation++;
    const parsed = parseCloudPayload(join.text);
    const entry = this.entryOf(parsed, join.text.slice(0, join.text.indexOf('\n')), join.envelope, join.raw, join.lineNo);
    entry.continuation = lane.pending!.continuation;
    entry.continuation.push(text);
    const indent = lane.indent;
    lane.start(entry, null);
    lane.indent = indent;
    if (!closing) this.openJoin(lane, join, parsed, text);
    return true;
  }

  /**
   * Whether `text` finishes the first line of the lane's pending entry (see openJoin): then it
   * is appended, the entry is read again from the joined text, and true is returned.
   */
  private joins(lane: Lane, text: string, raw: string, envelope: EntryEnvelope): boolean {
    const join = lane.join!;
    lane.join = null;
    if (lane.pending === null || lane.quiet || text.length === 0 || text.charCodeAt(0) === 9 /* TAB */) return false;
    if (join.wrapOnly && envelope.layers.some((l) => l !== 'cluster-dump')) return false;
    const ctx: PayloadContext = { year: this.year, refTime: join.envelope.time };
    if (join.payload) return this.joinsPayload(lane, join, text, ctx);
    let sep: string | null;
    if (join.hard) {
      const own = this.parse(text, ctx);
      sep = own !== null && own.format !== 'plain' ? null : '';
    } else sep = envelope.layers.length === 0 && envelope.time === null ? this.softSeparator(lane, join, text, raw, ctx) : null;
    if (sep === null) return false;
    if (sep === ' ') {
      if (join.lines >= 2 && join.last.length >= FIXED_WIDTH_MIN && join.last.length === join.raw.length) {
        // Pieces of one width in a row: the text was cut at that width, mid-word as often as not,
        // so the spaces soft joins put between its pieces were never there.
        for (const at of (join.spaces ?? []).reverse()) join.text = join.text.slice(0, at) + join.text.slice(at + 1);
        join.spaces = undefined;
        sep = '';
      } else (join.spaces ??= []).push(join.text.length);
    }
    join.text += sep + (isPadded(text) ? text.trimEnd() : text);
    join.lines++;
    this.counters.continuation++;
    const parsed = this.parse(join.text, ctx) ?? salvage(join.text, ctx, (t, c) => this.parse(t, c));
    const indent = lane.indent;
    lane.start(this.entryOf(parsed, join.text, join.envelope, join.raw, join.lineNo), parsed?.openBlock ?? null);
    lane.indent = indent;
    this.openJoin(lane, join, parsed, raw);
    return true;
  }

  /**
   * An indented line without its indentation, when that is a line of its own: the first line of
   * a lane, or a line in a log format (a klog or zap header, a JSON log object, …) rather than a
   * stack frame or a dump. Null when the line stays as it is.
   */
  private dedentedStart(lane: Lane, text: string, ctx: PayloadContext): string | null {
    const dedented = text.trimStart();
    if (dedented.length === 0) return null;
    // The first line of a lane, or a sibling of an entry whose first line had this same indentation.
    if (lane.pending === null) return dedented;
    if (lane.indent === text.length - dedented.length && !lane.attachesByShape(dedented)) return dedented;
    const parsed = this.parse(dedented, ctx);
    return parsed !== null && STARTS_ENTRY.has(parsed.format) ? dedented : null;
  }

  private parse(text: string, ctx: PayloadContext): ParsedLine | null {
    return this.forced ? parsePayloadAs(text, this.forced, ctx) : detectPayload(text, ctx);
  }

  private entryOf(parsed: ParsedLine | null, text: string, envelope: EntryEnvelope, raw: string, lineNo: number): LogEntry {
    const env = envelope.layers.length > 0 ? envelope : null;
    return {
      source: this.source,
      line: lineNo,
      format: parsed?.format ?? 'unknown',
      level: parsed?.level ?? null,
      time: parsed?.time ?? envelope.time,
      message: parsed?.message ?? text,
      error: parsed?.error ?? null,
      fields: parsed?.fields ?? {},
      raw,
      continuation: [],
      envelope: env,
    };
  }

  /** A cluster-info dump marker ends the previous section's entries and is an entry itself. */
  private marker(marker: DumpMarker, text: string, raw: string, lineNo: number): void {
    this.flushLanes();
    this.emitEntry({
      source: this.source,
      line: lineNo,
      format: 'marker',
      level: null,
      time: null,
      message: text,
      error: null,
      fields: {},
      raw,
      continuation: [],
      envelope: {
        layers: ['cluster-dump'],
        time: null,
        stream: null,
        namespace: marker.namespace,
        pod: marker.pod,
        container: marker.container,
      },
    });
  }

  private endOfSection(marker: DumpMarker): void {
    this.peeler.endSection(marker);
    this.flushLanes();
  }

  /** Emits every lane's pending work, oldest entry first. */
  private flushLanes(): void {
    for (const lane of this.lanes.values()) this.completePartial(lane);
    const pending: LogEntry[] = [];
    for (const lane of this.lanes.values()) {
      if (lane.quiet) this.emitTaken(lane);
      else {
        const entry = lane.take();
        if (entry) pending.push(entry);
      }
    }
    pending.sort((a, b) => a.line - b.line);
    for (const entry of pending) this.emitEntry(entry);
  }

  private laneFor(key: string): Lane {
    if (this.lastLane?.key === key) return this.lastLane;
    let lane = this.lanes.get(key);
    if (lane) {
      // Keep the map in least-recently-used order.
      this.lanes.delete(key);
    } else {
      lane = new Lane(key);
      if (this.lanes.size >= MAX_LANES) this.evictOldest();
    }
    this.lanes.set(key, lane);
    this.lastLane = lane;
    return lane;
  }

  private evictOldest(): void {
    const oldest = this.lanes.values().next().value;
    if (!oldest) return;
    this.completePartial(oldest);
    this.emitTaken(oldest);
    this.lanes.delete(oldest.key);
  }

  /** Ends the lane's pending entry, if any: counted, and emitted unless it is quiet. */
  private emitTaken(lane: Lane): void {
    const quiet = lane.quiet;
    const entry = lane.take();
    if (entry) this.emitEntry(entry, quiet);
  }

  private emitEntry(entry: LogEntry, quiet = false): void {
    const c = this.counters;
    if (entry.format === 'unknown') {
      c.unparsed++;
    } else {
      c.entries++;
      c.byFormat[entry.format] = (c.byFormat[entry.format] ?? 0) + 1;
      if (entry.level) c.byLevel[entry.level] = (c.byLevel[entry.level] ?? 0) + 1;
    }
    if (!quiet) this.emit(entry);
  }
}
