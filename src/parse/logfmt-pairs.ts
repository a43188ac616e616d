/**
 * Reading `key=value key2="quoted value"` text, the layout logrus, slog's TextHandler and
 * go-kit share (formats.md §3.5–3.7). Quoted values use Go quoting; bare values run to the next
 * space. Reading stops at the first token that is not a pair, and says where.
 */

import { readGoQuoted } from './go-quote.js';

export interface LogfmtPairs {
  /** Pairs in line order. */
  pairs: Array<[key: string, value: string]>;
  /** Whether each value was quoted, in the same order (logrus and slog quote some, not others). */
  quoted: boolean[];
  /** Index where reading stopped; `text.length` when the whole text was pairs. */
  end: number;
}

export function readLogfmtPairs(text: string, start = 0): LogfmtPairs {
  const pairs: Array<[string, string]> = [];
  const quoted: boolean[] = [];
  let i = start;
  let end = start;
  for (;;) {
    while (text.charCodeAt(i) === 32) i++;
    if (i >= text.length) {
      end = text.length;
      break;
    }
    const keyStart = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 61 /* = */ || c === 32 || c === 34 /* " */) break;
      i++;
    }
    if (i === keyStart || text.charCodeAt(i) !== 61) break;
    const key = text.slice(keyStart, i);
    i++;
    if (text.charCodeAt(i) === 34) {
      const q = readGoQuoted(text, i);
      if (!q) break;
      if (q.end < text.length && text.charCodeAt(q.end) !== 32) {
        // Quotes left unescaped inside the value (a message built with `"` by hand): the value
        // runs to the last quote that ends the line or comes before ` key=`.
        const close = looseClose(text, q.end);
        if (close === -1) break;
        pairs.push([key, text.slice(i + 1, close)]);
        quoted.push(true);
        i = close + 1;
        end = i;
        continue;
      }
      pairs.push([key, q.value]);
      quoted.push(true);
      i = q.end;
    } else {
      const valueStart = i;
      while (i < text.length && text.charCodeAt(i) !== 32) i++;
      pairs.push([key, text.slice(valueStart, i)]);
      quoted.push(false);
    }
    end = i;
    // A pair must be followed by a space or the end of the line.
    if (i < text.length && text.charCodeAt(i) !== 32) break;
  }
  return { pairs, quoted, end };
}

/** A key and `=` at `at`: the start of the next pair. */
const NEXT_PAIR = /[\w.-]{1,64}=/y;

/**
 * The quote at or after `from` that closes a value holding unescaped quotes: the first one that
 * is followed by a space and the next `key=`, or by the end of the line; -1 when there is none.
 */
function looseClose(text: string, from: number): number {
  for (let j = text.indexOf('"', from); j !== -1; j = text.indexOf('"', j + 1)) {
    if (j + 1 === text.length) return j;
    if (text.charCodeAt(j + 1) !== 32) continue;
    NEXT_PAIR.lastIndex = j + 2;
    if (NEXT_PAIR.test(text)) return j;
  }
  return -1;
}

/** Pairs as fields (a later duplicate wins, as in a map), plus any unread tail under `_rest`. */
export function pairsToFields(read: LogfmtPairs, text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of read.pairs) fields[k] = v;
  const rest = text.slice(read.end).trim();
  if (rest.length > 0) fields['_rest'] = rest;
  return fields;
}

/**
 * A message followed by ` key=value …` pairs that run to the end (logrus's TTY layout, hclog):
 * the first of at most `attempts` ` key=` positions from which the pairs read the rest whole
 * splits them; without one, the whole text is the message.
 */
export function splitTrailingPairs(text: string, attempts: number): { message: string; fields: Record<string, unknown> } {
  let from = 0;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const eq = text.indexOf('=', from);
    if (eq === -1) break;
    const space = text.lastIndexOf(' ', eq);
    from = eq + 1;
    if (space === -1 || space + 1 === eq) continue;
    const read = readLogfmtPairs(text, space + 1);
    if (read.end === text.length && read.pairs.length > 0) return { message: text.slice(0, space), fields: pairsToFields(read, text) };
  }
  return { message: text, fields: {} };
}
