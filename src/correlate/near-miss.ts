/**
 * Near-miss rules: a kind named in the logs that the cluster does not serve as written, but that
 * is close to one it does. Each rule is a library unit in near-miss/<id>.ts (its check, with its own
 * diagnosis and fix, and its examples); the first rule that fires wins. A rule only speaks when
 * the registry can speak for the group (built-in groups always; others once a CRD of the group,
 * or any CRD when the seen kind has no group, is known).
 */

import type { KindRef, RegisteredFrom, Severity } from '../model/finding.js';
import { KindRegistry, type RegisteredKind } from './registry.js';
import { apiResourcesOf, apiVersionOf, cmd, crdName, groupName } from './near-miss/common.js';
import { catalogReleases } from './catalog.js';
import type { NearMiss, NearMissRule, NearMissUnit } from './near-miss/common.js';
import { unit as kindVersionRemoved } from './near-miss/kind-version-removed.js';
import { unit as kindCaseMismatch } from './near-miss/kind-case-mismatch.js';
import { unit as kindIsResourceName } from './near-miss/kind-is-resource-name.js';
import { unit as resourceIsKindName } from './near-miss/resource-is-kind-name.js';
import { unit as kindInOtherGroup } from './near-miss/kind-in-other-group.js';
import { unit as kindVersionNotServed } from './near-miss/kind-version-not-served.js';
import { unit as crdNotEstablished } from './near-miss/crd-not-established.js';
import { unit as kindMisspelt } from './near-miss/kind-misspelt.js';

export type { NearMiss, NearMissRule, NearMissUnit } from './near-miss/common.js';
export { editDistance } from './near-miss/common.js';

/** The rules in the order they are tried; the first verdict wins. */
export const NEAR_MISS_UNITS: readonly NearMissUnit[] = [kindVersionRemoved, kindCaseMismatch, kindIsResourceName, resourceIsKindName, kindInOtherGroup, kindVersionNotServed, crdNotEstablished, kindMisspelt];

export const NEAR_MISS_RULES: readonly NearMissRule[] = NEAR_MISS_UNITS.map((u) => u.check);

function firstVerdict(seen: KindRef, registry: KindRegistry): NearMiss | null {
  for (const rule of NEAR_MISS_RULES) {
    const verdict = rule(seen, registry);
    if (verdict) return verdict;
  }
  return null;
}

/** One severity lower: what the catalog or the logs suggest is not what the cluster confirms. */
function lower(s: Severity): Severity {
  return s === 'critical' ? 'error' : s === 'error' ? 'warning' : 'info';
}

function registeredOf(miss: NearMiss, registry: KindRegistry): RegisteredKind | undefined {
  const r = miss.registered;
  return r.group !== null && r.kind !== null ? registry.find(r.group, r.kind) : undefined;
}

/**
 * Whether the catalog and the logs may speak for a kind: only for one the logs say cannot be
 * resolved (a REST mapping, no match for kind, not installed), since neither knows what version
 * of a project is installed. `logKinds`: the kinds the logs name otherwise (see logNamedKinds).
 */
export interface NearMissFallback {
  logKinds: readonly RegisteredKind[];
}

/**
 * Compares a kind the logs name with what is registered, from the best source that speaks for it:
 * the cluster's own kinds (built-ins, --crds, --api-resources, bundle CRDs) first; then, only for
 * a group none of the user's sources covers, the bundled catalog of well-known kinds; then kinds
 * the logs themselves name in another spelling — these two only with a `fallback` (a kind that
 * failed to resolve). A verdict from the catalog or the logs is one severity lower and says where
 * it comes from.
 */
export function findNearMiss(seen: KindRef, registry: KindRegistry, fallback?: NearMissFallback | null): NearMiss | null {
  const direct = firstVerdict(seen, registry);
  if (direct && fallback && direct.rule === 'kind-version-not-served' && registeredOf(direct, registry)?.source === 'built-in') {
    // A built-in version "not served" may be one Kubernetes removed: the release data says when.
    const removed = firstVerdict(seen, registry.withCatalog());
    if (removed?.rule === 'kind-version-removed') return { ...removed, registeredFrom: catalogReleaseData() };
  }
  if (direct) return { ...direct, registeredFrom: fromRegistry(direct, registry) };
  if (!fallback) return null;
  const { logKinds } = fallback;
  // The catalog and the logs speak only for a kind with a group (a bare Go type name could be any
  // project's), and never for what the user's sources describe.
  if (seen.group === null || (!seen.kind && !seen.resource)) return null;
  if ((seen.kind && registry.find(seen.group, seen.kind)) || registry.userKnowsGroup(seen.group)) return null;
  const view = registry.withCatalog();
  const fromCatalog = firstVerdict(seen, view);
  const catalogKind = fromCatalog ? registeredOf(fromCatalog, view) : undefined;
  if (fromCatalog && catalogKind?.catalog) return catalogVerdict(fromCatalog, catalogKind);
  // A built-in version the catalog's release data says was removed: a Kubernetes fact.
  if (fromCatalog?.rule === 'kind-version-removed') return { ...fromCatalog, registeredFrom: catalogReleaseData() };
  if (logKinds.length > 0 && seen.kind) {
    const logView = logViewOf(registry, logKinds);
    const fromLog = firstVerdict(seen, logView);
    const logKind = fromLog ? registeredOf(fromLog, logView) : undefined;
    if (fromLog && logKind?.log) return logVerdict(fromLog, logKind);
  }
  return null;
}

