/**
 * klog text: `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`, with the message either printf
 * text or a quoted message followed by `key=value` pairs (formats.md §3.1).
 */

import type { Level } from '../../model/entry.js';
import { decodeEscapes, readGoQuoted } from '../go-quote.js';
import type { ParsedLine, PayloadContext } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { wallClockIso, yearNear } from '../timestamps.js';

// Fixed-width header; the thread id is space-padded to 7 columns, but tolerate any width. The
// file name excludes ':' so that the `:line] ` suffix is found without backtracking.
const KLOG_HEADER = /^([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +\d+ ([^ :\]]+):(\d+)\] /;

const LEVELS: Record<string, Level> = { I: 'info', W: 'warning', E: 'error', F: 'fatal' };

/** Parses a klog header line; the context supplies the year klog leaves out. */
export function parseKlog(line: string, ctx: PayloadContext): ParsedLine | null {
  const m = KLOG_HEADER.exec(line);
  if (!m) return null;
  const [, sev, mo, dd, hh, mi, ss, us, file, lineNo] = m;
  const month = Number(mo);
  const time = wallClockIso(
    yearNear(month, ctx.refTime, ctx.year),
    month,
    Number(dd),
    Number(hh),
    Number(mi),
    Number(ss),
    Math.floor(Number(us) / 1000),
  );
  const body = line.slice(m[0].length);
  return readKlogBody(body, { caller: `${file}:${lineNo}` }, LEVELS[sev!] ?? null, time);
}

/**
 * The part of a klog line after its header: printf text, or a quoted message followed by
 * `key=value` pairs. A quoted message cut before its closing quote is read with its escapes
 * decoded, so that a line cut short still reads as text.
 */
export function readKlogBody(body: string, fields: Record<string, unknown>, level: Level | null, time: string | null): ParsedLine {
  let message = body;
  let error: string | null = null;
  let openBlock: string | null = null;
  const klogr = readKlogrBody(body, fields, level, time);
  if (klogr) return klogr;
  if (body.startsWith('"')) {
    const q = readGoQuoted(body, 0);
    if (q) {
      message = q.value;
      const kv = readKeyValues(body, q.end, fields);
      openBlock = kv.openBlock;
      // An `err=<` block is filled in by the assembler once its lines have been read.
      if (openBlock !== 'err') error = takeError(fields, ['err']);
    } else {
      message = decodeEscapes(body);
    }
  }
  return { format: 'klog', level, time, message, error, fields, openBlock };
}

/**
 * go-logr's klogr before klog v2 (cert-manager up to 1.7 and many operators of that time) wrote
 * `[LOGGER ]["level"=N ]"msg"="…" "key"="value" …` after the header: every key quoted, the logger
 * name first. Read like klog's own pairs: the message from `msg`, the error from `error`.
 */
function readKlogrBody(body: string, fields: Record<string, unknown>, level: Level | null, time: string | null): ParsedLine | null {
  const msg = body.indexOf('"msg"="');
  if (msg === -1) return null;
  const first = body.indexOf('"');
  const logger = body.slice(0, first);
  // Before the first pair only a logger name (one word) may stand.
  if (logger !== '' && (!logger.endsWith(' ') || logger.indexOf(' ') !== logger.length - 1)) return null;
  const pairs: Record<string, unknown> = {};
  const { openBlock } = readKeyValues(` ${body.slice(first)}`, 0, pairs);
  const message = pairs['msg'];
  if (typeof message !== 'string' || openBlock !== null) return null;
  delete pairs['msg'];
  if (logger !== '') fields['logger'] = logger.slice(0, -1);
  Object.assign(fields, pairs);
  return { format: 'klog', level, time, message, error: takeError(fields, ['error', 'err']), fields, openBlock: null };
}

/**
 * Reads ` key=value` pairs from `text` at `pos` into `fields`. Values are Go-quoted strings,
 * JSON-ish literals up to the next space, or `<` opening a multi-line block (returned so the
 * assembler can collect the block's TAB-indented lines). Unreadable tails are kept verbatim
 * under `_rest` rather than dropped.
 */
export function readKeyValues(
  text: string,
  pos: number,
  fields: Record<string, unknown>,
): { openBlock: string | null } {
  let i = pos;
  while (i < text.length) {
    if (text[i] !== ' ') break;
    i++;
    let key: string;
    if (text[i] === '"') {
      // A quoted key (go-logr's klogr before klog v2: `"key"="value"`).
      const q = readGoQuoted(text, i);
      if (!q || text[q.end] !== '=' || q.value.length === 0) break;
      key = q.value;
      i = q.end + 1;
    } else {
      const eq = text.indexOf('=', i);
      if (eq === -1) break;
      key = text.slice(i, eq);
      if (key.length === 0 || key.includes(' ') || key.includes('"')) break;
      i = eq + 1;
    }
    const c = text[i];
    if (c === '"') {
      const q = readGoQuoted(text, i);
      if (!q) {
        // A value cut before its closing quote (the line was cut when it was copied): the rest,
        // its escapes decoded, as a cut quoted message is read.
        if (!closes(text, i + 1)) {
          fields[key] = decodeEscapes(text.slice(i + 1));
          i = text.length;
        }
        break;
      }
      fields[key] = q.value;
      i = q.end;
    } else if (c === '<' && i === text.length - 1) {
      fields[key] = '';
      return { openBlock: key };
    } else if (c === '[' || c === '{') {
      const end = matchBracket(text, i);
      if (end === -1) break;
      const raw = text.slice(i, end);
      fields[key] = parseJsonOr(raw);
      i = end;
    } else {
      let end = text.indexOf(' ', i);
      if (end === -1) end = text.length;
      fields[key] = parseJsonOr(text.slice(i, end));
      i = end;
    }
  }
  if (i < text.length) fields['_rest'] = text.slice(i);
  return { openBlock: null };
}

/** Whether an unescaped `"` comes at or after `from`. */
function closes(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 34) return true;
  }
  return false;
}

function parseJsonOr(raw: string): unknown {
  const c = raw[0];
  if (c === '[' || c === '{' || c === '-' || (c !== undefined && c >= '0' && c <= '9') || raw === 'true' || raw === 'false' || raw === 'null') {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

/** Index just past the bracket that closes the one at `start`, honouring JSON strings; -1 if none. */
export function matchBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
