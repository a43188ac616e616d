/**
 * Payload detection: which format one line (its envelopes already peeled) is in, decided by its
 * first bytes before any regex runs (formats.md §7.2), then parsed by that format's parser.
 */

import type { ParsedLine, PayloadContext } from './parsed-line.js';
import type { PayloadFormat } from './input-format.js';
import { parseKlog } from './formats/klog.js';
import { parseJsonLine } from './formats/json.js';
import { parseZapConsole, parseZapConsoleLoose } from './formats/zap-console.js';
import { parseLogrusTty } from './formats/logrus-tty.js';
import { parseGoLog } from './formats/go-log.js';
import { parseGoPanic } from './formats/go-panic.js';
import { fromLogrusPairs } from './formats/logrus-text.js';
import { fromSlogPairs } from './formats/slog-text.js';
import { fromGoKitPairs } from './formats/go-kit.js';
import { parseKnownPlain, parsePlain } from './formats/plain.js';
import { parseDescribeEvent } from './formats/describe-event.js';
import { parseGetEvent } from './formats/get-events.js';
import { parseLog4j } from './formats/log4j.js';
import { parseCoreDns } from './formats/coredns.js';
import { parseCapnslog } from './formats/capnslog.js';
import { parseHclog } from './formats/hclog.js';
import { readLogfmtPairs } from './logfmt-pairs.js';
import { parseCutKlog } from './salvage.js';
import { isDigit } from './ascii.js';

/** Keys a logfmt-family line (logrus, slog, go-kit) starts with. */
function startsLogfmt(text: string): boolean {
  return text.startsWith('level=') || text.startsWith('time=') || text.startsWith('ts=') || text.startsWith('caller=');
}

type LogfmtFormat = 'logrus' | 'slog' | 'logfmt';

function parseLogfmtFamily(text: string, only?: LogfmtFormat): ParsedLine | null {
  if (!startsLogfmt(text)) return null;
  const read = readLogfmtPairs(text);
  if (read.pairs.length === 0) return null;
  if (only === undefined || only === 'logrus') {
    const p = fromLogrusPairs(read, text);
    if (p) return p;
  }
  if (only === undefined || only === 'slog') {
    const p = fromSlogPairs(read, text);
    if (p) return p;
  }
  if (only === undefined || only === 'logfmt') return fromGoKitPairs(read, text);
  return null;
}

/**
 * A JSON log whose message is a whole klog line (klog routed through logrus or zap, as
 * shell-operator does: `{"level":"error","msg":"E1005 12:14:24.777262 10 reflector.go:127] …\n",
 * "source":"klog"}`): the klog line's message, error and pairs are read, the JSON's level, time
 * and fields kept.
 */
function unwrapKlog(p: ParsedLine | null, ctx: PayloadContext): ParsedLine | null {
  if (p === null) return null;
  const m = p.message;
  const c = m.charCodeAt(0);
  if (!(c === 73 || c === 87 || c === 69 || c === 70) || !isDigit(m.charCodeAt(1))) return p;
  const k = parseKlog(m.trimEnd(), ctx);
  if (k === null) return p;
  return { ...p, message: k.message, error: p.error ?? k.error, fields: { ...k.fields, ...p.fields } };
}

/** Parses a payload line in whichever known format it is in, or returns null. */
export function detectPayload(text: string, ctx: PayloadContext): ParsedLine | null {
  // An empty line (`fmt.Println()`, a CRI `F ` record) is plain text; inside an entry it is a continuation.
  if (text.length === 0) return parsePlain(text);
  const c = text.charCodeAt(0);
  if (c === 123 /* { */) return unwrapKlog(parseJsonLine(text), ctx);
  if (isDigit(c)) return parseZapConsole(text) ?? parseGoLog(text) ?? parseCapnslog(text) ?? parseZapConsoleLoose(text) ?? parseHclog(text) ?? parseCoreDns(text) ?? parseLog4j(text) ?? parseGetEvent(text) ?? parseCutKlog(text, ctx);
  if (c === 91 /* [ */) {
    const p = parseCoreDns(text) ?? parseLog4j(text);
    if (p) return p;
  }
  if (c === 73 /* I */ || c === 87 /* W */ || c === 69 /* E */ || c === 70 /* F */) {
    const d = text.charCodeAt(1);
    const klog = isDigit(d) ? parseKlog(text, ctx) : null;
    if (klog) return klog;
  }
  if (c === 116 /* t */ || c === 108 /* l */ || c === 99 /* c */) {
    const p = parseLogfmtFamily(text);
    if (p) return p;
  }
  if (c >= 65 && c <= 90 /* A-Z */) {
    const p = parseLogrusTty(text) ?? parseZapConsoleLoose(text) ?? (c === 78 /* N */ || c === 87 /* W */ ? parseDescribeEvent(text) : null);
    if (p) return p;
  }
  if ((c >= 97 && c <= 122) /* a-z */ || c === 60 /* < */) {
    const p = parseGetEvent(text);
    if (p) return p;
  }
  return parseGoPanic(text) ?? parseKnownPlain(text) ?? parseCutKlog(text, ctx);
}

/**
 * Parses a payload line as the one declared format. Go crash blocks are still recognised: the
 * runtime writes them past whatever logger the program uses.
 */
export function parsePayloadAs(text: string, format: PayloadFormat, ctx: PayloadContext): ParsedLine | null {
  const crash = parseGoPanic(text);
  if (crash) return crash;
  switch (format) {
    case 'klog':
      return parseKlog(text, ctx);
    case 'klog-json':
    case 'zap-json':
    case 'slog-json':
    case 'logrus-json':
    case 'json':
      return unwrapKlog(parseJsonLine(text, format), ctx);
    case 'zap-console':
      return parseZapConsole(text) ?? parseZapConsoleLoose(text);
    case 'logrus':
      return parseLogfmtFamily(text, format) ?? parseLogrusTty(text);
    case 'slog':
    case 'logfmt':
      return parseLogfmtFamily(text, format);
    case 'go-log':
      return parseGoLog(text);
    case 'plain':
      return parsePlain(text);
  }
}
