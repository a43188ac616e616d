/** `-o json`: the report as one JSON document (schema in the README; fields are only ever added). */

import type { Report } from '../model/finding.js';
import { jsonSafe } from './terminal-safe.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/** The report as the JSON document has it: `tool` names the program that wrote it; `version` stays the document format's. */
export function jsonDocument(report: Report): Record<string, unknown> {
  // `detail` feeds the HTML report's pictures; it is not part of the JSON schema.
  const { version, detail: _detail, ...rest } = report;
  return { version, tool: { name: TOOL_NAME, version: TOOL_VERSION }, ...rest };
}

export function renderJson(report: Report): string {
  return jsonSafe(JSON.stringify(jsonDocument(report), null, 2)) + '\n';
}

/** `JSON.stringify(value, null, 2)` placed `depth` levels deep (newlines in JSON text are only ever its own layout). */
function nested(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : text.replaceAll('\n', '\n' + '  '.repeat(depth));
}

/** Arrays written element by element, rather than a top-level value at a time. */
const MIN_CHUNKED = 16;

/**
 * renderJson in pieces: the same text (byte for byte), written a top-level field or a list element
 * at a time, so that a report of thousands of findings is never one string of megabytes beside
 * the report itself.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  const doc = jsonDocument(report);
  const fields = Object.entries(doc).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (fields.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (const [i, [key, value]] of fields.entries()) {
    const head = `${i === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length < MIN_CHUNKED) {
      yield jsonSafe(head + nested(value, 1));
      continue;
    }
    yield jsonSafe(head + '[');
    for (const [j, item] of value.entries()) {
      // JSON.stringify writes null for what it cannot write in a list (undefined, functions).
      const text = item === undefined || typeof item === 'function' ? 'null' : nested(item, 2);
      yield jsonSafe(`${j === 0 ? '' : ','}\n    ${text}`);
    }
    yield '\n  ]';
  }
  yield '\n}\n';
}
