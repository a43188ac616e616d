/**
 * stern's default output (formats.md §2.4, §7.3): `POD CONTAINER [TIME ]MESSAGE`, with
 * `NAMESPACE ` in front under `-A` or several namespaces. There is no delimiter, so the prefix
 * is only assumed when declared (`--input-format stern`) or when a source's first lines leave no
 * doubt (see SternSniffer): nearly all of them split into pod-like and container-like tokens
 * followed by a known payload, while the whole line is in no known format.
 */

import { wallClockIso } from '../timestamps.js';
import { isCrashContinuation, isFrameFunction, isStackLine } from '../go-stack.js';

export interface SternPrefix {
  namespace: string | null;
  pod: string;
  container: string;
  rest: string;
}

/** 2: `POD CONTAINER `; 3: `NAMESPACE POD CONTAINER `. */
export type SternTokens = 2 | 3;

const STERN_NAME = /^[a-z0-9][-a-z0-9.]*$/;
const STERN_CONTAINER = /^[a-z0-9][-a-z0-9]*$/;

/** A generated pod name: ReplicaSet hash suffix `-x2x9q` or StatefulSet ordinal `-0`. */
function looksLikePodName(s: string): boolean {
  const dash = s.lastIndexOf('-');
  if (dash <= 0) return false;
  const tail = s.slice(dash + 1);
  if (tail.length === 0) return false;
  let digits = true;
  for (let i = 0; i < tail.length; i++) {
    const c = tail.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (!digit && !(c >= 97 && c <= 122)) return false;
    if (!digit) digits = false;
  }
  return digits || tail.length === 5;
}

export function splitSternPrefix(text: string, tokens: SternTokens): SternPrefix | null {
  const s1 = text.indexOf(' ');
  if (s1 <= 0) return null;
  const s2 = text.indexOf(' ', s1 + 1);
  if (s2 <= s1 + 1) return null;
  if (tokens === 2) {
    const pod = text.slice(0, s1);
    const container = text.slice(s1 + 1, s2);
    if (!looksLikePodName(pod) || !STERN_NAME.test(pod) || !STERN_CONTAINER.test(container)) return null;
    return { namespace: null, pod, container, rest: text.slice(s2 + 1) };
  }
  const s3 = text.indexOf(' ', s2 + 1);
  if (s3 <= s2 + 1) return null;
  const namespace = text.slice(0, s1);
  const pod = text.slice(s1 + 1, s2);
  const container = text.slice(s2 + 1, s3);
  if (!STERN_CONTAINER.test(namespace) || !looksLikePodName(pod) || !STERN_NAME.test(pod) || !STERN_CONTAINER.test(container)) {
    return null;
  }
  return { namespace, pod, container, rest: text.slice(s3 + 1) };
}

/** Bit 1: a byte STERN_NAME allows after its first (`-`, `.`, a–z, 0–9); bit 2: one STERN_CONTAINER allows (`-`, a–z, 0–9). */
const NAME_BYTE = new Uint8Array(256);
for (let c = 97; c <= 122; c++) NAME_BYTE[c] = 3;
for (let c = 48; c <= 57; c++) NAME_BYTE[c] = 3;
NAME_BYTE[45] = 3;
NAME_BYTE[46] = 1;

/**
 * Where the token `b[from, …)` ends (the index of the space after it) when every byte before that
 * space has bit `mask` in NAME_BYTE and the first is a letter or digit; -1 otherwise (no space
 * before `end` included).
 */
