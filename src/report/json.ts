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
