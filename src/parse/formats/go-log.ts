/**
 * Go's standard `log` package (formats.md §3.7): `2024/05/01 10:00:00[.micro] [file.go:12: ]msg`,
 * also the route slog's default logger takes before `slog.SetDefault`, which then writes
 * `LEVEL msg key=value…` after the timestamp.
 */

import type { Level } from '../../model/entry.js';
import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { readLogfmtPairs, pairsToFields } from '../logfmt-pairs.js';
import { fractionMs, wallClockIso } from '../timestamps.js';

const GO_LOG_TIME = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? /;
const GO_LOG_FILE = /^[\w./-]+\.go:\d+: /;
const SLOG_DEFAULT_LEVEL = /^(?:DEBUG|INFO|WARN|ERROR)(?:[+-]\d+)? /;

/** How many ` key=` positions are tried when splitting a slog message from its attributes. */
const MAX_SPLIT_ATTEMPTS = 4;

export function parseGoLog(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57 || line.charCodeAt(4) !== 47 /* / */) return null;
  const m = GO_LOG_TIME.exec(line);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const time = wallClockIso(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), fractionMs(frac));
  let body = line.slice(m[0].length);
  let fields: Record<string, unknown> = {};
  const file = GO_LOG_FILE.exec(body);
  if (file) {
    fields['caller'] = file[0].slice(0, -2);
    body = body.slice(file[0].length);
  }
  let level: Level | null = null;
  let error: string | null = null;
  const lv = SLOG_DEFAULT_LEVEL.exec(body);
  if (lv) {
    level = levelOf(lv[0].trimEnd());
    body = body.slice(lv[0].length);
    const split = splitAttributes(body);
    if (split) {
      fields = { ...fields, ...split.fields };
      body = split.message;
      error = takeError(fields, ['err', 'error']);
    }
  }
  return { format: 'go-log', level, time, message: body, error, fields, openBlock: null };
}

/** Splits `message key=value…` where the message is unquoted: the first ` key=` whose tail is all pairs. */
function splitAttributes(text: string): { message: string; fields: Record<string, unknown> } | null {
  let from = 0;
  for (let attempt = 0; attempt < MAX_SPLIT_ATTEMPTS; attempt++) {
    const eq = text.indexOf('=', from);
    if (eq === -1) return null;
    const space = text.lastIndexOf(' ', eq);
    from = eq + 1;
    if (space === -1 || space + 1 === eq) continue;
    const read = readLogfmtPairs(text, space + 1);
    if (read.end === text.length && read.pairs.length > 0) {
      return { message: text.slice(0, space), fields: pairsToFields(read, text) };
    }
  }
  return null;
}
