/**
 * logrus's TextFormatter on a terminal (formats.md §3.5, issue #19): `ERRO[0021] message
 * key=value …`, the level cut to four upper-case letters, the seconds since start (or a full
 * time with `FullTimestamp`) in brackets, the message padded to 44 columns, then the fields.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { splitTrailingPairs } from '../logfmt-pairs.js';
import { toIso } from '../timestamps.js';

const TTY_LEVELS = new Set(['TRAC', 'DEBU', 'INFO', 'WARN', 'ERRO', 'FATA', 'PANI']);

/** How many ` key=` positions are tried when splitting the message from the fields. */
const MAX_SPLIT_ATTEMPTS = 6;

export function parseLogrusTty(line: string): ParsedLine | null {
  if (line.charCodeAt(4) !== 91 /* [ */ || !TTY_LEVELS.has(line.slice(0, 4))) return null;
  const close = line.indexOf(']', 5);
  if (close === -1 || close > 45 || line.charCodeAt(close + 1) !== 32) return null;
  const stamp = line.slice(5, close);
  const time = /^\d+$/.test(stamp) ? null : toIso(stamp);
  const { message: body, fields } = splitTrailingPairs(line.slice(close + 2), MAX_SPLIT_ATTEMPTS);
  const error = takeError(fields, ['error', 'err']);
  return { format: 'logrus', level: levelOf(line.slice(0, 4)), time, message: body.trimEnd(), error, fields, openBlock: null };
}
