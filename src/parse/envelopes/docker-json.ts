/**
 * Docker json-file records (formats.md §2.6): `{"log":"<content>\n","stream":"stderr",
 * "time":"<RFC 3339>"}`, keys limited to `log`, `stream`, `attrs`, `time` in that order. A `log`
 * without the trailing newline is a partial chunk continued by the next record of the stream.
 */

import { toIso } from '../timestamps.js';
import { readJsonObject } from '../formats/json-object.js';

export interface DockerRecord {
  time: string | null;
  stream: 'stdout' | 'stderr' | null;
  partial: boolean;
  rest: string;
}

const KEYS = new Set(['log', 'stream', 'attrs', 'time']);

export function peelDockerJson(text: string): DockerRecord | null {
  if (!text.startsWith('{"log":') && !text.startsWith('{"stream":')) return null;
  const r = readJsonObject(text);
  if (!r) return null;
  for (const k of Object.keys(r)) if (!KEYS.has(k)) return null;
  const log = r['log'] ?? '';
  const stream = r['stream'] ?? null;
  if (typeof log !== 'string' || (stream !== null && stream !== 'stdout' && stream !== 'stderr')) return null;
  if (!('time' in r) && !('stream' in r)) return null;
  // Docker omits `log` for an empty line, which is complete, not partial.
  const partial = log.length > 0 && !log.endsWith('\n');
  let rest = partial ? log : log.slice(0, -1);
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  return { time: toIso(r['time']), stream, partial, rest };
}
