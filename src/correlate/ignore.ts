/**
 * Ignore rules (library/config.ts) applied to a finished report: findings and unrecognised-error
 * groups a rule selects are left out — of the report and so of `--fail-on` — and counted in
 * `stats.ignored`; with `--show-ignored` they are listed with the rule's reason. A rule past its
 * `until` date no longer applies, and the report says so.
 */

import type { Finding, Report, UnknownGroup } from '../model/finding.js';
import type { Config, IgnoreRule } from '../library/config.js';
import { regexRunner, re2Source } from '../library/regex-engine.js';
import { kindLabel, objectLabel } from './aggregate.js';

const kindMatches = (rule: string, kinds: readonly { group: string | null; version: string | null; kind: string | null; resource: string | null }[]): boolean =>
  kinds.some((k) => k.kind === rule || k.resource === rule || kindLabel(k) === rule);

const objectMatches = (rule: string, objects: readonly { namespace: string | null; name: string; kind: string | null }[]): boolean =>
  objects.some((o) => objectLabel(o) === rule || o.name === rule);

function compiled(rule: IgnoreRule): ((text: string) => boolean) | null {
  if (rule.message === undefined) return null;
  const runner = regexRunner(new RegExp(re2Source(rule.message) === null ? '(?!)' : rule.message), 're2');
  return (text) => runner.exec(text) !== null;
}

function selectsFinding(rule: IgnoreRule, f: Finding, message: ((t: string) => boolean) | null): boolean {
  if (rule.unknown !== undefined) return false;
  if (rule.finding !== undefined && rule.finding !== f.id) return false;
  if (rule.family !== undefined && rule.family !== f.family) return false;
  if (rule.kind !== undefined && !kindMatches(rule.kind, f.kinds)) return false;
  if (rule.namespace !== undefined && !f.objects.some((o) => o.namespace === rule.namespace) && !f.evidence.some((e) => e.namespace === rule.namespace)) return false;
  if (rule.object !== undefined && !objectMatches(rule.object, f.objects)) return false;
  if (message && !f.evidence.some((e) => message(e.text))) return false;
  return true;
}

function selectsGroup(rule: IgnoreRule, g: UnknownGroup, message: ((t: string) => boolean) | null): boolean {
  if (rule.finding !== undefined || rule.family !== undefined) return false;
  if (rule.unknown !== undefined && rule.unknown !== g.id) return false;
  if (rule.kind !== undefined && !kindMatches(rule.kind, g.kinds)) return false;
  if (rule.namespace !== undefined && !g.objects.some((o) => o.namespace === rule.namespace)) return false;
  if (rule.object !== undefined && !objectMatches(rule.object, g.objects)) return false;
  if (message && !message(g.template) && !g.examples.some((e) => message(e.text))) return false;
  return true;
}

/** Today as YYYY-MM-DD (UTC). */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function applyIgnore(report: Report, config: Config, options: { show: boolean; day?: string }): void {
  const day = options.day ?? today();
  const active: { rule: IgnoreRule; index: number; message: ((t: string) => boolean) | null }[] = [];
  const expired: { rule: number; reason: string; until: string }[] = [];
  config.ignore.forEach((rule, index) => {
    if (rule.until !== undefined && rule.until < day) expired.push({ rule: index, reason: rule.reason, until: rule.until });
    else active.push({ rule, index, message: compiled(rule) });
  });
  const listed: NonNullable<Report['ignored']> = [];
  const dropped = new Set<string>();
  let count = 0;
  report.findings = report.findings.filter((f) => {
    const hit = active.find((a) => selectsFinding(a.rule, f, a.message));
    if (!hit) return true;
    dropped.add(f.key);
    count += f.count;
    listed.push({ type: 'finding', id: f.id, key: f.key, count: f.count, rule: hit.index, reason: hit.rule.reason });
    return false;
  });
  // Links to what was left out go too.
  for (const f of report.findings) {
    if (f.causes.some((k) => dropped.has(k))) f.causes = f.causes.filter((k) => !dropped.has(k));
    if (f.causedBy.some((k) => dropped.has(k))) f.causedBy = f.causedBy.filter((k) => !dropped.has(k));
  }
  let groups = 0;
  let lines = 0;
  if (report.unknown) {
    report.unknown = report.unknown.filter((g) => {
      const hit = active.find((a) => selectsGroup(a.rule, g, a.message));
      if (!hit) return true;
      groups++;
      lines += g.count;
      listed.push({ type: 'unknown', id: g.id, key: g.id, count: g.count, rule: hit.index, reason: hit.rule.reason });
      return false;
    });
  }
  report.stats.ignored = { findings: dropped.size, count, unknownGroups: groups, unknownLines: lines, file: config.file };
  if (expired.length > 0) report.ignoreExpired = expired;
  if (options.show) report.ignored = listed;
}

