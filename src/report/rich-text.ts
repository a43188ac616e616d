/**
 * The prose of a finding (diagnosis, explanation, causes, fixes) as parts: running text and
 * `code spans`, the spans as pattern authors wrote them. Captures filled into the templates are
 * log text: a backtick inside one must not open or close a span, so the values a finding was
 * filled from are passed as `literals` and their backticks are never read as delimiters.
 * Renderers then escape text parts and fence code parts themselves, so no log text decides the
 * structure of a report, and a command comes out byte for byte.
 */

import type { Finding } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { isCommand, proseCommand } from '../library/command.js';

export { isCommand };

export type Part = { kind: 'text'; text: string } | { kind: 'code'; text: string; command: boolean };

/** Values from the log (captures, kinds, objects) that hold a backtick, for `richParts`. */
export function logLiterals(f: Finding): string[] {
  const values = [
    ...Object.values(f.captures),
    ...f.kinds.flatMap((k) => [k.group, k.version, k.kind, k.resource, kindLabel(k)]),
    ...f.objects.flatMap((o) => [o.namespace, o.name, objectLabel(o)]),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.includes('`')))];
}

/** Marks the characters of `s` that belong to an occurrence of one of `literals`. */
function protectedMask(s: string, literals: readonly string[]): Uint8Array {
  const mask = new Uint8Array(literals.length > 0 ? s.length : 0);
  for (const lit of literals) {
    if (lit === '') continue;
    for (let i = s.indexOf(lit); i !== -1; i = s.indexOf(lit, i + lit.length)) mask.fill(1, i, i + lit.length);
  }
  return mask;
}

/** Code span content as CommonMark reads it: one space stripped from each side when both are there. */
function spanContent(raw: string): string {
  return raw.length >= 2 && raw.startsWith(' ') && raw.endsWith(' ') && /[^ ]/.test(raw) ? raw.slice(1, -1) : raw;
}

/**
 * Splits text into running text and code spans by CommonMark's rule (a run of n backticks opens
 * a span that the next run of exactly n closes; an unclosed run is text). Backticks inside an
 * occurrence of a literal are not delimiters: a run of backticks counts as a delimiter of the
 * length that is left when they are taken away. Where a literal's backticks touch a delimiter, the
 * delimiter is taken as the outer end of the run (an opener's left, a closer's right), so the
 * value stays inside the span, where templates put captures.
 */
export function richParts(s: string, literals: readonly string[] = []): Part[] {
  if (!s.includes('`')) return s ? [{ kind: 'text', text: s }] : [];
  const mask = protectedMask(s, literals);
  const runs: { at: number; len: number; delim: number }[] = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    let guarded = 0;
    for (; j < s.length && s[j] === '`'; j++) if (mask[j] === 1) guarded++;
    if (j - i > guarded) runs.push({ at: i, len: j - i, delim: j - i - guarded });
    i = j;
  }
  const parts: Part[] = [];
  let textFrom = 0;
  for (let r = 0; r < runs.length; r++) {
    const open = runs[r]!;
    const c = runs.findIndex((x, k) => k > r && x.delim === open.delim);
    if (c === -1) continue;
    const close = runs[c]!;
    if (open.at > textFrom) parts.push({ kind: 'text', text: s.slice(textFrom, open.at) });
    const text = spanContent(s.slice(open.at + open.delim, close.at + close.len - close.delim));
    parts.push({ kind: 'code', text, command: isCommand(text) });
    textFrom = close.at + close.len;
    r = c;
  }
  if (s.length > textFrom) parts.push({ kind: 'text', text: s.slice(textFrom) });
  return parts;
}

/**
 * A fix as parts. Fixes written without backticks (`Label: kubectl …`) get their command as a
 * code part: from a program name at the start, after `: ` or after `e.g. ` to the end, unless
 * that tail ends like a sentence (with a full stop).
 */
export function fixParts(fix: string, literals: readonly string[] = []): Part[] {
  const parts = richParts(fix, literals);
  if (parts.some((p) => p.kind === 'code')) return parts;
  const found = proseCommand(fix);
  if (!found) return parts;
  const lead = fix.slice(0, found.at);
  return [...(lead ? [{ kind: 'text' as const, text: lead }] : []), { kind: 'code', text: found.command, command: true }];
}

/**
 * The command a fix ends with, and the parts before it: a command code part followed by nothing
 * but whitespace or a full stop. Null when the fix does not end with a command.
 */
export function trailingCommand(parts: readonly Part[]): { lead: Part[]; command: string } | null {
  let end = parts.length;
  while (end > 0) {
    const p = parts[end - 1]!;
    if (p.kind === 'text' && /^[\s.]*$/.test(p.text)) end--;
    else break;
  }
  const last = parts[end - 1];
  if (!last || last.kind !== 'code' || !last.command) return null;
  return { lead: parts.slice(0, end - 1), command: last.text };
}
