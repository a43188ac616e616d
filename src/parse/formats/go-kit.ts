/**
 * go-kit logfmt (prometheus-operator, Thanos and much of the Prometheus ecosystem; formats.md
 * §3.7): pairs in `log.With` order, usually `level ts caller msg`, with `ts` in RFC 3339 nano UTC
 * and lower-case levels (`warn`, not `warning`). Entries without `msg` (common: `level=error
 * … err=…`) take the error as their message, or else the whole line.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { pairsToFields, type LogfmtPairs } from '../logfmt-pairs.js';
import { toIso } from '../timestamps.js';

const LEAD_KEYS = new Set(['level', 'ts', 'caller', 'time']);

export function fromGoKitPairs(read: LogfmtPairs, text: string): ParsedLine | null {
  const first = read.pairs[0];
  if (!first || !LEAD_KEYS.has(first[0]) || read.pairs.length < 2) return null;
  const fields = pairsToFields(read, text);
  const level = typeof fields['level'] === 'string' ? fields['level'] : null;
  // go-kit always has `ts` (DefaultTimestampUTC); without it, `level` alone is logrus's.
  if (!('ts' in fields) || (level !== null && levelOf(level) === null)) return null;
  const time = toIso(fields['ts']);
  const msg = fields['msg'];
  delete fields['ts'];
  delete fields['level'];
  delete fields['msg'];
  const error = takeError(fields, ['err', 'error']);
  const message = typeof msg === 'string' ? msg : (error ?? text);
  return { format: 'logfmt', level: level === null ? null : levelOf(level), time, message, error, fields, openBlock: null };
}
