/**
 * HashiCorp's hclog (Vault and its agent, Consul, Nomad, Terraform providers): `<time> [LEVEL]
 * <name>: <message>[: key=value …]`, the level padded to five letters (`[INFO]  sink.file: …`).
 * A value with newlines is written after `key=` on lines of its own, each `  | ` and a line of
 * the value, and the pairs after it on indented lines (vault-agent's `error authenticating:` then
 * `  error=` and the API error) — the lane (lane.ts) reads those into the entry's fields.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { splitTrailingPairs } from '../logfmt-pairs.js';
import { toIso } from '../timestamps.js';

const HEAD = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)) \[(TRACE|DEBUG|INFO|WARN|ERROR)\] {1,2}(?:([A-Za-z0-9_.@-]{1,128}): )?/;

const LEVEL = /^\[(?:TRACE|DEBUG|INFO|WARN|ERROR)\] {1,2}(?!plugin\/)\S/;

/** Whether `rest`, what follows a line's leading time, is the rest of an hclog line (so the time is its own, not an envelope's). */
export function continuesHclog(rest: string): boolean {
  return rest.charCodeAt(0) === 91 /* [ */ && LEVEL.test(rest);
}

/** How many ` key=` positions are tried when splitting the message from the pairs. */
const MAX_SPLIT_ATTEMPTS = 6;

export function parseHclog(line: string): ParsedLine | null {
  const m = HEAD.exec(line);
  if (!m || m[0].length === line.length) return null;
  // CoreDNS writes `[INFO] plugin/<name>: ` behind a time too (coredns.ts).
  if (line.startsWith('plugin/', m[0].length)) return null;
  const { message: body, fields } = splitTrailingPairs(line.slice(m[0].length), MAX_SPLIT_ATTEMPTS);
  if (m[3]) fields['logger'] = m[3];
  const error = takeError(fields, ['error', 'err']);
  return { format: 'hclog', level: levelOf(m[2]), time: toIso(m[1]), message: body, error, fields, openBlock: null };
}
