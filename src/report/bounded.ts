/**
 * A report cut to a size an agent can take in (the MCP server's `diagnose`): the first findings of
 * the story order, a few evidence lines each with their text shortened, and the JSON under a byte
 * budget; everything left out is counted in `leftOut`, so a reader knows the report is partial.
 */

import type { Finding, Report } from '../model/finding.js';

export interface ReportLimits {
  /** Findings listed, the first of the story order (default 50). */
  maxFindings?: number;
  /** Evidence lines per finding (default 3). */
  maxEvidence?: number;
  /** Characters of one evidence line (default 500). */
  maxEvidenceChars?: number;
  /** Kinds listed (default 50). */
  maxKinds?: number;
  /** Input errors listed (default 20). */
  maxErrors?: number;
  /** Bytes of the whole JSON (default 100,000): findings are dropped from the end until it fits. */
  maxBytes?: number;
}

export interface LeftOut {
  findings: number;
  /** Occurrences of the findings left out. */
  count: number;
  evidence: number;
  /** Evidence lines shortened. */
  evidenceCut: number;
  kinds: number;
  errors: number;
  sources: number;
}

export type BoundedReport = Report & { leftOut?: LeftOut };

function cutFinding(f: Finding, maxEvidence: number, maxChars: number, left: LeftOut): Finding {
  left.evidence += Math.max(0, f.evidence.length - maxEvidence);
  const evidence = f.evidence.slice(0, maxEvidence).map((e) => {
    if (e.text.length <= maxChars) return e;
    left.evidenceCut++;
    return { ...e, text: `${e.text.slice(0, maxChars)}…` };
  });
  return { ...f, evidence };
}

export function boundReport(report: Report, limits: ReportLimits = {}): BoundedReport {
  const maxFindings = limits.maxFindings ?? 50;
  const maxBytes = limits.maxBytes ?? 100_000;
  const left: LeftOut = { findings: 0, count: 0, evidence: 0, evidenceCut: 0, kinds: 0, errors: 0, sources: 0 };
  let findings = report.findings.slice(0, maxFindings).map((f) => cutFinding(f, limits.maxEvidence ?? 3, limits.maxEvidenceChars ?? 500, left));
  const maxKinds = limits.maxKinds ?? 50;
  const maxErrors = limits.maxErrors ?? 20;
  left.kinds = Math.max(0, report.kinds.length - maxKinds);
  left.errors = Math.max(0, report.stats.errors.length - maxErrors);
  left.sources = report.sources?.length ?? 0;
  // The per-source list and the HTML report's time data are not sent.
  const { sources: _sources, detail: _detail, ...rest } = report;
  const build = (): BoundedReport => {
    const listed = new Set(findings.map((f) => f.key));
    const dropped = report.findings.filter((f) => !listed.has(f.key));
    left.findings = dropped.length;
    left.count = dropped.reduce((n, f) => n + f.count, 0);
    const keep = (keys: string[]) => keys.filter((k) => listed.has(k));
    const out: BoundedReport = {
      ...rest,
      stats: { ...report.stats, errors: report.stats.errors.slice(0, maxErrors) },
      findings: findings.map((f) => ({ ...f, causes: keep(f.causes), causedBy: keep(f.causedBy) })),
      kinds: report.kinds.slice(0, maxKinds).map((k) => ({ ...k, findings: keep(k.findings) })),
    };
    const any = left.findings + left.evidence + left.evidenceCut + left.kinds + left.errors + left.sources > 0;
    return any ? { ...out, leftOut: { ...left } } : out;
  };
  let out = build();
  // Dropping findings from the end (the least important of the story order) until the JSON fits.
  while (findings.length > 0 && Buffer.byteLength(JSON.stringify(out)) > maxBytes) {
    findings = findings.slice(0, Math.max(0, Math.floor(findings.length * 0.8)));
    out = build();
  }
  return out;
}
