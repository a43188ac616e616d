/**
 * Go `log/slog` JSONHandler (formats.md §3.6): first key `time`, upper-case `level` (`INFO`,
 * `ERROR+1`), optional `source` object, `msg`, attributes (groups become nested objects).
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import type { JsonObject } from './json-object.js';

function isUpperLevel(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0) return false;
  const c = v.charCodeAt(0);
  return c >= 65 && c <= 90 && v === v.toUpperCase() && levelOf(v) !== null;
}

export function fromSlogJson(o: JsonObject, firstKey: string | undefined): ParsedLine | null {
  // slog writes `time` first unless a ReplaceAttr hook removed it; then `level` leads.
  if (firstKey !== 'time' && firstKey !== 'level') return null;
  if (!isUpperLevel(o['level']) || typeof o['msg'] !== 'string') return null;
  const { time, level, msg, ...fields } = o;
  const error = takeError(fields, ['err', 'error']);
  return {
    format: 'slog-json',
    level: levelOf(level),
    time: toIso(time),
    message: msg as string,
    error,
    fields,
    openBlock: null,
  };
}
