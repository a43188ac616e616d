/** `-o json`: the report as one JSON document (schema in the README; fields are only ever added). */

import type { Report } from '../model/finding.js';
import { jsonSafe } from './terminal-safe.js';

export function renderJson(report: Report): string {
  return jsonSafe(JSON.stringify(report, null, 2)) + '\n';
}
