/** `-o text` (default): the diagnosis for a terminal, root causes first within each severity. */

import { describeFilterCounts, describeFilters } from '../model/filters.js';
import { evidenceOrigin } from './evidence-origin.js';
import { readNothing, type Finding, type Report } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { makeStyle, type Style } from './style.js';
import { chainTrees, treeLines } from './chain-tree.js';
import { fixParts, logLiterals, richParts, type Part } from './rich-text.js';
import { baselineLines, baselineTag } from './baseline.js';
import { ignoreLines } from './ignore.js';
import { clipExample, groupFields, NEW_SIGNATURE_HINT, noSignatureButErrors, UNKNOWN_SHOWN, unknownTotalLine } from './unknown.js';

export interface TextOptions {
  color: boolean;
  /** Wrap width for prose (see `reportWidth`); commands are never wrapped. */
  width: number;
}

/** The narrowest width prose is wrapped at, however narrow the terminal says it is. */
export const MIN_WIDTH = 40;

const MAX_EVIDENCE_CHARS = 400;
const MAX_OBJECTS_SHOWN = 5;

/** Greedy word wrap with a hanging indent. */
export function wrap(text: string, width: number, indent: string, first = indent): string {
  return wrapParts([{ kind: 'text', text }], width, indent, first);
}

/**
 * Word wrap of text with code parts. A code part is never broken; a shell command that does not
 * fit on the current line gets a line of its own, two columns deeper and unwrapped (whatever its
 * length), so it can be copied whole. The first line starts with `first` (a list number), the
 * others with `indent`. All text must be terminal-safe already.
 */
export function wrapParts(parts: readonly Part[], width: number, indent: string, first = indent): string {
  const lines: string[] = [];
  let line = '';
  let space = false;
  const prefix = () => (lines.length === 0 ? first : indent);
  const flush = () => {
    if (line) lines.push(prefix() + line);
    line = '';
  };
  const add = (word: string) => {
    if (!line) line = word;
    else if (!space) line += word;
    else if (prefix().length + line.length + 1 + word.length > width) {
      flush();
      line = word;
    } else line = `${line} ${word}`;
    space = false;
  };
  let afterCommand = false;
  for (const p of parts) {
    if (p.kind === 'code') {
      const word = `\`${p.text}\``;
      if (p.command && prefix().length + (line ? line.length + 1 : 0) + word.length > width) {
        flush();
        lines.push(`${lines.length === 0 ? first : `${indent}  `}${p.text}`);
        afterCommand = true;
        space = true;
        continue;
      }
      add(word);
      afterCommand = false;
      continue;
    }
    for (const piece of p.text.split(/(\s+)/)) {
      if (piece === '') continue;
      if (/^\s+$/.test(piece)) {
        space = true;
        continue;
      }
      // Punctuation after a command on its own line would stand alone on the next: drop it.
      if (!(afterCommand && /^[.,;]$/.test(piece))) add(piece);
      afterCommand = false;
    }
  }
  flush();
  return lines.join('\n');
}

