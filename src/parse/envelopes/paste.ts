/**
 * What copying and pasting puts around log lines (issue #19): e-mail and markdown quote markers
 * (`> `, `>>> `), the borders of k9s's log table (`│ … │`), and the syslog / journald prefix a
 * line gets when it is read from the node's journal (`Mar  3 08:01:02 node1 kubelet[812]: `,
 * `journalctl -o short-iso`, `short-precise`), and the `MESSAGE=` field name of `journalctl -o
 * verbose` (indented) and `-o export` records. These are peeled before the envelopes, outermost
 * first; each is recognised by its first character, so a line without one costs a single test.
 */

import { fractionMs, toIso, wallClockIso } from '../timestamps.js';

const MONTHS: Readonly<Record<string, number>> = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };

/** `Mar  3 08:01:02[.123456] HOST PROG[PID]: ` (RFC 3164, journalctl's default `short`, `short-precise`). */
const SYSLOG = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? [^\s:[\]]+ [^\s:[\]]{1,64}(?:\[\d{1,10}\])?: /;
/**
 * `2024-03-03T08:01:02+0000 HOST PROG[PID]: ` (journalctl `short-iso`, `short-iso-precise`); the
 * `[PID]` is required, so that a `--timestamps` line whose text reads `word word: …` stays one.
 */
const SYSLOG_ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) [^\s:[\]]+ [^\s:[\]]{1,64}\[\d{1,10}\]: /;

const BORDER = 0x2502; // │

export interface PastePeeled {
  text: string;
  /** The journal's time for the line, when a syslog / journald prefix gave one. */
  time: string | null;
}

/**
 * Whether a line may carry paste decoration, from its first characters: a quote marker, a
 * border, a month name and a space, or a digit (journalctl `short-iso`). klog's `E0501 …`
 * is not one.
 */
export function mayBePasted(text: string): boolean {
  const c = text.charCodeAt(0);
  return (
    c === 32 ||
    c === 62 /* > */ ||
    c === BORDER ||
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 83 /* A-S: month names */ && text.charCodeAt(3) === 32) ||
    (c === 77 && text.startsWith(JOURNAL_MESSAGE))
  );
}

/** The field of a `journalctl -o verbose` record (indented) or `-o export` entry that holds the logged line. */
const JOURNAL_MESSAGE = 'MESSAGE=';

/**
 * Whether physical line `last` is a row of k9s's log table (`│ … │`) whose text reaches its right
 * border, and `raw` a row of the same table: k9s cut the log line at the table's width (it pads a
 * shorter one with spaces), so `raw` goes on with it, mid-word as often as not.
 */
export function cutAtBorder(last: string, raw: string): boolean {
  const n = last.length;
  return (
    n > 4 &&
    raw.length === n &&
    last.charCodeAt(0) === BORDER &&
    raw.charCodeAt(0) === BORDER &&
    last.charCodeAt(n - 1) === BORDER &&
    raw.charCodeAt(n - 1) === BORDER &&
    last.charCodeAt(n - 2) === 32 &&
    last.charCodeAt(n - 3) !== 32
  );
}

/** Peels quote markers, k9s borders and a syslog / journald prefix; null when there are none. */
export function peelPaste(text: string, year: number): PastePeeled | null {
  let out = text;
  let time: string | null = null;
  let peeled = false;
  for (let round = 0; round < 4; round++) {
    const c = out.charCodeAt(0);
    if (c === 32) {
      // Indentation in front of a quote marker, a border or a journal prefix is the paste's too
      // (one space and `>` is klog's block end, not a quote).
      let i = 1;
      while (out.charCodeAt(i) === 32) i++;
      const d = out.charCodeAt(i);
      if (!((d === 62 && i >= 2) || d === BORDER || (d >= 65 && d <= 83 && out.charCodeAt(i + 3) === 32) || (d === 77 && out.startsWith(JOURNAL_MESSAGE, i)))) break;
      const inner = peelPaste(out.slice(i), year);
      if (inner === null) break;
      return { text: inner.text, time: inner.time ?? time };
    }
    if (c === 62 /* > */) {
      // `> `, `>> `, `>>> ` (one space after the markers, the rest is the line's own indentation).
      let i = 0;
      while (out.charCodeAt(i) === 62) i++;
      // klog's block end ` >` never starts a line; a bare `>` line is an empty quoted line.
      if (i < out.length && out.charCodeAt(i) !== 32) break;
      out = out.slice(i + 1);
      peeled = true;
      continue;
    }
    if (c === BORDER) {
      let end = out.length;
      while (end > 1 && out.charCodeAt(end - 1) === 32) end--;
      if (out.charCodeAt(end - 1) === BORDER && end > 1) end--;
      while (end > 1 && out.charCodeAt(end - 1) === 32) end--;
      out = out.slice(out.charCodeAt(1) === 32 ? 2 : 1, Math.max(end, 1));
      if (out.length > 0 && out.charCodeAt(0) === 32 && out.trim().length === 0) out = '';
      peeled = true;
      continue;
    }
    if (c === 77 && out.startsWith(JOURNAL_MESSAGE)) {
      // journalctl -o verbose / export: the record's other fields are lines of their own.
      out = out.slice(JOURNAL_MESSAGE.length);
      peeled = true;
      continue;
    }
    if (c >= 65 && c <= 83) {
      const m = MONTHS[out.slice(0, 3)] !== undefined ? SYSLOG.exec(out) : null;
      if (!m) break;
      time = wallClockIso(year, MONTHS[m[1]!]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
      out = out.slice(m[0].length);
      peeled = true;
      continue;
    }
    if (c >= 48 && c <= 57) {
      // Cheap pre-test: the journal's `prog[pid]: ` or `prog: ` comes within the first 120 characters.
      const colon = out.indexOf(': ', 25);
      if (colon === -1 || colon > 120) break;
      const m = SYSLOG_ISO.exec(out);
      if (!m) break;
      time = toIso(m[1]!.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
      out = out.slice(m[0].length);
      peeled = true;
      continue;
    }
    break;
  }
  return peeled ? { text: out, time } : null;
}
