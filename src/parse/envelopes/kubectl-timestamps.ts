/**
 * `kubectl logs --timestamps`, `crictl logs -t`, must-gather `current.log` (formats.md §2.2):
 * `<RFC 3339 time> <payload>`, the time the runtime read the bytes. A zap console line also
 * starts with a time but follows it with a TAB, so it is not mistaken for this envelope.
 */

import { rfc3339Length, toIso } from '../timestamps.js';

export function peelTimestamp(text: string): { time: string | null; rest: string } | null {
  const n = rfc3339Length(text);
  if (n === -1 || text.charCodeAt(n) !== 32) return null;
  return { time: toIso(text.slice(0, n)), rest: text.slice(n + 1) };
}

/** `2006-01-02T15:04:05.000000000Z` or `…+07:00`: kubelet's fixed-width layout. */
function isKubeletTimestamp(length: number): boolean {
  return length === 30 || length === 35;
}

/**
 * Removes the timestamps kubelets before 1.26 wrote in front of every partial record, which land
 * in the middle of the logical line (`…first part2024-05-01T10:00:00.123456789Z rest…`). Only the
 * fixed-width kubelet layout followed by a space is removed. Returns the text unchanged if none.
 * Applied only to lines that parse in no format as they stand, so that a timestamp a program
 * printed itself is kept.
 */
export function removeGluedTimestamps(text: string): string {
  let out = '';
  let from = 0;
  // A timestamp's 'T' sits 10 characters after its start.
  for (let t = text.indexOf('T', 11); t !== -1; t = text.indexOf('T', t + 1)) {
    const start = t - 10;
    if (start < from) continue;
    const n = rfc3339Length(text, start);
    if (n === -1 || !isKubeletTimestamp(n) || text.charCodeAt(start + n) !== 32) continue;
    out += text.slice(from, start);
    from = start + n + 1;
    t = from - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
