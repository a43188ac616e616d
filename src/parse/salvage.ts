/**
 * Lines that no format reads as they stand, read as far as they go (issue #19): a klog line
 * whose header a paste cut (`1 garbagecollector.go:360] …`, `garbagecollector.go:360] …`), a
 * log line behind a prefix nothing declared (a stern prefix on a lone line, a copied prompt), a
 * JSON object cut before its end, and text whose quotes are still JSON- or Go-escaped. What
 * comes out is matched like any entry; a line nothing could be made of keeps its text, with
 * escapes decoded, as an entry of format `unknown`.
 */

import type { ParsedLine, PayloadContext } from './parsed-line.js';
import { levelOf } from './levels.js';
import { parseKlog, readKlogBody } from './formats/klog.js';
import { toIso } from './timestamps.js';
import { decodeEscapes } from './go-quote.js';
import { splitSternPrefix } from './envelopes/stern.js';

/** `[thread ]file.go:line] ` — a klog header cut before its thread id or its file name. */
const CUT_KLOG = /^(?:\d{1,10} )?([\w.-]{1,200}\.go):(\d{1,7})\] /;
/** A full klog header somewhere in a line (after a prefix nothing peeled). */
const EMBEDDED_KLOG = / ([IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [^ :\]]+:\d+\] )/;

/** The rest of a klog header whose severity letter was cut: `0813 09:04:42.593671       1 reflector.go:138] `. */
const NO_SEVERITY = /^\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [^ :\]]+:\d+\] /;

/**
 * A klog line cut before its time (no time and no level), or only before its severity letter
 * (the time kept, no level), or down to the bracket that ends its header (`] msg`, what
 * `grep -o "].*"` leaves); the rest read as klog reads it.
 */
export function parseCutKlog(text: string, ctx: PayloadContext = { year: new Date().getUTCFullYear(), refTime: null }): ParsedLine | null {
  const c = text.charCodeAt(0);
  if (c === 93 /* ] */) return text.charCodeAt(1) === 32 && text.length > 2 && text.charCodeAt(2) !== 32 ? readKlogBody(text.slice(2), {}, null, null) : null;
  if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return null;
  const go = text.indexOf('.go:');
  if (go === -1 || go > 220) return null;
  if (c <= 57 && text.charCodeAt(4) === 32 && NO_SEVERITY.test(text)) {
    const p = parseKlog(`I${text}`, ctx);
    return p && { ...p, level: null };
  }
  const m = CUT_KLOG.exec(text);
  if (!m) return null;
  return readKlogBody(text.slice(m[0].length), { caller: `${m[1]}:${m[2]}` }, null, null);
}

/**
 * The string values of a JSON object's top-level keys, read as far as the text goes: a string
 * cut before its closing quote is taken up to the end, and a quote inside a string that lost its
 * backslash (one not followed by `,`, `}` or the end) is part of it. Null when the text is not the start of
 * a JSON object.
 */
export function readJsonFragment(text: string): Record<string, string> | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  };
  if (text.charCodeAt(0) !== 123) return null;
  i = 1;
  const out: Record<string, string> = {};
  let keys = 0;
  for (;;) {
    ws();
    if (i >= n || text[i] !== '"') break;
    const keyEnd = text.indexOf('"', i + 1);
    if (keyEnd === -1) break;
    const key = text.slice(i + 1, keyEnd);
    i = keyEnd + 1;
    ws();
    if (text[i] !== ':') break;
    i++;
    ws();
    if (text[i] === '"') {
      let j = i + 1;
      for (;;) {
        while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
        if (j >= n) break;
        // The quote that ends a value is followed by `,`, `}` or the end; one followed by anything
        // else is the value's own, whose backslash a paste lost (markdown eats `\"`).
        let k = j + 1;
        while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
        if (k >= n || text.charCodeAt(k) === 44 || text.charCodeAt(k) === 125) break;
        j++;
      }
      out[key] = decodeEscapes(text.slice(i + 1, Math.min(j, n)));
      keys++;
      if (j >= n) break;
      i = j + 1;
    } else {
      // A number, literal, object or array: skipped, brackets and strings honoured.
      let depth = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 34) {
          i++;
          while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
        } else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (depth === 0) break;
          depth--;
        } else if (c === 44 && depth === 0) break;
        i++;
      }
    }
    ws();
    if (text[i] !== ',') break;
    i++;
  }
  return keys > 0 ? out : null;
}

const CONTAINER_NAME = /^[a-z][-a-z0-9]{0,62}$/;
const MESSAGE_KEYS = ['msg', 'message', 'log', 'M'];
const ERROR_KEYS = ['error', 'err'];
/** Keys a cut JSON line's level and time come from: not fields. */
const FIXED_KEYS = new Set(['level', 'severity', 'ts', 'time', 'stacktrace']);

/**
 * What can be read from a line no format reads. `detect` parses a piece of text in the known
 * formats (the line's own parser), for what is found inside a JSON string or behind a prefix.
 */
