/** `-o json`: the report as one JSON document (schema in the README; fields are only ever added). */

import type { Report } from '../model/finding.js';
import { jsonSafe } from './terminal-safe.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export function renderJson(report: Report): string {
  const { version, ...rest } = report;
  // `tool` names the program that wrote the document; `version` stays the document format's.
  return jsonSafe(JSON.stringify({ version, tool: { name: TOOL_NAME, version: TOOL_VERSION }, ...rest }, null, 2)) + '\n';
}
