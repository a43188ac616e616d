/**
 * `-o github`: GitHub Actions workflow commands, one annotation per finding
 * (`::error file=…,line=…,title=…::message`), at its first evidence line. Values are escaped as the
 * runner reads them: `%`, CR and LF in every value, and `:` and `,` in properties too; log text has
 * its control characters escaped visibly first, so nothing from a log can end the command early,
 * start another, or reach the terminal of someone reading the job's log.
 */

import type { Finding, Report } from '../model/finding.js';
import { terminalSafe } from './terminal-safe.js';
import { kindLabel } from '../correlate/aggregate.js';
import { filtersLine } from './text.js';

/** Escaping for a workflow command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for a workflow command's property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(f: Finding): 'error' | 'warning' | 'notice' {
  return f.severity === 'critical' || f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
}

function annotation(f: Finding): string {
  const safe = (s: string) => terminalSafe(s);
  const props: string[] = [];
  const e = f.evidence[0];
  if (e) {
    props.push(`file=${escapeProperty(safe(e.source))}`);
    if (e.line >= 1) props.push(`line=${e.line}`);
  }
  props.push(`title=${escapeProperty(safe(`${f.id} ×${f.count}: ${f.title}`))}`);
  const lines = [safe(f.diagnosis)];
  if (f.kinds.length) lines.push(`Kinds: ${safe(f.kinds.map(kindLabel).join(', '))}`);
  if (f.causedBy.length) lines.push(`Caused by: ${safe(f.causedBy.join(', '))} (fix that first)`);
  else if (f.fixes.length) lines.push('Fix:', ...f.fixes.map((x, i) => `${i + 1}. ${safe(x)}`));
  if (e) lines.push(`Evidence: ${safe(`${e.source}:${e.line}  ${e.text}`)}`);
  return `::${command(f)} ${props.join(',')}::${escapeData(lines.join('\n'))}`;
}

export function renderGithub(report: Report): string {
  const out = report.findings.map(annotation);
  const s = report.stats;
  for (const err of s.errors) out.push(`::warning title=${escapeProperty('kube-log-doctor input error')}::${escapeData(terminalSafe(err))}`);
  const filters = filtersLine(report);
  const summary = `kube-log-doctor: ${report.findings.length} ${report.findings.length === 1 ? 'finding' : 'findings'} in ${s.lines} lines from ${s.sources} ${s.sources === 1 ? 'source' : 'sources'}${filters ? ` (filters: ${filters})` : ''}`;
  out.push(`::notice title=${escapeProperty('kube-log-doctor')}::${escapeData(terminalSafe(summary))}`);
  return out.join('\n') + '\n';
}
