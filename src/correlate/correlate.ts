/**
 * Findings × kind registry → the final picture: kinds resolved against what the cluster serves,
 * near-miss findings for kinds that are almost right, causal links between findings (chain
 * rules), the per-kind summary, and the report order.
 */

import type { Finding, KindRef, KindSummary, ObjectCount } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import { kindKey } from './gvk.js';
import { kindLabel } from './aggregate.js';
import { mergeKinds } from './extract-kinds.js';
import { findNearMiss, type NearMiss } from './near-miss.js';
import { chainRuleFor, type LinkContext } from './chains.js';
import type { KindRegistry } from './registry.js';

/** Fills what the registry knows: the plural of a kind, the kind of a resource, the group of a Go type. */
export function resolveKind(k: KindRef, registry: KindRegistry): KindRef {
  if (k.group === null) {
    if (!k.kind) return k;
    const regs = registry.findKind(k.kind);
    // A Go type name carries no group; resolve it only when exactly one group has the kind.
    const only = regs.length === 1 ? regs[0] : regs.find((r) => r.group === '' && r.source === 'built-in');
    return only ? { ...k, group: only.group, resource: k.resource ?? only.plural } : k;
  }
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

/** The family of every finding that comes from comparing the logs with the registry. */
export const NEAR_MISS_FAMILY = 'kind-near-miss';

function nearMissFinding(miss: NearMiss, key: string): Finding {
  return {
    id: miss.rule,
    family: NEAR_MISS_FAMILY,
    origin: 'registry',
    key,
    title: miss.title,
    severity: miss.severity,
    count: 0,
    firstSeen: null,
    lastSeen: null,
    kinds: [miss.seen, miss.registered],
    objects: [],
    objectsOmitted: 0,
    diagnosis: miss.diagnosis,
    explanation: miss.explanation,
    likelyCauses: miss.causes,
    fixes: [`Edit: ${miss.edit}.`, ...miss.fixes],
    evidence: [],
    captures: {},
    impact: null,
    causes: [],
    causedBy: [],
  };
}

function mergeObjects(into: ObjectCount[], more: ObjectCount[]): void {
  for (const o of more) {
    const same = into.find((x) => x.name === o.name && x.namespace === o.namespace && x.kind === o.kind);
    if (same) same.count += o.count;
    else into.push({ ...o });
  }
}

/** Creates one finding per near-miss (seen kind → registered kind), fed by the findings that named it. */
function nearMisses(findings: Finding[], registry: KindRegistry, problems: Map<string, Set<string>>): Finding[] {
  const derived = new Map<string, Finding>();
  for (const f of findings) {
    for (const k of f.kinds) {
      const miss = findNearMiss(k, registry);
      if (!miss) continue;
      const pk = kindKey(k);
      (problems.get(pk) ?? problems.set(pk, new Set()).get(pk)!).add(miss.problem);
      const key = `${miss.rule}:${kindLabel(k)}`;
      let d = derived.get(key);
      if (!d) derived.set(key, (d = nearMissFinding(miss, key)));
      d.count += f.count;
      if (f.firstSeen && (!d.firstSeen || f.firstSeen < d.firstSeen)) d.firstSeen = f.firstSeen;
      if (f.lastSeen && (!d.lastSeen || f.lastSeen > d.lastSeen)) d.lastSeen = f.lastSeen;
      mergeObjects(d.objects, f.objects);
      d.objectsOmitted += f.objectsOmitted;
      if (d.evidence.length < 3) d.evidence.push(...f.evidence.slice(0, 3 - d.evidence.length));
    }
  }
  return [...derived.values()];
}

/** Whether `to` is reachable from `from` along causes links. */
function reaches(from: Finding, to: Finding, byKey: Map<string, Finding>): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (f.key === to.key) return true;
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    for (const k of f.causes) stack.push(byKey.get(k)!);
  }
  return false;
}

/**
 * Links causes to effects by the chain rules, never closing a cycle, then drops each link that
 * a longer path already implies (TLS → webhook → reconcile needs no TLS → reconcile link).
 */
