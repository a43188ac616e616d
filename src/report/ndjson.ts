/**
 * `-o ndjson`: one JSON object per line. In follow mode (`-f -o ndjson`) each new finding is one
 * `{"event":"new",…}` line the moment it appears and each finding that grew one `{"event":"grew",…}`
 * line per interval; a batch run prints every finding as `new`. The last line is always
 * `{"event":"end",…}` with the whole report. Findings have the JSON report's shape.
 */

import type { Finding, Report } from '../model/finding.js';
import { jsonSafe } from './terminal-safe.js';
import { jsonDocument } from './json.js';

export type NdjsonEvent =
  | { event: 'new'; at: string; finding: Finding }
  | { event: 'grew'; at: string; by: number; finding: Finding }
  | { event: 'end'; at: string; reason: string; report: Report };

/** The `end` event: the report as the JSON document has it (with `tool`). */
export function endEvent(at: string, reason: string, report: Report): NdjsonEvent {
  return { event: 'end', at, reason, report: jsonDocument(report) as unknown as Report };
}

/** One event as one line (JSON.stringify never writes a raw newline; C1 and bidi controls escaped). */
export function ndjsonLine(e: NdjsonEvent): string {
  return jsonSafe(JSON.stringify(e)) + '\n';
}

export function renderNdjson(report: Report, now: () => Date = () => new Date()): string {
  const at = now().toISOString();
  return report.findings.map((finding) => ndjsonLine({ event: 'new', at, finding })).join('') + ndjsonLine(endEvent(at, 'end of input', report));
}
