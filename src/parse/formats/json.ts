/**
 * JSON payloads: Kubernetes component-base JSON (`ts`, `caller`, `msg`, `v`, `err`; no level),
 * controller-runtime zap JSON (`level`, `ts`, `logger`, `msg`, `error`, …), and any other JSON
 * object with a message (formats.md §3.2, §3.3, §7.2).
 */

import type { Level } from '../../model/entry.js';
import type { ParsedLine } from '../parsed-line.js';

const ZAP_LEVELS: Record<string, Level> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  dpanic: 'error',
  panic: 'fatal',
  fatal: 'fatal',
};

export function parseJsonLine(line: string): ParsedLine | null {
  if (line.charCodeAt(0) !== 123 /* { */) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const msg = typeof o['msg'] === 'string' ? o['msg'] : typeof o['message'] === 'string' ? o['message'] : null;
  if (msg === null) return null;

  if (typeof o['level'] === 'string' && 'ts' in o) {
    const { level, ts, msg: _m, error, ...fields } = o;
    return {
      format: 'zap-json',
      level: zapLevel(level as string),
      time: toIso(ts),
      message: msg,
      error: stringOrNull(error),
      fields,
      openBlock: null,
    };
  }
  if ('ts' in o && 'caller' in o && !('level' in o)) {
    const { ts, msg: _m, err, ...fields } = o;
    // component-base JSON has no level: info entries carry "v", errors do not.
    return {
      format: 'klog-json',
      level: 'v' in o ? 'info' : 'error',
      time: toIso(ts),
      message: msg,
      error: stringOrNull(err),
      fields,
      openBlock: null,
    };
  }
  const { msg: _m, message: _mm, level, severity, ts, time, timestamp, error, err, ...fields } = o;
  return {
    format: 'json',
    level: genericLevel(level ?? severity),
    time: toIso(ts ?? time ?? timestamp),
    message: msg,
    error: stringOrNull(error ?? err),
    fields,
    openBlock: null,
  };
}

function zapLevel(level: string): Level | null {
  const known = ZAP_LEVELS[level];
  if (known) return known;
  // logr V(n) for n >= 2 prints as Level(-n): deeper than debug.
  if (level.startsWith('Level(') || level.startsWith('LEVEL(')) return 'debug';
  return null;
}

function genericLevel(v: unknown): Level | null {
  if (typeof v !== 'string') return null;
  return ZAP_LEVELS[v.toLowerCase()] ?? (v.toLowerCase() === 'err' ? 'error' : null);
}

function stringOrNull(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Normalises the timestamp shapes loggers use to ISO 8601: epoch seconds (zap ≤ v0.13), epoch
 * milliseconds (component-base, zap `millis`), epoch nanoseconds (zap `nanos`), RFC 3339 and
 * zap's ISO 8601 with a colon-less offset.
 */
export function toIso(v: unknown): string | null {
  let ms: number;
  if (typeof v === 'number' && Number.isFinite(v)) {
    if (v > 1e17) ms = v / 1e6;
    else if (v > 1e11) ms = v;
    else ms = v * 1000;
  } else if (typeof v === 'string' && v.length >= 10) {
    const fixed = v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
    ms = Date.parse(fixed);
  } else {
    return null;
  }
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
