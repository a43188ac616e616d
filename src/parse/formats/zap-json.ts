/**
 * zap JSON, as written through zapr by controller-runtime and most operators (formats.md §3.3):
 * `level`, `ts` (epoch seconds, epoch ms, epoch ns, RFC 3339 or ISO 8601), optional `logger`
 * and `caller`, `msg`, key/values, then `error` and `stacktrace`.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import type { JsonObject } from './json-object.js';

export function fromZapJson(o: JsonObject): ParsedLine | null {
  const level = o['level'];
  if (typeof level !== 'string' || !('ts' in o) || typeof o['msg'] !== 'string') return null;
  const { level: _level, ts, msg, ...fields } = o;
  const error = takeError(fields, ['error', 'err']);
  return {
    format: 'zap-json',
    level: levelOf(level),
    time: toIso(ts),
    message: msg as string,
    error,
    fields,
    openBlock: null,
  };
}
