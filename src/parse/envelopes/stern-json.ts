/**
 * stern `-o json` (formats.md §2.4): one object per line with `message`, `podName`,
 * `containerName`, `namespace` and, in newer stern, `timestamp`; the message is the payload.
 */

import { toIso } from '../timestamps.js';
import { readJsonObject } from '../formats/json-object.js';

export interface SternJsonRecord {
  time: string | null;
  namespace: string | null;
  pod: string;
  container: string | null;
  rest: string;
}

export function peelSternJson(text: string): SternJsonRecord | null {
  if (!text.startsWith('{"message":')) return null;
  const r = readJsonObject(text);
  if (!r) return null;
  const { message, podName, containerName, namespace, timestamp } = r;
  if (typeof message !== 'string' || typeof podName !== 'string' || typeof containerName !== 'string') return null;
  let rest = message.endsWith('\n') ? message.slice(0, -1) : message;
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  return {
    time: toIso(timestamp),
    namespace: typeof namespace === 'string' && namespace.length > 0 ? namespace : null,
    pod: podName,
    container: containerName.length > 0 ? containerName : null,
    rest,
  };
}