function linkChains(findings: Finding[], ctx: LinkContext): void {
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const ordered = [...findings].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const cause of ordered) {
    for (const effect of ordered) {
      if (!chainRuleFor(cause, effect, ctx)) continue;
      if (reaches(effect, cause, byKey)) continue;
      cause.causes.push(effect.key);
      effect.causedBy.push(cause.key);
    }
  }
  for (const cause of ordered) {
    const implied = cause.causes.filter((k) =>
      cause.causes.some((via) => via !== k && reaches(byKey.get(via)!, byKey.get(k)!, byKey)),
    );
    for (const k of implied) {
      cause.causes = cause.causes.filter((x) => x !== k);
      const effect = byKey.get(k)!;
      effect.causedBy = effect.causedBy.filter((x) => x !== cause.key);
    }
  }
}

/** Adds, to a root cause's diagnosis, what it led to in the words of the findings it causes. */
function describeEffects(f: Finding, byKey: Map<string, Finding>): void {
  if (f.origin !== 'registry') return;
  const effects = [...new Set(f.causes.map((k) => byKey.get(k)!).map((e) => e.impact ?? e.title.charAt(0).toLowerCase() + e.title.slice(1)))];
  if (effects.length > 0) f.diagnosis += ` As a result, ${effects.join('; ')}.`;
}

export function correlate(input: Finding[], registry: KindRegistry, sameLine: Map<string, Set<string>> = new Map()): Correlated {
  const findings = input.map((f) => ({
    ...f,
    kinds: mergeKinds(f.kinds.map((k) => resolveKind(k, registry))),
    causes: [...f.causes],
    causedBy: [...f.causedBy],
  }));
  const problems = new Map<string, Set<string>>();
  const all = [...findings, ...nearMisses(findings, registry, problems)];
  linkChains(all, { sameLine });
  const byKey = new Map(all.map((f) => [f.key, f]));
  for (const f of all) describeEffects(f, byKey);
  return { findings: orderFindings(all), kinds: summarizeKinds(all, problems) };
}

/**
 * Report order tells the story: findings that nothing explains come first, ranked by the worst
 * severity in their chain (so a root cause ranks with what it breaks), root causes before
 * stand-alone findings, then by severity and count; each is followed by what it causes.
 */
export function orderFindings(findings: Finding[]): Finding[] {
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const chainRank = new Map<string, number>();
  const rankOf = (f: Finding, seen: Set<string>): number => {
    const cached = chainRank.get(f.key);
    if (cached !== undefined) return cached;
    seen.add(f.key);
    let r = severityRank(f.severity);
    for (const k of f.causes) if (!seen.has(k)) r = Math.min(r, rankOf(byKey.get(k)!, seen));
    chainRank.set(f.key, r);
    return r;
  };
  for (const f of findings) rankOf(f, new Set());
  const compare = (a: Finding, b: Finding): number =>
    chainRank.get(a.key)! - chainRank.get(b.key)! ||
    Number(b.causes.length > 0) - Number(a.causes.length > 0) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    b.count - a.count ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const out: Finding[] = [];
  const emitted = new Set<string>();
  const emit = (f: Finding): void => {
    if (emitted.has(f.key)) return;
    emitted.add(f.key);
    out.push(f);
    for (const child of f.causes.map((k) => byKey.get(k)!).sort(compare)) emit(child);
  };
  for (const f of findings.filter((x) => x.causedBy.length === 0).sort(compare)) emit(f);
  // Findings only reachable through a cycle guard (none by construction) still appear.
  for (const f of [...findings].sort(compare)) emit(f);
  return out;
}

function summarizeKinds(findings: Finding[], problems: Map<string, Set<string>>): KindSummary[] {
  const byKey = new Map<string, KindSummary>();
  for (const f of findings) {
    // A near-miss finding also lists the registered kind; only the kind as seen is troubled.
    const kinds = f.origin === 'registry' ? f.kinds.slice(0, 1) : f.kinds;
    for (const [i, k] of kinds.entries()) {
      const key = kindKey(k);
      let s = byKey.get(key);
      if (!s) {
        s = { ...k, count: 0, findings: [], problems: [...(problems.get(key) ?? [])], objects: [] };
        byKey.set(key, s);
      }
      if (f.origin === 'signature') s.count += f.count;
      if (!s.findings.includes(f.key)) s.findings.push(f.key);
      // Objects belong to the finding's first (primary) kind.
      if (i === 0 && f.origin === 'signature') mergeObjects(s.objects, f.objects.filter((o) => o.kind === null || o.kind === k.kind));
    }
  }
  return [...byKey.values()].sort(
    (a, b) => b.problems.length - a.problems.length || b.count - a.count || (kindKey(a) < kindKey(b) ? -1 : 1),
  );
}
