/**
 * Markdown (CommonMark + GFM tables) from untrusted text: whatever a log line holds, it stays the
 * text it is and never becomes a heading, list, fence, table cell, link, HTML or emphasis.
 * Running text is backslash-escaped; code keeps its bytes and gets a fence longer than any run of
 * backticks inside it. Everything is made terminal-safe first (control characters shown as `\x1b`).
 */

import { terminalSafe as safe } from './terminal-safe.js';
import type { Part } from './rich-text.js';

/**
 * Every character with a meaning inline or at the start of a line that can stand anywhere: escapes,
 * code, emphasis, strikethrough, links and images (`!` needs the `[` that is escaped), autolinks
 * and HTML, entities, headings, blockquotes, table pipes, and GitHub's `$` math.
 */
const SPECIAL = /[\\`*_[\]<>#&~$|]/g;
const ALNUM = /[A-Za-z0-9]/;

/** Running text, escaped. Safe in paragraphs, list items, headings and table cells. */
export function mdText(s: string): string {
  // An underscore between letters or digits (`host_service_logs`) never delimits emphasis.
  return safe(s).replace(SPECIAL, (c, at: number, all: string) =>
    c === '_' && ALNUM.test(all[at - 1] ?? '') && ALNUM.test(all[at + 1] ?? '') ? c : `\\${c}`,
  );
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** An inline code span whose content reads back exactly (outside tables: see `mdCellCode`). */
export function mdCode(s: string): string {
  const text = safe(s);
  if (text === '') return '';
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  // CommonMark strips one space from each side of a span that has both, and a fence next to a
  // backtick in the content would merge with it: pad with a space in both cases.
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && /[^ ]/.test(text)) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A code span inside a GFM table cell. GFM cuts cells at unescaped pipes before it reads code spans,
 * and turns `\|` back into `|` inside them; a backslash right before a pipe in the code cannot be
 * written that way, so such a value is written as escaped text instead.
 */
export function mdCellCode(s: string): string {
  const text = safe(s);
  if (/(?:^|[^\\])(?:\\\\)*\\\|/.test(text)) return mdText(text);
  return mdCode(text).replace(/\|/g, '\\|');
}

/** A fenced code block: the content is shown byte for byte; the fence is longer than any run of backticks inside. */
export function mdBlock(lines: readonly string[], info = 'text', indent = ''): string {
  const text = lines.map((l) => safe(l));
  const fence = '`'.repeat(Math.max(3, ...text.map((l) => longestRun(l, '`') + 1)));
  return [`${fence}${info}`, ...text, fence].map((l) => (l === '' ? l : indent + l)).join('\n');
}

/**
 * Escapes what would start a block when written at the start of a line or list item: a list
 * marker (`-`, `+`, `1.`, `1)`), a thematic break, and leading blanks (indented code).
 */
export function mdLineStart(s: string): string {
  const t = s.replace(/^[ \t]+/, '');
  if (/^[-+=]/.test(t)) return `\\${t}`;
  return t.replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

/** Text and code parts as inline Markdown (not at the start of a line: see `mdLineStart`). */
export function mdParts(parts: readonly Part[]): string {
  return parts.map((p) => (p.kind === 'code' ? mdCode(p.text) : mdText(p.text))).join('');
}
