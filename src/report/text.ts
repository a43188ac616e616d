/** `-o text` (default): the diagnosis for a terminal, root causes first within each severity. */

import { evidenceOrigin } from './evidence-origin.js';
import type { Finding, Report } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { makeStyle, type Style } from './style.js';
import { chainTrees, treeLines } from './chain-tree.js';

export interface TextOptions {
  color: boolean;
  /** Wrap width for prose. */
  width: number;
}

const MAX_EVIDENCE_CHARS = 400;
const MAX_OBJECTS_SHOWN = 5;

/** Greedy word wrap with a hanging indent. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width - indent.length) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * What an object list leaves out: listed objects not shown, and occurrences of objects the
 * finding (or kind) did not list at all (their number is unknown, their mentions are counted).
 */
export function moreObjects(notShown: number, omitted: number): string {
  const parts: string[] = [];
  if (notShown > 0) parts.push(plural(notShown, 'more object'));
  if (omitted > 0) parts.push(`${plural(omitted, 'more mention')} of objects not listed`);
  return parts.length > 0 ? `, … ${parts.join(' and ')}` : '';
}

/** One line per family of the findings a capped report left out ("N more findings of family X not listed"). */
export function omittedLines(report: Report): string[] {
  const o = report.omitted;
  if (!o) return [];
  const lines = o.families.map((f) => `${plural(f.findings, 'more finding')} of family ${f.family} not listed (×${f.count.toLocaleString('en-US')})`);
  if (o.kinds > 0) lines.push(`${plural(o.kinds, 'more kind')} not listed`);
  return lines;
}

export function summaryLine(report: Report): string {
  const s = report.stats;
  const omitted = report.omitted?.findings ?? 0;
  const parts = [
    plural(report.findings.length + omitted, 'finding') + (omitted > 0 ? ` (the first ${report.findings.length.toLocaleString('en-US')} listed)` : ''),
    `${plural(s.lines, 'line')} from ${plural(s.sources, 'source')}`,
  ];
  if (s.unparsed > 0) parts.push(`${plural(s.unparsed, 'line')} in no known format (matched as plain text)`);
  if (s.truncated > 0) parts.push(`${plural(s.truncated, 'line')} cut at the length limit`);
  if (s.errors.length > 0) parts.push(plural(s.errors.length, 'input error'));
  return parts.join(' · ');
}

function renderFinding(f: Finding, byKey: Map<string, Finding>, st: Style, width: number): string {
  const out: string[] = [];
  const sev = st.severity(f.severity, f.severity.toUpperCase().padEnd(8));
  const tag = f.causes.length > 0 && f.causedBy.length === 0 ? st.bold('  [root cause]') : '';
  out.push(`${sev} ${st.bold(f.id)} ×${f.count}  ${safe(f.title)}${tag}`);
  const field = (name: string, value: string) => out.push(`  ${st.dim(name.padEnd(10))} ${value}`);
  if (f.kinds.length > 0) field('kinds', f.kinds.map((k) => safe(kindLabel(k))).join(', '));
  if (f.objects.length > 0) {
    const shown = f.objects.slice(0, MAX_OBJECTS_SHOWN).map((o) => `${safe(objectLabel(o))} (${o.count})`);
    field('objects', shown.join(', ') + moreObjects(f.objects.length - shown.length, f.objectsOmitted));
  }
  if (f.firstSeen) field('seen', f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`);
  if (f.causedBy.length > 0) field('caused by', f.causedBy.map((k) => safe(k)).join(', '));
  if (f.causes.length > 0) field('causes', f.causes.map((k) => safe(k)).join(', '));
  out.push('');
  out.push(wrap(safe(f.diagnosis), width, '  '));
  if (f.causedBy.length === 0) {
    out.push('');
    out.push(`  ${st.bold('Why')}`);
    out.push(wrap(safe(f.explanation), width, '    '));
    out.push(`  ${st.bold('Likely causes')}`);
    f.likelyCauses.forEach((c, i) => out.push(wrap(safe(c), width, '       ').replace(/^ {7}/, `    ${i + 1}. `)));
    out.push(`  ${st.bold('Fix')}`);
    f.fixes.forEach((c, i) => out.push(wrap(safe(c), width, '       ').replace(/^ {7}/, `    ${i + 1}. `)));
  } else {
    const roots = f.causedBy.map((k) => byKey.get(k)?.id ?? k).join(', ');
    out.push(`  ${st.dim(`(fix the root cause first: ${roots}; this finding's own advice: kube-log-doctor explain ${f.id})`)}`);
  }
  if (f.evidence.length > 0) {
    out.push(`  ${st.bold('Evidence')}`);
    // The root cause already showed the lines; an effect needs only a reminder.
    for (const e of f.causedBy.length > 0 ? f.evidence.slice(0, 2) : f.evidence) {
      const text = e.text.length > MAX_EVIDENCE_CHARS ? `${e.text.slice(0, MAX_EVIDENCE_CHARS)}…` : e.text;
      const origin = evidenceOrigin(e);
      if (origin) out.push(`    ${st.bold(safe(origin))}`);
      out.push(`    ${st.accent(`${safe(e.source)}:${e.line}`)}  ${safe(text)}`);
    }
  }
  return out.join('\n');
}

export function renderText(report: Report, opts: TextOptions): string {
  const st = makeStyle(opts.color);
  const width = Math.max(60, Math.min(opts.width, 120));
  const out: string[] = [];
  out.push(st.bold(`kube-log-doctor: ${summaryLine(report)}`));
  for (const e of report.stats.errors) out.push(st.severity('warning', `  input error: ${safe(e)}`));
  if (report.findings.length === 0) {
    out.push('');
    out.push('No known error signature found.');
    return out.join('\n') + '\n';
  }
  const trees = chainTrees(report);
  if (trees.length > 0) {
    out.push('', st.bold('Root causes'));
    const label = (f: Finding) => `${st.severity(f.severity, f.id)} ×${f.count}  ${safe(f.title)}`;
    for (const t of trees) out.push(...treeLines(t, label).map((l) => `  ${l}`));
  }
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  for (const f of report.findings) {
    out.push('');
    out.push(renderFinding(f, byKey, st, width));
  }
  const omitted = omittedLines(report);
  if (omitted.length > 0) out.push('', st.bold('Not listed'), ...omitted.map((l) => `  ${safe(l)}`));
  return out.join('\n') + '\n';
}
