/**
 * Kubernetes component-base JSON (`--logging-format=json`, formats.md §3.2): `ts` in epoch
 * milliseconds, `caller`, `msg`, and no level at all — info entries carry `"v"`, error entries
 * do not (warnings are indistinguishable from info).
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { toIso } from '../timestamps.js';
import type { JsonObject } from './json-object.js';

export function fromKlogJson(o: JsonObject): ParsedLine | null {
  if (!('ts' in o) || typeof o['msg'] !== 'string' || !('caller' in o) || 'level' in o) return null;
  const { ts, msg, ...fields } = o;
  const error = takeError(fields, ['err', 'error']);
  return {
    format: 'klog-json',
    level: 'v' in o ? 'info' : 'error',
    time: toIso(ts),
    message: msg as string,
    error,
    fields,
    openBlock: null,
  };
}
