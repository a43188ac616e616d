/**
 * Reading one JSON log object. `JSON.parse` keeps only the last of duplicate keys, but zap can
 * write `"stacktrace"` twice (formats.md §4.2: the goroutine dump of a recovered panic, then the
 * logging call site); when a line holds a key twice it is re-read key by key so that the later
 * value lands under `key#2` instead of silently replacing the first.
 */

export type JsonObject = Record<string, unknown>;

/** Parses a line holding one JSON object, or returns null. Never throws. */
export function readJsonObject(line: string): JsonObject | null {
  const obj = parseJsonObject(line);
  // Only the duplicate key zap is known to write triggers the slow path.
  if (obj !== null && repeatsStacktrace(line)) return readKeepingDuplicates(line) ?? obj;
  return obj;
}

/**
 * A line the quiet classification read (quiet-line.ts) and the object it got, unchanged: the
 * next parseJsonObject of that same line (the full parse, when a keyword sent the line there)
 * takes the object instead of parsing again. Only the very next call, whatever its line.
 */
let handedLine: string | null = null;
let handedObject: JsonObject | null = null;

/** Hands `obj`, which parseJsonObject(line) returned and nothing changed or kept, to the next parseJsonObject(line). */
export function handOver(line: string, obj: JsonObject): void {
  handedLine = line;
  handedObject = obj;
}

/** JSON.parse of a line that must hold one object (duplicate keys: the last wins), or null. */
export function parseJsonObject(line: string): JsonObject | null {
  if (handedLine !== null) {
    const same = handedLine === line;
    const handed = handedObject;
    handedLine = null;
    handedObject = null;
    if (same) return handed;
  }
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  return obj === null || typeof obj !== 'object' || Array.isArray(obj) ? null : (obj as JsonObject);
}

/** Whether `"stacktrace"` occurs twice in the line (a cheap test for zap's duplicate key). */
export function repeatsStacktrace(line: string): boolean {
  const first = line.indexOf('"stacktrace"');
  return first !== -1 && line.indexOf('"stacktrace"', first + 1) !== -1;
}

/** Top-level key/value pairs of a valid JSON object, duplicates renamed `key#2`, `key#3`, … */
function readKeepingDuplicates(text: string): JsonObject | null {
  const out: JsonObject = {};
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  i = skipSpace(text, i + 1);
  if (text[i] === '}') return out;
  for (;;) {
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) return null;
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text[i] !== ':') return null;
    const valueStart = skipSpace(text, i + 1);
    const valueEnd = valueEndAt(text, valueStart);
    if (valueEnd === -1) return null;
    const value: unknown = JSON.parse(text.slice(valueStart, valueEnd));
    let name = key;
    for (let n = 2; name in out; n++) name = `${key}#${n}`;
    out[name] = value;
    i = skipSpace(text, valueEnd);
    if (text[i] === '}') return out;
    if (text[i] !== ',') return null;
    i = skipSpace(text, i + 1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

/** Index just past the JSON string starting at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i + 1;
  }
  return -1;
}

/** Index just past the JSON value starting at `start` (the text is known to be valid JSON). */
function valueEndAt(text: string, start: number): number {
  const c = text[start];
  if (c === '"') return stringEnd(text, start);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const d = text[i];
      if (d === '"') {
        i = stringEnd(text, i) - 1;
        if (i < 0) return -1;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  let i = start;
  while (i < text.length && text[i] !== ',' && text[i] !== '}' && text[i] !== ' ') i++;
  return i;
}
