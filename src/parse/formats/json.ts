/**
 * JSON payloads: classifies a JSON log object by its keys (formats.md §7.2, first match wins)
 * into component-base JSON, zap, slog, logrus, or generic JSON.
 */

import type { ParsedLine } from '../parsed-line.js';
import { readJsonObject, type JsonObject } from './json-object.js';
import { fromKlogJson } from './klog-json.js';
import { fromZapJson } from './zap-json.js';
import { fromSlogJson } from './slog-json.js';
import { fromLogrusJson } from './logrus-json.js';
import { fromGenericJson } from './generic-json.js';

export type JsonFormat = 'klog-json' | 'zap-json' | 'slog-json' | 'logrus-json' | 'json';

type Classifier = (o: JsonObject, keys: readonly string[]) => ParsedLine | null;

/** In precedence order: the first classifier that accepts the object decides its format. */
const CLASSIFIERS: ReadonlyArray<readonly [JsonFormat, Classifier]> = [
  ['klog-json', (o) => fromKlogJson(o)],
  ['zap-json', (o) => fromZapJson(o)],
  ['slog-json', (o, keys) => fromSlogJson(o, keys[0])],
  ['logrus-json', (o, keys) => fromLogrusJson(o, keys)],
  ['json', (o) => fromGenericJson(o)],
];

/** Parses a JSON log line; with `only`, accepts it only in that one format. */
export function parseJsonLine(line: string, only?: JsonFormat): ParsedLine | null {
  if (line.charCodeAt(0) !== 123 /* { */) return null;
  const o = readJsonObject(line);
  if (!o) return null;
  const keys = Object.keys(o);
  for (const [format, classify] of CLASSIFIERS) {
    if (only !== undefined && format !== only) continue;
    const parsed = classify(o, keys);
    if (parsed) return parsed;
  }
  return null;
}
