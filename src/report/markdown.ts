/**
 * `-o markdown`: the diagnosis for pasting into a ticket or pull request. Log text cannot change
 * the document's structure (see markdown-escape.ts), and commands read back byte for byte: a fix
 * that ends with a command shows it as a fenced code block, other code as code spans.
 */

import { evidenceOrigin } from './evidence-origin.js';
import type { Finding, Report } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { filtersLine, moreObjects, nothingFound, omittedLines, registeredFromLabel, rejectedKindsLine, summaryLine } from './text.js';
import { chainTrees, treeLines } from './chain-tree.js';
import { mdBlock, mdCellCode as code, mdCode, mdLineStart, mdParts, mdText as md } from './markdown-escape.js';
import { baselineLines, baselineTag } from './baseline.js';
import { ignoreLines } from './ignore.js';
import { clipExample, NEW_SIGNATURE_HINT, UNKNOWN_SHOWN, unknownTotalLine } from './unknown.js';
import { fixParts, logLiterals, richParts, trailingCommand } from './rich-text.js';

/** A numbered list item; a fix that ends with a command gets it as a `sh` block under the item. */
function fixItem(n: number, fix: string, literals: string[]): string {
  const marker = `${n}. `;
  const parts = fixParts(fix, literals);
  const tail = trailingCommand(parts);
  if (!tail) return `${marker}${mdLineStart(mdParts(parts))}`;
  const lead = mdLineStart(mdParts(tail.lead).trimEnd());
  const block = mdBlock([tail.command], 'sh', ' '.repeat(marker.length));
  return lead ? `${marker}${lead}\n${block}` : `${marker}${block.trimStart()}`;
}

function renderFinding(f: Finding): string {
  const out: string[] = [];
  const literals = logLiterals(f);
  const rich = (s: string) => mdParts(richParts(s, literals));
  const root = f.causes.length > 0 && f.causedBy.length === 0 ? ' — root cause' : '';
  const mark = baselineTag(f.baseline);
  out.push(`### ${f.severity.toUpperCase()}: ${md(f.title)} (${mdCode(f.id)}, ×${f.count})${root}${mark ? ` **${md(mark)}**` : ''}`);
  out.push('');
  const rows: [string, string][] = [];
  if (f.kinds.length > 0) rows.push(['Kinds', f.kinds.map((k) => code(kindLabel(k))).join(', ')]);
  if (f.registeredFrom) rows.push(['Registered', md(registeredFromLabel(f.registeredFrom))]);
  if (f.objects.length > 0) {
    rows.push(['Objects', f.objects.map((o) => `${code(objectLabel(o))} (${o.count})`).join(', ') + md(moreObjects(0, f.objectsOmitted))]);
  }
  if (f.firstSeen) rows.push(['Seen', md(f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`)]);
  if (f.causedBy.length > 0) rows.push(['Caused by', f.causedBy.map(code).join(', ')]);
  if (f.causes.length > 0) rows.push(['Causes', f.causes.map(code).join(', ')]);
  if (rows.length > 0) {
    out.push('| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`), '');
  }
  out.push(mdLineStart(rich(f.diagnosis)), '');
  if (f.causedBy.length === 0) {
    out.push(`**Why.** ${rich(f.explanation)}`, '');
    out.push('**Likely causes**', '', ...f.likelyCauses.map((c, i) => `${i + 1}. ${mdLineStart(rich(c))}`), '');
    out.push('**Fix**', '', ...f.fixes.map((c, i) => fixItem(i + 1, c, literals)), '');
  }
  if (f.evidence.length > 0) {
    out.push('**Evidence**', '', mdBlock(f.evidence.map((e) => `${evidenceOrigin(e) ? `[${evidenceOrigin(e)}] ` : ''}${e.source}:${e.line}  ${e.text}`)), '');
  }
  return out.join('\n');
}

/** The markdown report's filters paragraph under the summary (none without filters). */
export function filtersMarkdown(report: Report): string[] {
  const filters = filtersLine(report);
  return filters === null ? [] : [`**Filters:** ${md(filters)}`, ''];
}

/** The "Unrecognised errors" section: the largest groups as a table, their examples in one block, then the total. */
export function unknownMarkdown(report: Report): string[] {
  const total = unknownTotalLine(report);
  if (total === null) return [];
  const groups = (report.unknown ?? []).slice(0, UNKNOWN_SHOWN);
  const out = ['### Unrecognised errors', '', md('Error lines no signature knows, grouped by message (variable parts as <*>).'), ''];
  out.push('| Count | Group | Template | Levels | Kinds | Objects |', '|---:|---|---|---|---|---|');
  for (const g of groups) {
    out.push(
      `| ${g.count}${g.baseline && g.baseline !== 'known' ? ` ${md(baselineTag(g.baseline))}` : ''} | ${code(g.id)} | ${code(g.template)}${g.resembles ? ` (like ${code(g.resembles)}, not matched by it)` : ''} | ${md(g.levels.join(', '))} | ${g.kinds.map((k) => code(kindLabel(k))).join(', ')} | ${g.objects.map((o) => code(objectLabel(o))).join(', ')} |`,
    );
  }
  out.push('', '**Examples**', '', mdBlock(groups.flatMap((g) => g.examples.map((e) => `${g.id} ${e.source}:${e.line}  ${clipExample(e.text)}`))), '');
  out.push(mdLineStart(md(total)), '', md(NEW_SIGNATURE_HINT), '');
  return out;
}

export function renderMarkdown(report: Report): string {
  const out: string[] = ['## kube-log-doctor diagnosis', '', md(summaryLine(report)), ''];
  out.push(...filtersMarkdown(report));
  for (const e of report.stats.errors) out.push(`> input error: ${md(e)}`, '');
  const compared = baselineLines(report);
  if (compared.length > 0) out.push(`**${md(compared[0]!)}**`, '', ...compared.slice(1).map((l) => `- ${mdLineStart(md(l))}`), '');
  const ignoring = ignoreLines(report);
  if (ignoring.length > 0) out.push(...ignoring.map((l) => `- ${mdLineStart(md(l))}`), '');
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(`> ${md(rejected)}`, '');
  if (report.findings.length === 0) {
    const [head, ...inputs] = nothingFound(report);
    out.push(md(head!), '', ...inputs.map((l) => `- ${mdLineStart(md(l))}`), '');
  }
  const trees = chainTrees(report);
  if (trees.length > 0) {
    const label = (f: Finding) => `${f.severity.toUpperCase()} ${f.id} ×${f.count}  ${f.title}`;
    out.push('**Root causes**', '', mdBlock(trees.flatMap((t) => treeLines(t, label))), '');
  }
  for (const f of report.findings) out.push(renderFinding(f));
  const omitted = omittedLines(report);
  if (omitted.length > 0) out.push('**Not listed**', '', ...omitted.map((l) => `- ${md(l)}`), '');
  out.push(...unknownMarkdown(report));
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
