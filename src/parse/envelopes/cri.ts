/**
 * CRI container log records, the files under `/var/log/pods` (formats.md §2.5):
 * `<RFC 3339 time> <stdout|stderr> <F|P>[:<more tags>] <content>`. `P` marks a partial record
 * whose logical line continues in the next record of the same stream.
 */

import { rfc3339Length, rfc3339LengthBytes, toIso } from '../timestamps.js';

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

/**
 * The lazy byte path's view of a CRI record `b[start, end)`: where the content of a complete
 * record (`F`, no further tags) starts and its stream, when peelCri would read the line so;
 * null for anything else (a partial record, more tags, not CRI), which the string path decides.
 */
export function criRecordBytes(b: Uint8Array, start: number, end: number): { payload: number; stdout: boolean } | null {
  const n = rfc3339LengthBytes(b, start, end);
  if (n === -1) return null;
  const at = start + n;
  // ` stdout F ` or ` stderr F `: 10 bytes.
  if (at + 10 > end || b[at] !== 32 || b[at + 1] !== 115 /* s */ || b[at + 2] !== 116 /* t */ || b[at + 3] !== 100 /* d */) return null;
  let stdout: boolean;
  if (b[at + 4] === 111 /* o */ && b[at + 5] === 117 /* u */ && b[at + 6] === 116 /* t */) stdout = true;
  else if (b[at + 4] === 101 /* e */ && b[at + 5] === 114 /* r */ && b[at + 6] === 114 /* r */) stdout = false;
  else return null;
  if (b[at + 7] !== 32 || b[at + 8] !== 70 /* F */ || b[at + 9] !== 32) return null;
  return { payload: at + 10, stdout };
}
