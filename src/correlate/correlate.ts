/**
 * Findings × kind registry → the final picture: kinds resolved against what the cluster serves,
 * near-miss findings for kinds that are almost right (linked as the root cause of the findings
 * that named them), the per-kind summary, and the report order.
 */

import type { Finding, KindRef, KindSummary } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import { kindKey } from './gvk.js';
import { kindLabel } from './aggregate.js';
import { findNearMiss } from './near-miss.js';
import type { KindRegistry } from './registry.js';

/** Fills the plural resource (or kind) of a kind ref from the registry when it is known there. */
function resolve(k: KindRef, registry: KindRegistry): KindRef {
  if (k.group === null) return k;
  if (k.kind && k.resource === null) {
    const reg = registry.find(k.group, k.kind);
    if (reg) return { ...k, resource: reg.plural };
  } else if (!k.kind && k.resource) {
    const reg = registry.findByResource(k.group, k.resource);
    if (reg) return { ...k, kind: reg.kind };
  }
  return k;
}

export interface Correlated {
  findings: Finding[];
  kinds: KindSummary[];
}

export function correlate(input: Finding[], registry: KindRegistry): Correlated {
  const findings = input.map((f) => ({ ...f, kinds: f.kinds.map((k) => resolve(k, registry)) }));
  const problems = new Map<string, Set<string>>();
  const derived = new Map<string, Finding>();

  for (const f of findings) {
    for (const k of f.kinds) {
      const miss = findNearMiss(k, registry);
      if (!miss) continue;
      (problems.get(kindKey(k)) ?? problems.set(kindKey(k), new Set()).get(kindKey(k))!).add(miss.problem);
      const key = `${miss.rule}:${kindLabel(k)}`;
      let d = derived.get(key);
      if (!d) {
        d = {
          id: miss.rule,
          key,
          title: miss.title,
          severity: miss.severity,
          count: 0,
          firstSeen: null,
          lastSeen: null,
          kinds: [k, { group: miss.registered.group, version: k.version, kind: miss.registered.kind, resource: miss.registered.plural }],
          objects: [],
          objectsOmitted: 0,
          diagnosis: miss.diagnosis,
          explanation: miss.explanation,
          causes: miss.causes,
          fixes: miss.fixes,
          evidence: [],
          impact: null,
          explains: [],
          causedBy: [],
        };
        derived.set(key, d);
      }
      d.count += f.count;
      if (f.firstSeen && (!d.firstSeen || f.firstSeen < d.firstSeen)) d.firstSeen = f.firstSeen;
      if (f.lastSeen && (!d.lastSeen || f.lastSeen > d.lastSeen)) d.lastSeen = f.lastSeen;
      d.objects.push(...f.objects);
      d.objectsOmitted += f.objectsOmitted;
      if (d.evidence.length < 3) d.evidence.push(...f.evidence.slice(0, 3 - d.evidence.length));
      d.explains.push(f.key);
      f.causedBy.push(key);
    }
  }

  // Say in the root cause what it led to, in the words of the findings it explains.
  for (const d of derived.values()) {
    const effects = d.explains
      .map((key) => findings.find((f) => f.key === key))
      .filter((f): f is Finding => f !== undefined)
      .map((f) => f.impact ?? f.title.charAt(0).toLowerCase() + f.title.slice(1));
    const unique = [...new Set(effects)];
    if (unique.length > 0) d.diagnosis += ` As a result, ${unique.join('; ')}.`.replace(/\.\.$/, '.');
  }

  const all = [...findings, ...derived.values()].sort(compareFindings);
  return { findings: all, kinds: summarizeKinds(all, problems) };
}

/** Severity first, then count; among equals, root causes before what they explain. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    b.count - a.count ||
    b.explains.length - a.explains.length ||
    a.causedBy.length - b.causedBy.length ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function summarizeKinds(findings: Finding[], problems: Map<string, Set<string>>): KindSummary[] {
  const byKey = new Map<string, KindSummary>();
  for (const f of findings) {
    // A near-miss finding lists the registered kind too; it is not a troubled kind itself.
    const kinds = f.explains.length > 0 ? f.kinds.slice(0, 1) : f.kinds;
    for (const k of kinds) {
      const key = kindKey(k);
      let s = byKey.get(key);
      if (!s) {
        s = { ...k, count: 0, findings: [], problems: [...(problems.get(key) ?? [])] };
        byKey.set(key, s);
      }
      if (f.explains.length === 0) s.count += f.count;
      if (!s.findings.includes(f.key)) s.findings.push(f.key);
    }
  }
  return [...byKey.values()].sort(
    (a, b) => b.problems.length - a.problems.length || b.count - a.count || (kindKey(a) < kindKey(b) ? -1 : 1),
  );
}
