/** `-o markdown`: the diagnosis for pasting into a ticket or pull request. */

import { evidenceOrigin } from './evidence-origin.js';
import type { Finding, Report } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { moreObjects, omittedLines, summaryLine } from './text.js';
import { chainTrees, treeLines } from './chain-tree.js';

/** Inline code that survives backticks inside the text. */
function code(s: string): string {
  const text = safe(s);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes characters that Markdown would read as markup in running text. */
function md(s: string): string {
  return safe(s).replace(/([\\*_[\]<>|#])/g, '\\$1');
}

/** Prose written by pattern authors: their backticks are code spans, so leave them. */
function prose(s: string): string {
  return safe(s).replace(/([<>|])/g, '\\$1');
}

function block(lines: string[]): string {
  const text = lines.map((l) => safe(l)).join('\n');
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function renderFinding(f: Finding): string {
  const out: string[] = [];
  const root = f.causes.length > 0 && f.causedBy.length === 0 ? ' — root cause' : '';
  out.push(`### ${f.severity.toUpperCase()}: ${md(f.title)} (${code(f.id)}, ×${f.count})${root}`);
  out.push('');
  const rows: [string, string][] = [];
  if (f.kinds.length > 0) rows.push(['Kinds', f.kinds.map((k) => code(kindLabel(k))).join(', ')]);
  if (f.objects.length > 0) {
    rows.push(['Objects', f.objects.map((o) => `${code(objectLabel(o))} (${o.count})`).join(', ') + md(moreObjects(0, f.objectsOmitted))]);
  }
  if (f.firstSeen) rows.push(['Seen', f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`]);
  if (f.causedBy.length > 0) rows.push(['Caused by', f.causedBy.map(code).join(', ')]);
  if (f.causes.length > 0) rows.push(['Causes', f.causes.map(code).join(', ')]);
  if (rows.length > 0) {
    out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '');
  }
  out.push(md(f.diagnosis), '');
  if (f.causedBy.length === 0) {
    out.push(`**Why.** ${prose(f.explanation)}`, '');
    out.push('**Likely causes**', '', ...f.likelyCauses.map((c, i) => `${i + 1}. ${prose(c)}`), '');
    out.push('**Fix**', '', ...f.fixes.map((c, i) => `${i + 1}. ${prose(c)}`), '');
  }
  if (f.evidence.length > 0) {
    out.push('**Evidence**', '', block(f.evidence.map((e) => `${evidenceOrigin(e) ? `[${evidenceOrigin(e)}] ` : ''}${e.source}:${e.line}  ${e.text}`)), '');
  }
  return out.join('\n');
}

export function renderMarkdown(report: Report): string {
  const out: string[] = ['## kube-log-doctor diagnosis', '', md(summaryLine(report)), ''];
  for (const e of report.stats.errors) out.push(`> input error: ${md(e)}`, '');
  if (report.findings.length === 0) out.push('No known error signature found.', '');
  const trees = chainTrees(report);
  if (trees.length > 0) {
    const label = (f: Finding) => `${f.severity.toUpperCase()} ${f.id} ×${f.count}  ${f.title}`;
    out.push('**Root causes**', '', block(trees.flatMap((t) => treeLines(t, label))), '');
  }
  for (const f of report.findings) out.push(renderFinding(f));
  const omitted = omittedLines(report);
  if (omitted.length > 0) out.push('**Not listed**', '', ...omitted.map((l) => `- ${md(l)}`), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
