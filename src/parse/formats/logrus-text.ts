/**
 * logrus TextFormatter without a TTY (formats.md §3.5): `time="<RFC 3339>" level=<level>
 * msg=<msg> <fields sorted>`, where `time` may be absent (DisableTimestamp) and levels are
 * lower-case with `warning`.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { pairsToFields, type LogfmtPairs } from '../logfmt-pairs.js';
import { toIso } from '../timestamps.js';

const LOGRUS_LEVELS = new Set(['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic']);

export function fromLogrusPairs(read: LogfmtPairs, text: string): ParsedLine | null {
  const [first, second] = read.pairs;
  if (!first) return null;
  let levelPair: [string, string] | undefined;
  if (first[0] === 'time' && read.quoted[0]) levelPair = second;
  else if (first[0] === 'level') levelPair = first;
  if (!levelPair || levelPair[0] !== 'level' || !LOGRUS_LEVELS.has(levelPair[1])) return null;
  const fields = pairsToFields(read, text);
  if ('ts' in fields) return null; // go-kit, which also writes lower-case `level=`
  const time = first[0] === 'time' ? toIso(first[1]) : null;
  const message = typeof fields['msg'] === 'string' ? fields['msg'] : '';
  delete fields['time'];
  delete fields['level'];
  delete fields['msg'];
  const error = takeError(fields, ['error', 'err']);
  return { format: 'logrus', level: levelOf(levelPair[1]), time, message, error, fields, openBlock: null };
}
