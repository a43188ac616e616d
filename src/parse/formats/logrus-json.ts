/**
 * logrus JSONFormatter (formats.md §3.5): a marshalled map, so keys are sorted alphabetically;
 * `level` is lower-case with `warning` for warnings, `time` is RFC 3339, `WithError` adds `error`.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import type { JsonObject } from './json-object.js';

const LOGRUS_LEVELS = new Set(['trace', 'debug', 'info', 'warning', 'error', 'fatal', 'panic']);

function sorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

export function fromLogrusJson(o: JsonObject, keys: readonly string[]): ParsedLine | null {
  const level = o['level'];
  if (typeof level !== 'string' || !LOGRUS_LEVELS.has(level)) return null;
  if (typeof o['msg'] !== 'string' || !('time' in o) || !sorted(keys)) return null;
  const { time, level: _level, msg, ...fields } = o;
  const error = takeError(fields, ['error', 'err']);
  return {
    format: 'logrus-json',
    level: levelOf(level),
    time: toIso(time),
    message: msg as string,
    error,
    fields,
    openBlock: null,
  };
}
