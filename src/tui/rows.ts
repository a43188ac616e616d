/**
 * Screen rows: the unit the scrolled panes work in. Text is escaped (terminalSafe) and wrapped
 * to the pane width here, so a pane knows exactly how many rows it has and can scroll by row.
 * Widths count code points; a row that is wider on screen (wide CJK glyphs) is cut by Ink's
 * `truncate-end`, never wrapped onto an extra line.
 */

import { terminalSafe } from '../report/terminal-safe.js';

export type Color = 'red' | 'redBright' | 'yellow' | 'cyan' | 'green' | 'magenta' | 'gray' | 'blue';

export interface SpanStyle {
  color?: Color;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}

export interface Span extends SpanStyle {
  text: string;
}

export type Row = readonly Span[];

/** Untrusted text made printable on one row: control characters escaped, tabs as spaces. */
export function safeText(text: string): string {
  return terminalSafe(text).replace(/\t/g, '  ');
}

const length = (s: string): number => [...s].length;

/**
 * Cuts text into pieces of `first` code points, then `rest` code points each, keeping every
 * character (log lines).
 */
export function cutWrap(text: string, first: number, rest: number = first): string[] {
  const chars = [...text];
  if (chars.length === 0) return [''];
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const w = Math.max(1, out.length === 0 ? first : rest);
    out.push(chars.slice(i, i + w).join(''));
    i += w;
  }
  return out;
}

/** Word-wraps prose to `first` code points on the first line and `rest` on the others; overlong words are cut. */
export function wordWrap(text: string, first: number, rest: number = first): string[] {
  const out: string[] = [];
  const room = () => Math.max(1, out.length === 0 ? first : rest);
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && length(line) + 1 + length(word) <= room()) {
      line += ` ${word}`;
      continue;
    }
    if (line) out.push(line);
    line = word;
    while (length(line) > room()) {
      const chars = [...line];
      out.push(chars.slice(0, room()).join(''));
      line = chars.slice(room()).join('');
    }
  }
  if (line || out.length === 0) out.push(line);
  return out;
}

export interface TextRowsOptions {
  /** Prefix of the first row (defaults to `indent`). */
  first?: string;
  /** Prefix of every further row. */
  indent?: string;
  style?: SpanStyle;
  /** `prose` collapses whitespace and breaks at spaces; `exact` keeps every character. */
  mode?: 'prose' | 'exact';
}

/** Escaped and wrapped text as rows of the given width. */
export function textRows(text: string, width: number, opts: TextRowsOptions = {}): Row[] {
  const indent = opts.indent ?? '';
  const first = opts.first ?? indent;
  const firstRoom = Math.max(1, width - length(first));
  const restRoom = Math.max(1, width - length(indent));
  const safe = safeText(text);
  const lines = opts.mode === 'exact' ? cutWrap(safe, firstRoom, restRoom) : wordWrap(safe, firstRoom, restRoom);
  return lines.map((l, i) => [{ text: i === 0 ? first : indent }, { text: l, ...opts.style }]);
}

/** One row of plain spans (the caller escapes untrusted parts with safeText). */
export function row(...spans: Span[]): Row {
  return spans;
}

export const BLANK: Row = [{ text: '' }];
