/**
 * The first line of a Go crash block (formats.md §4.1): `panic: <value>[ [recovered]]`,
 * `fatal error: <msg>`, a fatal signal, or a bare goroutine dump. The runtime writes these to
 * stderr past every logger, so they appear as plain text amid JSON or klog; the assembler
 * attaches the rest of the block (goroutine stacks) as continuation lines.
 */

import type { ParsedLine } from '../parsed-line.js';
import { isCrashStart } from '../go-stack.js';

const RECOVERED_SUFFIXES = [' [recovered, repanicked]', ' [recovered]'];

export function parseGoPanic(line: string): ParsedLine | null {
  if (!isCrashStart(line)) return null;
  const fields: Record<string, unknown> = {};
  if (line.startsWith('panic: ')) {
    let value = line.slice('panic: '.length);
    for (const suffix of RECOVERED_SUFFIXES) {
      if (value.endsWith(suffix)) {
        value = value.slice(0, -suffix.length);
        fields['recovered'] = true;
        break;
      }
    }
    fields['panic'] = value;
  } else if (line.startsWith('fatal error: ')) {
    fields['fatal'] = line.slice('fatal error: '.length);
  }
  return { format: 'go-panic', level: 'fatal', time: null, message: line, error: null, fields, openBlock: null };
}
