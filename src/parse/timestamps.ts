/**
 * Timestamp shapes shared by envelopes and payloads: a cheap RFC 3339 scanner (no regex, so the
 * per-line envelope check costs a few character comparisons) and normalisation of every shape
 * loggers write to ISO 8601.
 */

import { isDigit } from './ascii.js';

function digitsAt(text: string, pos: number, n: number): boolean {
  for (let i = pos; i < pos + n; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Length of the RFC 3339 timestamp `YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)` at `pos`, or -1.
 * This is the shape kubelet, containerd, CRI-O, Docker and stern write (formats.md §2.2–2.6).
 */
export function rfc3339Length(text: string, pos = 0): number {
  if (
    !digitsAt(text, pos, 4) ||
    text.charCodeAt(pos + 4) !== 45 /* - */ ||
    !digitsAt(text, pos + 5, 2) ||
    text.charCodeAt(pos + 7) !== 45 ||
    !digitsAt(text, pos + 8, 2) ||
    text.charCodeAt(pos + 10) !== 84 /* T */ ||
    !digitsAt(text, pos + 11, 2) ||
    text.charCodeAt(pos + 13) !== 58 /* : */ ||
    !digitsAt(text, pos + 14, 2) ||
    text.charCodeAt(pos + 16) !== 58 ||
    !digitsAt(text, pos + 17, 2)
  ) {
    return -1;
  }
  let i = pos + 19;
  if (text.charCodeAt(i) === 46 /* . */) {
    const start = ++i;
    while (i - start < 9 && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return -1;
  }
  const z = text.charCodeAt(i);
  if (z === 90 /* Z */) return i + 1 - pos;
  if ((z === 43 || z === 45) && digitsAt(text, i + 1, 2) && text.charCodeAt(i + 3) === 58 && digitsAt(text, i + 4, 2)) {
    return i + 6 - pos;
  }
  return -1;
}

function digitBytesAt(b: Uint8Array, pos: number, n: number, end: number): boolean {
  if (pos + n > end) return false;
  for (let i = pos; i < pos + n; i++) if (!isDigit(b[i]!)) return false;
  return true;
}

/** rfc3339Length over bytes `b[pos, end)` (the lazy byte path): the same lengths for the same characters. */
export function rfc3339LengthBytes(b: Uint8Array, pos: number, end: number): number {
  if (
    !digitBytesAt(b, pos, 4, end) ||
    b[pos + 4] !== 45 ||
    !digitBytesAt(b, pos + 5, 2, end) ||
    b[pos + 7] !== 45 ||
    !digitBytesAt(b, pos + 8, 2, end) ||
    b[pos + 10] !== 84 ||
    !digitBytesAt(b, pos + 11, 2, end) ||
    b[pos + 13] !== 58 ||
    !digitBytesAt(b, pos + 14, 2, end) ||
    b[pos + 16] !== 58 ||
    !digitBytesAt(b, pos + 17, 2, end)
  ) {
    return -1;
  }
  let i = pos + 19;
  if (i < end && b[i] === 46) {
    const start = ++i;
    while (i - start < 9 && i < end && isDigit(b[i]!)) i++;
    if (i === start) return -1;
  }
  if (i >= end) return -1;
  const z = b[i];
  if (z === 90) return i + 1 - pos;
  if ((z === 43 || z === 45) && digitBytesAt(b, i + 1, 2, end) && b[i + 3] === 58 && digitBytesAt(b, i + 4, 2, end)) return i + 6 - pos;
  return -1;
}

/** `+0200` → `+02:00` at the end of a timestamp (zap's ISO 8601 encoder omits the colon). */
const COLONLESS_OFFSET = /([+-]\d\d)(\d\d)$/;

/**
 * Normalises the timestamp shapes loggers use to ISO 8601 (UTC, millisecond precision): epoch
 * seconds (zap ≤ v0.13, also `%v`-printed `1.65e+09`), epoch milliseconds (component-base, zap
 * `millis`), epoch nanoseconds (zap `nanos`), RFC 3339 and zap's ISO 8601 with a colon-less
 * offset. Returns null for anything else.
 */
export function toIso(v: unknown): string | null {
  if (typeof v === 'string') {
    // Consecutive lines very often share a timestamp (second precision in controller-runtime).
    if (v === lastText) return lastIso;
    lastText = v;
    lastIso = stringToIso(v);
    return lastIso;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return msToIso(epochToMs(v));
  return null;
}

let lastText: string | null = null;
let lastIso: string | null = null;

function stringToIso(v: string): string | null {
  if (v.length < 10 || !isDigit(v.charCodeAt(0))) return null;
  if (v.charCodeAt(4) !== 45 /* - */) {
    const n = Number(v);
    return Number.isFinite(n) ? msToIso(epochToMs(n)) : null;
  }
  // UTC RFC 3339, the common case, is rewritten without a Date round trip.
  const n = rfc3339Length(v);
  if (n === v.length && v.charCodeAt(n - 1) === 90 /* Z */) {
    const ms = fractionMs(v.charCodeAt(19) === 46 ? v.slice(20, n - 1) : undefined);
    const num = (a: number, b: number) => Number(v.slice(a, b));
    return wallClockIso(num(0, 4), num(5, 7), num(8, 10), num(11, 13), num(14, 16), num(17, 19), ms);
  }
  return msToIso(Date.parse(v.replace(COLONLESS_OFFSET, '$1:$2')));
}

function msToIso(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function epochToMs(v: number): number {
  if (v > 1e17) return v / 1e6;
  if (v > 1e11) return v;
  return v * 1000;
}

/** The milliseconds of a time's fraction digits (`5` → 500, `123456` → 123): its first three, padded. */
export function fractionMs(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Whether the fields make a real date and time (a leap second, :60, counts), as wallClockIso takes them. */
export function isWallClock(year: number, month: number, day: number, h: number, m: number, s: number): boolean {
  if (month < 1 || month > 12 || day < 1 || h > 23 || m > 59 || s > 60 || year < 0 || year > 9999) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/**
 * A wall-clock time without a zone (klog, Go `log`), taken as UTC because that is what
 * containers almost always run in. Returns null for impossible dates. Formatted by hand: this
 * runs for every klog line, and a Date round trip costs several times more.
 */
export function wallClockIso(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): string | null {
  if (!isWallClock(year, month, day, h, m, s)) return null;
  // A leap second (klog can print :60) is folded into the next second's start.
  if (s === 60) {
    const t = Date.UTC(year, month - 1, day, h, m, s, ms);
    return new Date(t).toISOString();
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
}

/**
 * The year of a yearless month (klog, journald) near a reference time: the reference's year,
 * moved by one across a December/January boundary.
 */
export function yearNear(month: number, refIso: string | null, fallback: number): number {
  if (!refIso) return fallback;
  const refYear = Number(refIso.slice(0, 4));
  const refMonth = Number(refIso.slice(5, 7));
  if (!Number.isInteger(refYear) || !Number.isInteger(refMonth)) return fallback;
  if (month - refMonth > 6) return refYear - 1;
  if (refMonth - month > 6) return refYear + 1;
  return refYear;
}
