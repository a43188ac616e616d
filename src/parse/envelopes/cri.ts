/**
 * CRI container log records, the files under `/var/log/pods` (formats.md §2.5):
 * `<RFC 3339 time> <stdout|stderr> <F|P>[:<more tags>] <content>`. `P` marks a partial record
 * whose logical line continues in the next record of the same stream.
 */

import { rfc3339Length, toIso } from '../timestamps.js';

export interface CriRecord {
  time: string | null;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  rest: string;
}

export function peelCri(text: string): CriRecord | null {
  const n = rfc3339Length(text);
  if (n === -1 || text.charCodeAt(n) !== 32) return null;
  let stream: 'stdout' | 'stderr';
  if (text.startsWith('stdout ', n + 1)) stream = 'stdout';
  else if (text.startsWith('stderr ', n + 1)) stream = 'stderr';
  else return null;
  const tag = n + 8;
  const t = text.charCodeAt(tag);
  if (t !== 70 /* F */ && t !== 80 /* P */) return null;
  // Tags are `:`-separated and forward compatible; only the first one is defined.
  let i = tag + 1;
  if (text.charCodeAt(i) === 58 /* : */) {
    while (i < text.length && text.charCodeAt(i) !== 32) i++;
  }
  if (i < text.length && text.charCodeAt(i) !== 32) return null;
  return { time: toIso(text.slice(0, n)), stream, partial: t === 80, rest: text.slice(i + 1) };
}
