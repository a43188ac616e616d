/**
 * Go `log/slog` TextHandler (formats.md §3.6): `time=<RFC 3339, millisecond fraction>
 * level=<LEVEL>[ source=<file:line>] msg=<msg> <attrs>`, upper-case levels with offsets
 * (`INFO+2`), dotted group keys; `time` is absent when a ReplaceAttr hook removed it.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { pairsToFields, type LogfmtPairs } from '../logfmt-pairs.js';
import { toIso } from '../timestamps.js';

function isSlogLevel(v: string): boolean {
  const c = v.charCodeAt(0);
  return c >= 65 && c <= 90 && levelOf(v) !== null;
}

export function fromSlogPairs(read: LogfmtPairs, text: string): ParsedLine | null {
  const [first, second] = read.pairs;
  if (!first) return null;
  let levelPair: [string, string] | undefined;
  if (first[0] === 'time' && !read.quoted[0]) levelPair = second;
  else if (first[0] === 'level') levelPair = first;
  if (!levelPair || levelPair[0] !== 'level' || !isSlogLevel(levelPair[1])) return null;
  const fields = pairsToFields(read, text);
  if (!('msg' in fields)) return null;
  const time = first[0] === 'time' ? toIso(first[1]) : null;
  const message = fields['msg'] as string;
  delete fields['time'];
  delete fields['level'];
  delete fields['msg'];
  const error = takeError(fields, ['err', 'error']);
  return { format: 'slog', level: levelOf(levelPair[1]), time, message, error, fields, openBlock: null };
}
