/**
 * Any other JSON log object that names its message (`msg` or `message`): level, time and error
 * are taken from their usual key names when present (formats.md §7.2, last row).
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import type { JsonObject } from './json-object.js';

export function fromGenericJson(o: JsonObject): ParsedLine | null {
  const msgKey = typeof o['msg'] === 'string' ? 'msg' : typeof o['message'] === 'string' ? 'message' : null;
  if (msgKey === null) return null;
  const fields: JsonObject = { ...o };
  const message = fields[msgKey] as string;
  delete fields[msgKey];
  const level = levelOf(take(fields, ['level', 'severity', 'lvl']));
  const time = toIso(take(fields, ['ts', 'time', 'timestamp', '@timestamp']));
  const error = takeError(fields, ['error', 'err']);
  return { format: 'json', level, time, message, error, fields, openBlock: null };
}

function take(fields: JsonObject, keys: readonly string[]): unknown {
  for (const k of keys) {
    if (k in fields) {
      const v = fields[k];
      delete fields[k];
      return v;
    }
  }
  return undefined;
}