export function plural(n: number, one: string, many = `${one}s`): string {
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

/** The filters of a report and what they left out, as one line (without a label), or null without filters. */
export function filtersLine(report: Report): string | null {
  const f = report.filters;
  if (!f) return null;
  const counts = describeFilterCounts(f);
  return [...describeFilters(f), ...(counts ? [counts] : [])].join(' · ');
}

/** The text report's filters line under the summary (none without filters). */
export function filtersText(report: Report, width: number): string[] {
  const filters = filtersLine(report);
  return filters === null ? [] : [wrapParts([{ kind: 'text', text: safe(filters) }], width, '           ', 'filters    ')];
}

/** Rejected kinds named in the one line that reports them. */
const REJECTED_NAMED = 3;

/**
 * The one line saying which registered kinds were refused for invalid names (they are never
 * used for the kind check or in commands), or null when none were. Raw: escape it for the output.
 */
export function rejectedKindsLine(report: Report): string | null {
  const r = report.stats.rejectedKinds;
  if (!r || r.count === 0) return null;
  const named = r.kinds.slice(0, REJECTED_NAMED).map((k) => `${k.source}: ${k.reason}`);
  const more = r.count - named.length;
  const head = r.count === 1 ? '1 registered kind was rejected as an invalid name' : `${r.count.toLocaleString('en-US')} registered kinds were rejected as invalid names`;
  return `${head}: ${named.join('; ')}${more > 0 ? `; and ${more.toLocaleString('en-US')} more` : ''}`;
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

/** Where a near miss's registered kind came from, for text and markdown. */
export function registeredFromLabel(r: NonNullable<Finding['registeredFrom']>): string {
  const what = { cluster: 'from your cluster (file)', 'built-in': 'Kubernetes built-in', catalog: 'bundled catalog of well-known kinds', log: 'named so by the logs' }[r.source];
  return `${what}: ${r.detail}`;
}

function renderFinding(f: Finding, byKey: Map<string, Finding>, st: Style, width: number): string {
  const out: string[] = [];
  const sev = st.severity(f.severity, f.severity.toUpperCase().padEnd(8));
  const tag = f.causes.length > 0 && f.causedBy.length === 0 ? st.bold('  [root cause]') : '';
  const mark = baselineTag(f.baseline);
  out.push(`${sev} ${st.bold(f.id)} ×${f.count}  ${safe(f.title)}${tag}${mark ? `  ${st.bold(mark)}` : ''}`);
  const field = (name: string, value: string) => out.push(`  ${st.dim(name.padEnd(10))} ${value}`);
  if (f.kinds.length > 0) field('kinds', f.kinds.map((k) => safe(kindLabel(k))).join(', '));
  if (f.registeredFrom) field('registered', safe(registeredFromLabel(f.registeredFrom)));
  if (f.objects.length > 0) {
    const shown = f.objects.slice(0, MAX_OBJECTS_SHOWN).map((o) => `${safe(objectLabel(o))} (${o.count})`);
    field('objects', shown.join(', ') + moreObjects(f.objects.length - shown.length, f.objectsOmitted));
  }
  if (f.firstSeen) field('seen', f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`);
  if (f.causedBy.length > 0) field('caused by', f.causedBy.map((k) => safe(k)).join(', '));
  if (f.causes.length > 0) field('causes', f.causes.map((k) => safe(k)).join(', '));
  const literals = logLiterals(f).map((l) => safe(l));
  const rich = (s: string) => richParts(safe(s), literals);
  out.push('');
  out.push(wrapParts(rich(f.diagnosis), width, '  '));
  if (f.causedBy.length === 0) {
    out.push('');
    out.push(`  ${st.bold('Why')}`);
    out.push(wrapParts(rich(f.explanation), width, '    '));
    out.push(`  ${st.bold('Likely causes')}`);
    f.likelyCauses.forEach((c, i) => out.push(wrapParts(rich(c), width, '       ', `    ${i + 1}. `.padEnd(7))));
    out.push(`  ${st.bold('Fix')}`);
    f.fixes.forEach((c, i) => out.push(wrapParts(fixParts(safe(c), literals), width, '       ', `    ${i + 1}. `.padEnd(7))));
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

/**
 * What a report without findings says: that no signature matched — or, when no log line was read
 * at all, that nothing was read, with each input and why (never a healthy-looking report).
 */
export function nothingFound(report: Report): string[] {
  if (!readNothing(report)) return [noSignatureButErrors(report) ?? (report.filters ? 'No known error signature found within the filters.' : 'No known error signature found.')];
  const lines = ['No log line was read, so nothing can be said about the cluster:'];
  for (const n of report.stats.inputs?.notRead ?? []) lines.push(`  ${n.source ? `${n.source}: ` : ''}${n.reason}`);
  return lines;
}

/** The "Unrecognised errors" section: the largest groups, each with its template, fields and examples, then the total. */
export function unknownSection(report: Report, st: Style): string[] {
  const total = unknownTotalLine(report);
  if (total === null) return [];
  const out: string[] = ['', st.bold('Unrecognised errors') + st.dim('  (error lines no signature knows, grouped by message)')];
  for (const g of (report.unknown ?? []).slice(0, UNKNOWN_SHOWN)) {
    out.push('');
    const mark = baselineTag(g.baseline);
    out.push(`  ${st.bold(`×${g.count.toLocaleString('en-US')}`)}  ${st.accent(g.id)}${mark ? `  ${st.bold(mark)}` : ''}  ${safe(g.template)}`);
    for (const [name, value] of groupFields(g)) out.push(`    ${st.dim(name.padEnd(8))} ${safe(value)}`);
    for (const e of g.examples) out.push(`    ${st.accent(`${safe(e.source)}:${e.line}`)}  ${safe(clipExample(e.text))}`);
  }
  out.push('', `  ${safe(total)}`, `  ${st.dim(NEW_SIGNATURE_HINT)}`);
  return out;
}

export function renderText(report: Report, opts: TextOptions): string {
  const st = makeStyle(opts.color);
  const width = Math.max(MIN_WIDTH, opts.width);
  const out: string[] = [];
  out.push(st.bold(`kube-log-doctor: ${summaryLine(report)}`));
  out.push(...filtersText(report, width));
  for (const e of report.stats.errors) out.push(st.severity('warning', `  input error: ${safe(e)}`));
  const compared = baselineLines(report);
  if (compared.length > 0) out.push('', st.bold(safe(compared[0]!)), ...compared.slice(1).map((l) => `  ${safe(l)}`));
  const ignoring = ignoreLines(report);
  if (ignoring.length > 0) out.push('', ...ignoring.map((l) => st.dim(safe(l))));
  const rejected = rejectedKindsLine(report);
  if (rejected) out.push(st.severity('warning', `  ${safe(rejected)}`));
  if (report.findings.length === 0) {
    out.push('');
    out.push(...nothingFound(report).map((l) => safe(l)));
    out.push(...unknownSection(report, st));
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
  out.push(...unknownSection(report, st));
  return out.join('\n') + '\n';
}
