/**
 * The "Unrecognised errors" section of text and markdown reports: error lines no signature knows,
 * grouped by template (correlate/unknown/), the largest groups first, then a one-line total.
 */

import type { Report, UnknownGroup } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';

/** Groups shown in text and markdown (JSON lists them all). */
export const UNKNOWN_SHOWN = 10;
/** Longest example text shown, in characters. */
export const UNKNOWN_EXAMPLE_CHARS = 300;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Lines and groups of unrecognised errors in the report, those left out of `unknown` included. */
export function unknownTotals(report: Report): { lines: number; groups: number } {
  const groups = report.unknown ?? [];
  const o = report.unknownOmitted;
  return { lines: groups.reduce((n, g) => n + g.count, 0) + (o?.lines ?? 0), groups: groups.length + (o?.groups ?? 0) };
}

/** `N unrecognised error lines in M groups`, or null when there are none. */
export function unknownTotalLine(report: Report): string | null {
  const t = unknownTotals(report);
  if (t.lines === 0) return null;
  const shown = Math.min(UNKNOWN_SHOWN, report.unknown?.length ?? 0);
  const omitted = report.unknownOmitted;
  const sampled = omitted && omitted.lines > 0 ? ` (${plural(omitted.lines, 'line')} of rarer or sampled-out messages not grouped)` : '';
  return `${plural(t.lines, 'unrecognised error line')} in ${plural(t.groups, 'group')}${sampled}; ${shown < t.groups ? `the ${shown} largest shown` : 'all shown'}.`;
}

/** What a report with no findings but unrecognised errors says instead of "No known error signature found.". */
export function noSignatureButErrors(report: Report): string | null {
  const t = unknownTotals(report);
  if (t.lines === 0) return null;
  return `No known error signature found, but ${plural(t.lines, 'error line')} no signature knows (${plural(t.groups, 'group')}): see Unrecognised errors below.`;
}

/** The fields of a group besides its template, as label/value pairs (values are raw log text). */
export function groupFields(g: UnknownGroup): [string, string][] {
  const rows: [string, string][] = [];
  rows.push(['levels', g.levels.join(', ') || 'none']);
  if (g.resembles) rows.push(['like', `the messages of ${g.resembles}, whose regex did not match these lines`]);
  if (g.kinds.length > 0) rows.push(['kinds', g.kinds.map(kindLabel).join(', ')]);
  if (g.objects.length > 0) rows.push(['objects', g.objects.map(objectLabel).join(', ')]);
  if (g.firstSeen) rows.push(['seen', g.firstSeen === g.lastSeen ? g.firstSeen : `${g.firstSeen} … ${g.lastSeen}`]);
  rows.push(['sources', g.sources.join(', ')]);
  return rows;
}

export function clipExample(text: string): string {
  return text.length > UNKNOWN_EXAMPLE_CHARS ? `${text.slice(0, UNKNOWN_EXAMPLE_CHARS)}…` : text;
}

/** The hint under the section: how to turn a group into a signature. */
export const NEW_SIGNATURE_HINT = 'To write a signature for a group: kube-log-doctor patterns new --from LOGFILE --id ID --group GROUP-ID';