/** The registry plus the kinds the logs name, made once per list of log kinds (one correlation). */
const logViews = new WeakMap<readonly RegisteredKind[], { registry: KindRegistry; view: KindRegistry }>();
function logViewOf(registry: KindRegistry, logKinds: readonly RegisteredKind[]): KindRegistry {
  const cached = logViews.get(logKinds);
  if (cached?.registry === registry) return cached.view;
  const view = new KindRegistry();
  for (const k of registry.all()) view.add(k, false, true);
  // Log kinds were checked by logNamedKinds; a kind the registry has already is not replaced.
  for (const k of logKinds) if (!registry.find(k.group, k.kind)) view.add(k, false, true);
  logViews.set(logKinds, { registry, view });
  return view;
}

function catalogReleaseData(): RegisteredFrom {
  const { oldest, newest } = catalogReleases();
  return { source: 'built-in', detail: `the catalog's Kubernetes release data (k8s.io/api ${oldest}–${newest})` };
}

function fromRegistry(miss: NearMiss, registry: KindRegistry): RegisteredFrom {
  const reg = registeredOf(miss, registry);
  if (!reg || reg.source === 'built-in') {
    if (miss.rule === 'kind-version-removed') return { source: 'built-in', detail: 'the Kubernetes deprecated API migration guide' };
    return { source: 'built-in', detail: 'built into Kubernetes' };
  }
  return { source: 'cluster', detail: reg.source };
}

function versionsOf(k: RegisteredKind): string {
  const served = k.versions.filter((v) => v.served).map((v) => apiVersionOf(k.group, v.name));
  return served.length > 0 ? served.join(', ') : groupName(k.group);
}

function catalogVerdict(miss: NearMiss, k: RegisteredKind): NearMiss {
  const c = k.catalog!;
  const seenVersion = miss.seen.version;
  const seenGroup = miss.seen.group;
  const past =
    seenGroup !== null && seenGroup !== k.group && c.formerGroups.includes(seenGroup)
      ? ` (${seenGroup} is the group earlier releases of ${c.project} used)`
      : seenVersion && c.pastVersions.includes(seenVersion)
        ? ` (${seenVersion} was served by earlier releases of ${c.project})`
        : '';
  const registers = `the well-known CRD of ${c.project} registers ${k.kind} as ${versionsOf(k)} (${crdName(k)})`;
  return {
    ...miss,
    severity: lower(miss.severity),
    problem: `${miss.problem} — ${registers}; check your installed version`,
    diagnosis:
      `${miss.diagnosis} No CRD or api-resources for ${groupName(k.group)} were given, so this compares with the bundled catalog: ` +
      `${registers}${past}; check your installed version.`,
    fixes: [
      ...miss.fixes,
      `Check your installed version of ${c.project} (the catalog has its current CRDs): ${cmd("kubectl get crd {{crd}} -o jsonpath='{.spec.versions[*].name}'", { crd: crdName(k) })}`,
    ],
    registeredFrom: { source: 'catalog', detail: `${c.project}: ${c.provenance}` },
  };
}

function logVerdict(miss: NearMiss, k: RegisteredKind): NearMiss {
  const l = k.log!;
  const names = `the logs themselves name the kind ${k.kind} in ${groupName(k.group)} (${l.finding}${l.evidence ? `, ${l.evidence}` : ''})`;
  return {
    ...miss,
    severity: lower(miss.severity),
    problem: `${miss.problem} — ${names}`,
    diagnosis:
      `${miss.diagnosis} No CRD for ${groupName(k.group)} was given and the catalog of well-known kinds has none, but ${names}: ` +
      `that is the spelling the component that serves or watches the kind uses; check the installed CRD.`,
    fixes: [...miss.fixes.filter((f) => !f.startsWith('Confirm')), `Confirm what ${groupName(k.group)} registers: ${apiResourcesOf(k.group)}`],
    registeredFrom: { source: 'log', detail: `${l.finding}${l.evidence ? ` (${l.evidence})` : ''}` },
  };
}