function tokenEnd(b: Uint8Array, from: number, end: number, mask: number): number {
  const c = b[from];
  if (from >= end || c === undefined || !((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return -1;
  for (let i = from + 1; i < end; i++) {
    const d = b[i]!;
    if (d === 32) return i;
    if ((NAME_BYTE[d]! & mask) === 0) return -1;
  }
  return -1;
}

/** looksLikePodName on the bytes `b[from, to)` (ASCII, checked by tokenEnd). */
function podNameBytes(b: Uint8Array, from: number, to: number): boolean {
  let dash = to - 1;
  while (dash >= from && b[dash] !== 45) dash--;
  if (dash <= from || dash === to - 1) return false;
  let digits = true;
  for (let i = dash + 1; i < to; i++) {
    const c = b[i]!;
    const digit = c >= 48 && c <= 57;
    if (!digit && !(c >= 97 && c <= 122)) return false;
    if (!digit) digits = false;
  }
  return digits || to - dash - 1 === 5;
}

/**
 * splitSternPrefix on the bytes of a line `b[start, end)`: the index where its rest begins, with
 * `key` given the lane key of the prefix's envelope (`NAMESPACE/POD/CONTAINER/`, the namespace
 * empty for 2 tokens); null exactly when splitSternPrefix returns null for the decoded line.
 */
export function sternPrefixBytes(b: Buffer, start: number, end: number, tokens: SternTokens): { rest: number; key: string } | null {
  // A token that does not end in a space before the end, or holds another byte, is no token:
  // splitSternPrefix then finds no space where it needs one, or a token its patterns refuse.
  if (tokens === 2) {
    const s1 = tokenEnd(b, start, end, 1);
    if (s1 === -1) return null;
    const s2 = tokenEnd(b, s1 + 1, end, 2);
    if (s2 === -1 || !podNameBytes(b, start, s1)) return null;
    return { rest: s2 + 1, key: `/${b.toString('latin1', start, s1)}/${b.toString('latin1', s1 + 1, s2)}/` };
  }
  const s1 = tokenEnd(b, start, end, 2);
  if (s1 === -1) return null;
  const s2 = tokenEnd(b, s1 + 1, end, 1);
  if (s2 === -1) return null;
  const s3 = tokenEnd(b, s2 + 1, end, 2);
  if (s3 === -1 || !podNameBytes(b, s1 + 1, s2)) return null;
  return { rest: s3 + 1, key: `${b.toString('latin1', start, s1)}/${b.toString('latin1', s1 + 1, s2)}/${b.toString('latin1', s2 + 1, s3)}/` };
}

/** The length of stern's short time (`MM-DD hh:mm:ss `) at `b[from]`, or 0 (peelShortTimestamp on bytes). */
export function shortTimestampBytes(b: Uint8Array, from: number, end: number): number {
  if (end - from < 15 || b[from + 14] !== 32) return 0;
  const shape = 'dd-dd dd:dd:dd';
  for (let i = 0; i < 14; i++) {
    const c = b[from + i]!;
    if (shape.charCodeAt(i) === 100 ? !(c >= 48 && c <= 57) : c !== shape.charCodeAt(i)) return 0;
  }
  return 15;
}

/** stern `--timestamps=short`: `MM-DD hh:mm:ss ` in the viewer's zone, read as UTC. */
export function peelShortTimestamp(text: string, year: number): { time: string | null; rest: string } | null {
  if (text.length < 15 || text.charCodeAt(14) !== 32) return null;
  const shape = 'dd-dd dd:dd:dd';
  for (let i = 0; i < shape.length; i++) {
    const c = text.charCodeAt(i);
    if (shape[i] === 'd' ? !(c >= 48 && c <= 57) : c !== shape.charCodeAt(i)) return null;
  }
  const n = (a: number) => Number(text.slice(a, a + 2));
  return { time: wallClockIso(year, n(0), n(3), n(6), n(9), n(12), 0), rest: text.slice(15) };
}

export interface SniffVerdict {
  stern: boolean;
  tokens: SternTokens;
}

/** How many lines the sniffer looks at, and the share that must fit (formats.md §7.3). */
const SNIFF_LINES = 50;
const REQUIRED_SHARE = 0.9;
const MAX_CONTAINERS = 8;

/**
 * Decides from a source's first lines whether they carry stern's prefix. `isKnown` tells whether
 * a text (with any timestamp already removed) is in a known payload format.
 */
export class SternSniffer {
  private seen = 0;
  private readonly fits: Record<SternTokens, number> = { 2: 0, 3: 0 };
  private readonly containers: Record<SternTokens, Set<string>> = { 2: new Set(), 3: new Set() };

  constructor(private readonly isKnown: (text: string) => boolean) {}

  /** Whether this line alone suggests stern, i.e. whether sniffing is worth starting. */
  candidate(line: string): boolean {
    return this.fitting(line) !== null;
  }

  /** Feeds one line; returns the verdict once it is certain, else null. */
  add(line: string): SniffVerdict | null {
    if (line.length === 0 || isSternNotice(line) || this.continuationOnly(line)) return null;
    this.seen++;
    const fit = this.fitting(line);
    if (fit) {
      this.fits[fit.tokens]++;
      this.containers[fit.tokens].add(fit.container);
    }
    const misses = this.seen - Math.max(this.fits[2], this.fits[3]);
    if (misses > SNIFF_LINES * (1 - REQUIRED_SHARE)) return { stern: false, tokens: 2 };
    return this.seen >= SNIFF_LINES ? this.verdict() : null;
  }

  /** The verdict on what has been seen (at end of input, or once enough lines were seen). */
  verdict(): SniffVerdict {
    const tokens: SternTokens = this.fits[3] > this.fits[2] ? 3 : 2;
    const fits = this.fits[tokens];
    const containers = this.containers[tokens].size;
    const stern = fits >= 2 && fits >= this.seen * REQUIRED_SHARE && containers <= MAX_CONTAINERS && containers < fits;
    return { stern, tokens };
  }

  /**
   * A prefixed stack or value-block line (`POD CONTAINER <TAB>file.go:12`), or a line of a Go
   * crash block (`[signal SIGSEGV: …]`, `goroutine 7 [running]:`): it neither proves nor disproves
   * the prefix, since continuation lines are in no payload format of their own.
   */
  private continuationOnly(line: string): boolean {
    for (const tokens of [2, 3] as const) {
      const rest = splitSternPrefix(line, tokens)?.rest;
      if (rest === undefined) continue;
      const c = rest.charCodeAt(0);
      if (rest.length === 0 || c === 9 || c === 32 || isStackLine(rest) || isFrameFunction(rest) || isCrashContinuation(rest)) return true;
    }
    return false;
  }

  private fitting(line: string): { tokens: SternTokens; container: string } | null {
    if (this.isKnown(line)) return null;
    for (const tokens of [2, 3] as const) {
      const p = splitSternPrefix(line, tokens);
      if (p && this.isKnown(p.rest)) return { tokens, container: p.container };
    }
    return null;
  }
}

/** stern's own notices, `+ pod › container` / `- pod › container`, written to stderr. */
export function isSternNotice(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c === 43 || c === 45) && line.charCodeAt(1) === 32 && line.includes(' \u203a ');
}
