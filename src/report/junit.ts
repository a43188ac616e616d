/**
 * `-o junit`: JUnit XML as Jenkins (junit plugin) and GitLab (artifacts:reports:junit) read it.
 * One test case per signature family the library checks (and per family that fired), named after
 * the family; a family with a finding at or above the failure threshold fails, with the diagnosis,
 * fixes and evidence. Input problems are one more test case, `inputs`, that errors when nothing
 * was read. Log text is escaped for XML (characters XML 1.0 cannot hold are shown escaped, as are
 * terminal controls).
 */

import type { Finding, Report, Severity } from '../model/finding.js';
import { readNothing, severityRank } from '../model/finding.js';
import type { Catalog } from '../model/catalog.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { terminalSafe } from './terminal-safe.js';
import { describeFilterCounts, describeFilters } from '../model/filters.js';
import { findingSelector } from '../correlate/select.js';

/** Characters XML 1.0 cannot hold (C0 but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text made safe for an XML attribute or element: controls escaped visibly, then XML-escaped. */
export function xmlText(text: string): string {
  return terminalSafe(text, true)
    .replace(XML_INVALID, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

export interface JunitOptions {
  catalog?: Catalog;
  /** Findings at or above this severity fail their test case (default `warning`). */
  failAt?: Severity;
}

interface Case {
  family: string;
  findings: Finding[];
  /** False when --only/--exclude/--min-severity select none of the family's signatures: it was not checked. */
  selected: boolean;
}

function failureBody(findings: Finding[]): string {
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.severity.toUpperCase()} ${f.id} ×${f.count}: ${f.title}`);
    if (f.kinds.length) out.push(`kinds: ${f.kinds.map(kindLabel).join(', ')}`);
    if (f.objects.length) out.push(`objects: ${f.objects.map((o) => `${objectLabel(o)} (${o.count})`).join(', ')}`);
    if (f.firstSeen) out.push(`seen: ${f.firstSeen === f.lastSeen ? f.firstSeen : `${f.firstSeen} … ${f.lastSeen}`}`);
    if (f.causedBy.length) out.push(`caused by: ${f.causedBy.join(', ')}`);
    out.push('', f.diagnosis);
    if (f.causedBy.length === 0) {
      out.push('', 'Fix:');
      f.fixes.forEach((x, i) => out.push(`  ${i + 1}. ${x}`));
    }
    if (f.evidence.length) {
      out.push('', 'Evidence:');
      for (const e of f.evidence) out.push(`  ${e.source}:${e.line}  ${e.text}`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function renderJunit(report: Report, opts: JunitOptions = {}): string {
  const limit = severityRank(opts.failAt ?? 'warning');
  // Families in library order (signatures, then near-miss rules); families that fired but are not in the catalog after them.
  const cases = new Map<string, Case>();
  const f = report.filters;
  const selects = f && (f.minSeverity !== undefined || f.only?.length || f.exclude?.length) ? findingSelector(f) : null;
  for (const r of opts.catalog?.rules ?? []) {
    // A rule as the selection sees a finding of it: by id, family and severity.
    const selected = selects === null || selects({ id: r.id, family: r.family, severity: r.severity } as Finding);
    const c = cases.get(r.family);
    if (!c) cases.set(r.family, { family: r.family, findings: [], selected });
    else c.selected ||= selected;
  }
  for (const finding of report.findings) {
    let c = cases.get(finding.family);
    if (!c) cases.set(finding.family, (c = { family: finding.family, findings: [], selected: true }));
    c.findings.push(finding);
  }
  const s = report.stats;
  const rows: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const c of cases.values()) {
    const failing = c.findings.filter((x) => severityRank(x.severity) <= limit);
    const name = xmlText(c.family);
    if (!c.selected && c.findings.length === 0) {
      skipped++;
      rows.push(`    <testcase name="${name}" classname="kube-log-doctor.signatures">\n      <skipped message="not selected by --only, --exclude or --min-severity"/>\n    </testcase>`);
      continue;
    }
    if (failing.length === 0) {
      const noted = c.findings.length
        ? `\n      <system-out>${xmlText(c.findings.map((x) => `${x.severity.toUpperCase()} ${x.id} ×${x.count}: ${x.title}`).join('\n'))}</system-out>\n    `
        : '';
      rows.push(`    <testcase name="${name}" classname="kube-log-doctor.signatures">${noted}</testcase>`);
      continue;
    }
    failures++;
    const worst = failing.reduce((a, b) => (severityRank(b.severity) < severityRank(a.severity) ? b : a));
    const count = failing.reduce((n, x) => n + x.count, 0);
    const message = `${failing.length} ${failing.length === 1 ? 'finding' : 'findings'} (×${count}): ${worst.title}`;
    rows.push(
      `    <testcase name="${name}" classname="kube-log-doctor.signatures">\n` +
        `      <failure message="${xmlText(message)}" type="${worst.severity}">${xmlText(failureBody(failing))}</failure>\n` +
        `    </testcase>`,
    );
  }
  // Inputs: an error when nothing was read (no verdict is possible), the input errors as output.
  const nothing = readNothing(report);
  const inputErrors = s.errors.length ? `\n      <system-err>${xmlText(s.errors.join('\n'))}</system-err>` : '';
  const inputError = nothing ? `\n      <error message="no log line was read" type="no-input">${xmlText((s.inputs?.notRead ?? []).map((n) => `${n.source ? `${n.source}: ` : ''}${n.reason}`).join('\n'))}</error>` : '';
  rows.push(`    <testcase name="inputs" classname="kube-log-doctor.inputs">${inputError}${inputErrors}${inputError || inputErrors ? '\n    ' : ''}</testcase>`);
  const errors = nothing ? 1 : 0;
  const tests = cases.size + 1;
  const props: [string, string][] = [
    ['lines', String(s.lines)],
    ['sources', String(s.sources)],
    ['findings', String(report.findings.length + (report.omitted?.findings ?? 0))],
  ];
  if (report.filters) {
    const counts = describeFilterCounts(report.filters);
    props.push(['filters', [...describeFilters(report.filters), ...(counts ? [counts] : [])].join(' · ')]);
  }
  const totals = `name="kube-log-doctor" tests="${tests}" failures="${failures}" errors="${errors}"`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites ${totals}>\n` +
    `  <testsuite ${totals} skipped="${skipped}" hostname="localhost" id="0" package="kube-log-doctor" timestamp="${new Date().toISOString().slice(0, 19)}">\n` +
    `    <properties>\n${props.map(([k, v]) => `      <property name="${k}" value="${xmlText(v)}"/>`).join('\n')}\n    </properties>\n` +
    rows.join('\n') +
    `\n  </testsuite>\n</testsuites>\n`
  );
}