export function salvage(text: string, ctx: PayloadContext, detect: (t: string, ctx: PayloadContext) => ParsedLine | null): ParsedLine | null {
  // A JSON line pasted still escaped as a string value (`{\"level\":\"error\",…`).
  if (text.startsWith('{\\"')) {
    const unescaped = decodeEscapes(text);
    return detect(unescaped, ctx) ?? salvage(unescaped, ctx, detect);
  }
  if (text.charCodeAt(0) === 123 /* { */) {
    const o = readJsonFragment(text);
    const key = o !== null ? MESSAGE_KEYS.find((k) => k in o) : undefined;
    // Without a message there is nothing to read it as: the text is matched as it stands.
    if (o !== null && key !== undefined) {
      const message = o[key]!;
      // A log line inside the value (Docker's `log`, a wrapped klog line) is read as that line.
      const inner = message.length > 0 ? detect(message, ctx) : null;
      const errorKey = ERROR_KEYS.find((k) => k in o);
      const error = errorKey !== undefined ? o[errorKey]! : null;
      if (inner !== null && inner.format !== 'plain' && error === null) return inner;
      const level = o['level'] ?? o['severity'];
      // The other string values are the entry's fields (controllerKind, namespace, name…).
      const fields: Record<string, unknown> = {};
      for (const k in o) if (k !== key && k !== errorKey && !FIXED_KEYS.has(k)) fields[k] = o[k];
      return {
        format: 'unknown',
        level: level !== undefined ? levelOf(level) : null,
        time: o['ts'] !== undefined ? toIso(o['ts']) : o['time'] !== undefined ? toIso(o['time']) : null,
        message: inner !== null ? inner.message + (inner.error ? `: ${inner.error}` : '') : message,
        error,
        fields,
        openBlock: null,
      };
    }
  }
  // A stern prefix on a line the sniffer could not vouch for (a lone line, a short paste).
  for (const tokens of [2, 3] as const) {
    const p = splitSternPrefix(text, tokens);
    const inner = p !== null ? detect(p.rest, ctx) : null;
    if (inner !== null && inner.format !== 'plain') return inner;
  }
  // A container name in front (`manager 2024-…`, as log viewers print it), before a line with a timed header.
  const space = text.indexOf(' ');
  if (space > 0 && space <= 63 && CONTAINER_NAME.test(text.slice(0, space))) {
    const inner = detect(text.slice(space + 1), ctx);
    if (inner !== null && inner.time !== null && inner.format !== 'plain' && inner.format !== 'go-panic') return inner;
  }
  // A log line quoted as inline code in a sentence (`… got errors: \`2022-02-28T09:49:55.707Z⇥ERROR⇥…\`. `).
  const tick = text.indexOf('`');
  if (tick !== -1 && tick + 1 < text.length && text.charCodeAt(tick + 1) !== 96) {
    const close = text.indexOf('`', tick + 1);
    const inner = detect(text.slice(tick + 1, close === -1 ? text.length : close), ctx);
    if (inner !== null && inner.format !== 'plain' && inner.format !== 'go-panic') return inner;
  }
  // A klog line behind a prefix nothing peeled.
  const at = text.indexOf('] ');
  if (at !== -1) {
    const m = EMBEDDED_KLOG.exec(text);
    if (m) {
      const inner = detect(text.slice(m.index + 1), ctx);
      if (inner !== null) return inner;
    }
  }
  const decoded = decodeEscapes(text);
  return decoded === text ? null : { format: 'unknown', level: null, time: null, message: decoded, error: null, fields: {}, openBlock: null };
}

/**
 * `[text](https://…)`: a URL a paste turned into a markdown link. Neither part holds a space, a
 * bracket or a double quote, so a link lies within one quoted value or one stretch of text and
 * reading it as its text changes no other part of the line (the lazy path relies on it: a line
 * whose match text holds `](` is never taken without parsing, line-prefilter.ts).
 *
 * What `/\[([^[\]\s"]{1,2048})\]\(https?:\/\/[^()\s"]{1,2048}\)/g` would find, by a scan that is
 * linear in the text (the regex restarts at every `[`, and recheck finds that polynomial): each
 * `](` has at most one `[` that can open its text (the nearest one before it), and the scans
 * before and after one `](` stop at the next one's brackets, so no character is looked at twice.
 */
const MAX_LINK_PART = 2048;
const WHITESPACE = /\s/;

/** The text with markdown links a paste made of URLs read as their text (`[https://x](https://x)` → `https://x`). */
export function unlinkMarkdown(text: string): string {
  let at = text.indexOf('](');
  if (at === -1) return text;
  let out = '';
  /** End of the text already copied (a link's text cannot begin before it). */
  let done = 0;
  for (; at !== -1; at = text.indexOf('](', at + 2)) {
    if (at < done) continue;
    // The link text: back from `]` to its `[`, no bracket, space or quote in between.
    let open = at - 1;
    while (open >= done && at - open <= MAX_LINK_PART + 1) {
      const c = text[open]!;
      if (c === '[' || c === ']' || c === '"' || WHITESPACE.test(c)) break;
      open--;
    }
    if (open < done || text[open] !== '[' || open === at - 1 || at - open > MAX_LINK_PART + 1) continue;
    // The URL: http:// or https://, then up to the `)`, no parenthesis, space or quote in between.
    let url = at + 2;
    if (text.startsWith('http://', url)) url += 7;
    else if (text.startsWith('https://', url)) url += 8;
    else continue;
    let close = url;
    while (close < text.length && close - url <= MAX_LINK_PART) {
      const c = text[close]!;
      if (c === '(' || c === ')' || c === '"' || WHITESPACE.test(c)) break;
      close++;
    }
    if (text[close] !== ')' || close === url || close - url > MAX_LINK_PART) continue;
    out += text.slice(done, open) + text.slice(open + 1, at);
    done = close + 1;
    at = close - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}
