/**
 * `--baseline OLD.json`: a report compared with an earlier `-o json` report of the same kind of
 * input. Each finding (by key) and each unrecognised-error group (by id) is marked `new` (not in
 * the baseline), `grown` (its count more than doubled) or `known`; what the baseline had and this
 * run has not is listed as resolved. With a baseline, `--fail-on` counts new and grown findings only.
 */

import { readSideFile, SideFileError } from '../side-file.js';
import { InputError } from '../errors.js';
import type { BaselineMark, Report } from '../model/finding.js';

/** Largest baseline report read (a report lists at most 5,000 findings and 1,000 groups). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;
/** Resolved items listed, of each sort. */
const MAX_RESOLVED = 100;

export interface Baseline {
  findings: Map<string, { id: string; title: string; count: number }>;
  unknown: Map<string, { template: string; count: number }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads an earlier JSON report; a file that is not one is an input error naming it (exit 2). */
export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readSideFile(path, MAX_BASELINE_BYTES).toString('utf8');
  } catch (err) {
    throw new InputError(path, err instanceof SideFileError ? err.message : String(err));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(path, `not a kube-log-doctor JSON report (${(err as Error).message})`);
  }
  if (!isObject(data) || data['version'] !== 1 || !Array.isArray(data['findings'])) {
    throw new InputError(path, 'not a kube-log-doctor JSON report (expected "version": 1 and a "findings" array; write one with -o json)');
  }
  const findings = new Map<string, { id: string; title: string; count: number }>();
  for (const [i, f] of (data['findings'] as unknown[]).entries()) {
    if (!isObject(f) || typeof f['key'] !== 'string' || typeof f['count'] !== 'number') throw new InputError(path, `findings[${i}] has no string "key" and number "count"`);
    findings.set(f['key'], { id: typeof f['id'] === 'string' ? f['id'] : f['key'], title: typeof f['title'] === 'string' ? f['title'] : '', count: f['count'] });
  }
  const unknown = new Map<string, { template: string; count: number }>();
  const groups = data['unknown'];
  if (groups !== undefined && !Array.isArray(groups)) throw new InputError(path, '"unknown" is not an array');
  for (const [i, g] of ((groups as unknown[] | undefined) ?? []).entries()) {
    if (!isObject(g) || typeof g['id'] !== 'string' || typeof g['count'] !== 'number') throw new InputError(path, `unknown[${i}] has no string "id" and number "count"`);
    unknown.set(g['id'], { template: typeof g['template'] === 'string' ? g['template'] : '', count: g['count'] });
  }
  return { findings, unknown };
}

function mark(count: number, before: { count: number } | undefined): BaselineMark {
  if (!before) return 'new';
  return count > 2 * before.count ? 'grown' : 'known';
}

/** Marks the report's findings and groups against the baseline, and lists what was resolved. */
export function applyBaseline(report: Report, baseline: Baseline, file: string): void {
  for (const f of report.findings) f.baseline = mark(f.count, baseline.findings.get(f.key));
  for (const g of report.unknown ?? []) g.baseline = mark(g.count, baseline.unknown.get(g.id));
  const keys = new Set(report.findings.map((f) => f.key));
  const ids = new Set((report.unknown ?? []).map((g) => g.id));
  const resolvedFindings = [...baseline.findings].filter(([k]) => !keys.has(k)).map(([key, f]) => ({ key, id: f.id, title: f.title, count: f.count }));
  // A group left out of this report's list (more than 1,000 groups) may still occur: only a full list resolves.
  const resolvedUnknown = report.unknownOmitted ? [] : [...baseline.unknown].filter(([id]) => !ids.has(id)).map(([id, g]) => ({ id, template: g.template, count: g.count }));
  report.baseline = {
    file,
    counts: {
      new: report.findings.filter((f) => f.baseline === 'new').length,
      grown: report.findings.filter((f) => f.baseline === 'grown').length,
      known: report.findings.filter((f) => f.baseline === 'known').length,
      resolved: resolvedFindings.length,
    },
    resolved: { findings: resolvedFindings.slice(0, MAX_RESOLVED), unknown: resolvedUnknown.slice(0, MAX_RESOLVED) },
  };
}

/** The tag a text or markdown report puts after a finding or group: `[new]`, `[grown ×N]`, or nothing when known. */
export function baselineTag(m: BaselineMark | undefined): string {
  return m === 'new' ? '[new]' : m === 'grown' ? '[grown]' : '';
}

/** The lines a text or markdown report adds for a baseline: a summary, then what was resolved. */
export function baselineLines(report: Report): string[] {
  const b = report.baseline;
  if (!b) return [];
  const c = b.counts;
  const out = [`Compared with ${b.file}: ${c.new} new, ${c.grown} grown, ${c.known} known, ${c.resolved} resolved finding${c.resolved === 1 ? '' : 's'}.`];
  for (const f of b.resolved.findings) out.push(`resolved: ${f.id} ×${f.count} (${f.key})`);
  for (const g of b.resolved.unknown) out.push(`resolved: unrecognised ${g.id} ×${g.count} ${g.template}`);
  return out;
}
