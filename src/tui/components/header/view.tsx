/** The header: what is read and how fast, findings by severity, and the timeline of all findings. */

import { SEVERITIES, type Severity } from '../../../model/finding.js';
import type { LiveSnapshot, LiveStatus } from '../../live-store.js';
import { severityCounts } from '../../select.js';
import { sparkline, timelineWidth } from '../../sparkline.js';
import { safeText, type Row, type Span } from '../../rows.js';
import { HEADING, MUTED, SEVERITY_STYLE, SPARK } from '../../theme.js';
import { Lines } from '../lines/view.js';
import { describeFilters } from '../../../model/filters.js';

export const HEADER_HEIGHT = 3;

export interface HeaderProps {
  snapshot: LiveSnapshot;
  /** Findings on screen after the filter and the minimum severity. */
  shown: number;
  filter: string;
  minSeverity: Severity;
  /** Occurrences of all findings per time bucket. */
  timeline: readonly number[];
  range: { from: number; to: number } | null;
  untimed: number;
  width: number;
}

const STATUS: Record<LiveStatus, Span> = {
  reading: { text: '● reading', color: 'green' },
  done: { text: '✓ end of input', color: 'green' },
  stopped: { text: '■ stopped', color: 'yellow' },
  failed: { text: '✗ failed', color: 'red' },
};

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** `10:00:20Z–10:01:46Z`, with dates when the span crosses midnight. */
export function rangeLabel(range: { from: number; to: number }): string {
  const a = new Date(range.from).toISOString();
  const b = new Date(range.to).toISOString();
  return a.slice(0, 10) === b.slice(0, 10)
    ? `${a.slice(11, 19)}–${b.slice(11, 19)}Z`
    : `${a.slice(0, 10)} ${a.slice(11, 16)} – ${b.slice(0, 10)} ${b.slice(11, 16)}Z`;
}

export function headerRows(p: HeaderProps): Row[] {
  const { report, status, input, linesPerSecond } = p.snapshot;
  const first: Span[] = [
    { text: 'kube-log-doctor', ...HEADING },
    { text: '  ' },
    { text: safeText(input) },
    { text: '  ' },
    STATUS[status],
    { text: `  ${n(report.stats.lines)} lines`, ...MUTED },
  ];
  if (linesPerSecond !== null) first.push({ text: ` · ${n(linesPerSecond)} lines/s`, ...MUTED });
  if (report.stats.errors.length > 0) first.push({ text: ` · ${report.stats.errors.length} input errors`, color: 'yellow' });

  const counts = severityCounts(report.findings);
  const total = report.findings.length;
  const second: Span[] = [{ text: `${total} ${total === 1 ? 'finding' : 'findings'}`, ...HEADING }];
  for (const s of SEVERITIES) {
    second.push({ text: '  ' }, { text: `${counts[s]} ${s}`, ...(counts[s] > 0 ? SEVERITY_STYLE[s] : MUTED) });
  }
  const narrowed: string[] = [];
  if (p.filter) narrowed.push(`filter "${safeText(p.filter)}"`);
  if (p.minSeverity !== 'info') narrowed.push(`severity ≥ ${p.minSeverity}`);
  if (narrowed.length > 0) second.push({ text: `   showing ${p.shown} · ${narrowed.join(' · ')}`, color: 'cyan' });
  // The command line's filters (--since, --pod, --only, …): the whole report is narrowed by them.
  if (report.filters) second.push({ text: `   filters ${safeText(describeFilters(report.filters).join(' · '))}`, ...MUTED });

  const label = p.range ? rangeLabel(p.range) : 'no timestamps yet';
  const untimed = p.untimed > 0 ? ` · ${n(p.untimed)} untimed` : '';
  const room = timelineWidth(p.width);
  const third: Span[] = [
    { text: 'timeline  ', ...MUTED },
    { text: sparkline(p.timeline, room), ...SPARK },
    { text: `  ${label}${untimed}`, ...MUTED },
  ];
  return [first, second, third];
}

export function HeaderView(props: HeaderProps) {
  return <Lines rows={headerRows(props)} height={HEADER_HEIGHT} width={props.width} />;
}
