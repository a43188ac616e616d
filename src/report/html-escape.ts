/**
 * HTML from untrusted text: everything a log, a file name or a CRD put into a report is text in
 * the page, never markup. Control characters are shown escaped first (`\x1b`, as in every other
 * output), then the five characters with a meaning in HTML become references, so a value is safe
 * in element content and in a quoted attribute value alike.
 */

import { terminalSafe } from './terminal-safe.js';

const SPECIAL = /[&<>"']/g;
const REFS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for element content or a quoted attribute; newlines shown as `\n` unless `keepNewlines`. */
export function esc(s: string, keepNewlines = false): string {
  return terminalSafe(s, keepNewlines).replace(SPECIAL, (c) => REFS[c]!);
}

