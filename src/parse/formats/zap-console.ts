/**
 * zap's console encoder, controller-runtime development mode and the kubebuilder default
 * (formats.md §3.4, §7.3): `TIME TAB LEVEL [TAB LOGGER] [TAB CALLER] TAB MSG [TAB {CONTEXT}]`.
 * Logger and caller are optional and unmarked and MSG is not escaped, so the fields are told
 * apart by shape: a trailing TAB-separated JSON object is the context, a spaceless name followed
 * by another field is the logger, a `file.go:NN` field is the caller, the rest is the message.
 */

import type { ParsedLine } from '../parsed-line.js';
import { takeError } from '../fields.js';
import { levelOf } from '../levels.js';
import { toIso } from '../timestamps.js';

const LEVELS = new Set(['DEBUG', 'INFO', 'WARN', 'ERROR', 'DPANIC', 'PANIC', 'FATAL', 'debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal']);

const ZAP_LOGGER_NAME = /^[\w.-]+$/;
const ZAP_CALLER = /^[\w./-]+\.go:\d+$/;

function isZapLevel(s: string): boolean {
  return LEVELS.has(s) || ((s.startsWith('LEVEL(') || s.startsWith('Level(')) && s.endsWith(')'));
}

/** The time field must look like one of the encoders' outputs before anything else is tried. */
function looksLikeTime(s: string): boolean {
  return s.length >= 10 && s.length <= 40 && toIso(s) !== null;
}

export function parseZapConsole(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const t1 = line.indexOf('\t');
  if (t1 < 10 || t1 > 40) return null;
  const t2 = line.indexOf('\t', t1 + 1);
  const levelText = t2 === -1 ? line.slice(t1 + 1) : line.slice(t1 + 1, t2);
  if (!isZapLevel(levelText)) return null;
  const timeText = line.slice(0, t1);
  if (!looksLikeTime(timeText)) return null;

  let rest = t2 === -1 ? '' : line.slice(t2 + 1);
  let fields: Record<string, unknown> = {};
  const lastTab = rest.lastIndexOf('\t');
  const contextText = rest.slice(lastTab + 1);
  if (lastTab !== -1 && contextText.startsWith('{') && contextText.endsWith('}')) {
    const context = parseContext(contextText);
    if (context) {
      fields = context;
      rest = rest.slice(0, lastTab);
    }
  }
  const parts = rest.split('\t');
  if (parts.length >= 2 && !ZAP_CALLER.test(parts[0]!) && ZAP_LOGGER_NAME.test(parts[0]!)) {
    fields['logger'] = parts.shift();
  }
  if (parts.length >= 2 && ZAP_CALLER.test(parts[0]!)) fields['caller'] = parts.shift();
  const error = takeError(fields, ['error', 'err']);
  return {
    format: 'zap-console',
    level: levelOf(levelText),
    time: toIso(timeText),
    message: parts.join('\t'),
    error,
    fields,
    openBlock: null,
  };
}

function parseContext(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // Not JSON: the braces were part of the message.
  }
  return null;
}

