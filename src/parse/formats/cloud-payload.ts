/**
 * A log entry copied from a cloud console's expanded view (issue #19): Google Cloud's Logs
 * Explorer shows the structured payload as `jsonPayload: {` followed by one indented
 * `key: value` line per field and a closing `}`, and `gcloud logging read` as YAML
 * (`jsonPayload:` then indented `key: value` lines). The assembler collects the indented lines
 * (bounded) and this reads the top-level fields of the block.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';
import { decodeEscapes } from '../go-quote.js';

/** The first line of such a block. */
export function opensCloudPayload(text: string): boolean {
  if (!text.startsWith('jsonPayload:')) return false;
  const rest = text.slice('jsonPayload:'.length).trim();
  return rest === '' || rest === '{';
}

/** A `key: value` line of the block; the value unquoted. */
const FIELD = /^( *)([\w.@-]{1,128}): (.*)$/;

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return decodeEscapes(t.slice(1, -1));
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replaceAll("''", "'");
  return t;
}

/** Reads the block's lines (its first line included), or null when it holds no message. */
export function parseCloudPayload(text: string): ParsedLine | null {
  const lines = text.split('\n').slice(1);
  let indent = -1;
  const fields: Record<string, unknown> = {};
  for (const line of lines) {
    const m = FIELD.exec(line);
    if (!m) continue;
    if (indent === -1) indent = m[1]!.length;
    if (m[1]!.length !== indent) continue; // a nested object's field
    const value = m[3]!;
    if (value === '{' || value === '[') continue;
    fields[m[2]!] = unquote(value);
  }
  const message = typeof fields['msg'] === 'string' ? fields['msg'] : typeof fields['message'] === 'string' ? fields['message'] : null;
  if (message === null) return null;
  delete fields['msg'];
  delete fields['message'];
  const level = levelOf(fields['level'] ?? fields['severity']);
  const time = toIso(fields['ts'] ?? fields['time'] ?? null);
  delete fields['level'];
  delete fields['ts'];
  const error = takeError(fields, ['error', 'err']);
  return { format: 'json', level, time, message, error, fields, openBlock: null };
}
