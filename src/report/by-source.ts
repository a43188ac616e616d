/**
 * `--by source` for text and markdown: each analysed source (namespace/pod/container, or the file)
 * with its line counts and the findings that occurred in it, in input order.
 */

import type { Finding, Report, SourceSummary } from '../model/finding.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { mdText as md } from './markdown-escape.js';
import { makeStyle } from './style.js';
import { filtersText, rejectedKindsLine, summaryLine, unknownSection } from './text.js';
import { filtersMarkdown, unknownMarkdown } from './markdown.js';

export function sourceName(s: SourceSummary): string {
  if (s.kind === 'events') return s.namespace ? `events of namespace ${s.namespace}` : s.source;
  const parts = [s.namespace, s.pod, s.container].filter((p): p is string => p !== undefined);
  const pod = parts.length > 0 ? parts.join('/') : null;
  const previous = s.previous ? ' (previous instance)' : '';
  return pod ? `${pod}${previous}` : s.source;
}

function counts(s: SourceSummary): string {
  const parts = [`${s.lines.toLocaleString('en-US')} ${s.kind === 'events' ? 'events/items' : 'lines'}`, `${s.entries.toLocaleString('en-US')} entries`];
  if (s.unparsed > 0) parts.push(`${s.unparsed.toLocaleString('en-US')} unparsed`);
  if (s.errors > 0) parts.push(`${s.errors} read error${s.errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** The findings a source contributed to, named as the report names them, most severe first. */
function findingLines(s: SourceSummary, byKey: Map<string, Finding>): { f: Finding | undefined; key: string; count: number }[] {
  return s.findings.map((x) => ({ f: byKey.get(x.key), key: x.key, count: x.count }));
}

export function renderSourcesText(report: Report, opts: { color: boolean }): string {
  const st = makeStyle(opts.color);
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const out: string[] = [st.bold(`kube-log-doctor: ${summaryLine(report)}`), ...filtersText(report, 100)];
  for (const e of report.stats.errors) out.push(st.severity('warning', `  input error: ${safe(e)}`));
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(st.severity('warning', `  ${safe(rejected)}`));
  for (const s of report.sources ?? []) {
    out.push('');
    out.push(`${st.bold(safe(sourceName(s)))}  ${st.dim(counts(s))}`);
    if (sourceName(s) !== s.source) out.push(`  ${st.dim(safe(s.source))}`);
    for (const { f, key, count } of findingLines(s, byKey)) {
      const sev = f ? st.severity(f.severity, f.severity.toUpperCase().padEnd(8)) : ''.padEnd(8);
      const roots = f && f.causedBy.length > 0 ? st.dim(`  (caused by ${f.causedBy.map((k) => byKey.get(k)?.id ?? k).join(', ')})`) : '';
      out.push(`  ${sev} ${st.bold(safe(f?.id ?? key))} ×${count}  ${safe(f?.title ?? '')}${roots}`);
    }
  }
  if ((report.sources ?? []).length === 0) out.push('', 'No source was analysed.');
  out.push(...unknownSection(report, st));
  return out.join('\n') + '\n';
}


export function renderSourcesMarkdown(report: Report): string {
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const out: string[] = ['## kube-log-doctor: findings by source', '', md(summaryLine(report)), '', ...filtersMarkdown(report)];
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(`> ${md(rejected)}`, '');
  out.push('| source | lines | entries | findings |', '|---|---:|---:|---|');
  for (const s of report.sources ?? []) {
    const found = findingLines(s, byKey)
      .map(({ f, key, count }) => `${md(f?.id ?? key)} ×${count}`)
      .join(', ');
    out.push(`| ${md(sourceName(s))} | ${s.lines} | ${s.entries} | ${found || '—'} |`);
  }
  const unknown = unknownMarkdown(report);
  if (unknown.length > 0) out.push('', ...unknown);
  return out.join('\n') + '\n';
}
