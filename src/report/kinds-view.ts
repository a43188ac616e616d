/** `--by kind`: the report turned around — each kind with its problems, findings and objects, most troubled first. */

import type { Finding, KindSummary, Report } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { mdCode, mdText as md } from './markdown-escape.js';
import { makeStyle } from './style.js';
import { MIN_WIDTH, filtersText, moreObjects, rejectedKindsLine, summaryLine, unknownSection, wrap } from './text.js';
import { filtersMarkdown, unknownMarkdown } from './markdown.js';

const MAX_OBJECTS = 10;

function objectsLine(k: KindSummary): string {
  const shown = k.objects.slice(0, MAX_OBJECTS).map((o) => `${objectLabel(o)} (${o.count})`);
  return shown.join(', ') + moreObjects(k.objects.length - shown.length, k.objectsOmitted ?? 0);
}

export function renderKindsText(report: Report, opts: { color: boolean; width: number }): string {
  const st = makeStyle(opts.color);
  const width = Math.max(MIN_WIDTH, opts.width);
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const kinds = report.kinds.length + (report.omitted?.kinds ?? 0);
  const out = [st.bold(`kube-log-doctor: ${summaryLine(report)} · ${kinds.toLocaleString('en-US')} kind${kinds === 1 ? '' : 's'}`), ...filtersText(report, width)];
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(st.severity('warning', `  ${safe(rejected)}`));
  if (report.kinds.length === 0) out.push('', 'No finding names a kind.');
  for (const k of report.kinds) {
    out.push('', `${st.bold(safe(kindLabel(k)))}${k.resource ? st.dim(`  (resource ${safe(k.resource)})`) : ''}  ×${k.count}`);
    for (const p of k.problems) out.push(st.severity('error', wrap(`problem: ${safe(p)}`, width, '  ')));
    for (const key of k.findings) {
      const f = byKey.get(key);
      if (f) out.push(`  ${st.severity(f.severity, f.severity.toUpperCase().padEnd(8))} ${f.id} ×${f.count}  ${safe(f.title)}`);
    }
    if (k.objects.length > 0) out.push(wrap(`objects: ${safe(objectsLine(k))}`, width, '  '));
  }
  if (report.omitted?.kinds) out.push('', `… ${report.omitted.kinds.toLocaleString('en-US')} more kinds not listed`);
  out.push(...unknownSection(report, st));
  return out.join('\n') + '\n';
}

export function renderKindsMarkdown(report: Report): string {
  const byKey = new Map<string, Finding>(report.findings.map((f) => [f.key, f]));
  const out = ['## kube-log-doctor: kinds', '', md(summaryLine(report)), '', ...filtersMarkdown(report)];
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(`> ${md(rejected)}`, '');
  if (report.kinds.length === 0) out.push('No finding names a kind.', '');
  for (const k of report.kinds) {
    out.push(`### ${mdCode(kindLabel(k))} ×${k.count}`, '');
    for (const p of k.problems) out.push(`- **Problem:** ${md(p)}`);
    for (const key of k.findings) {
      const f = byKey.get(key);
      if (f) out.push(`- ${f.severity.toUpperCase()} ${mdCode(f.id)} ×${f.count}: ${md(f.title)}`);
    }
    if (k.objects.length > 0) out.push(`- Objects: ${md(objectsLine(k))}`);
    out.push('');
  }
  if (report.omitted?.kinds) out.push(`… ${report.omitted.kinds.toLocaleString('en-US')} more kinds not listed`, '');
  out.push(...unknownMarkdown(report));
  return out.join('\n');
}
