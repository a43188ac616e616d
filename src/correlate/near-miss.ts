/**
 * Near-miss rules: a kind named in the logs that the cluster does not serve as written, but that
 * is close to one it does. Each rule is a small named function from (seen kind, registry) to a
 * verdict with its own diagnosis and fix; the first rule that fires wins. A rule only speaks when
 * the registry can speak for the group (built-in groups always; others once a CRD of the group,
 * or any CRD when the seen kind has no group, is known).
 */

import type { KindRef, Severity } from '../model/finding.js';
import type { KindRegistry, RegisteredKind } from './registry.js';
import { kindLabel } from './aggregate.js';
import { renderCommand as cmd } from '../library/command.js';

export interface NearMiss {
  /** Rule id, also the id of the finding it produces. */
  rule: string;
  title: string;
  severity: Severity;
  seen: KindRef;
  /** What the registry has instead. */
  registered: KindRef;
  /** The exact edit, e.g. `PodAutoScaler → PodAutoscaler`. */
  edit: string;
  /** One line for the kind's `problems` list. */
  problem: string;
  diagnosis: string;
  explanation: string;
  causes: string[];
  fixes: string[];
}

export type NearMissRule = (seen: KindRef, registry: KindRegistry) => NearMiss | null;

function crdName(k: RegisteredKind): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** `kubectl api-resources` for one group (the core group is `""`). */
function apiResourcesOf(group: string): string {
  return group ? cmd('kubectl api-resources --api-group={{group}} -o wide', { group }) : 'kubectl api-resources --api-group="" -o wide';
}

function groupName(group: string): string {
  return group === '' ? 'the core API group' : group;
}

function where(k: RegisteredKind): string {
  return k.source === 'built-in' ? `built-in, ${groupName(k.group)}` : `CRD ${crdName(k)}`;
}

function asRef(k: RegisteredKind, version: string | null): KindRef {
  return { group: k.group, version, kind: k.kind, resource: k.plural };
}

function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Damerau-free Levenshtein distance, bounded: returns limit + 1 as soon as it must exceed it. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

const GC_HINT =
  'ownerReferences, manifests and controller code that name it (prefer controllerutil.SetControllerReference, which takes the kind from the scheme)';

/** An API version Kubernetes no longer serves (`extensions/v1beta1` Ingress, `autoscaling/v2beta2` HPA…). */
export const removedVersion: NearMissRule = (seen, registry) => {
  if (!seen.kind || seen.group === null || !seen.version) return null;
  const removed = registry.removedVersion(seen.group, seen.version, seen.kind);
  if (!removed) return null;
  const current = registry.findKind(seen.kind).find((k) => k.source === 'built-in');
  const seenAv = apiVersionOf(seen.group, seen.version);
  return {
    rule: 'kind-version-removed',
    title: 'API version removed from Kubernetes',
    severity: 'error',
    seen,
    registered: current ? asRef(current, current.versions[0]?.name ?? null) : { ...seen, version: null },
    edit: `apiVersion: ${seenAv} → ${removed.replacement}`,
    problem: `${seenAv} ${seen.kind} was removed in Kubernetes ${removed.removedIn}; use ${removed.replacement}`,
    diagnosis: `The logs use ${seenAv} ${seen.kind}, an API version that Kubernetes stopped serving in ${removed.removedIn}. Nothing answers for it; the replacement is ${removed.replacement}.`,
    explanation:
      'Beta API versions are removed a few releases after their stable replacement ships. After an upgrade past the removal, clients, manifests, Helm charts and ownerReferences that still name the old apiVersion fail to map it.',
    causes: [
      `A manifest, Helm chart or operator still uses ${seenAv} for ${seen.kind}.`,
      'Stored ownerReferences were written with the old apiVersion before the upgrade.',
    ],
    fixes: [
      `Change apiVersion ${seenAv} to ${removed.replacement} wherever ${seen.kind} is written (manifests, charts, controller code), checking the field changes in the deprecation guide.`,
      `Find manifests that still use it (pluto also scans Helm releases): ${cmd('grep -rn "{{apiVersion}}" ./', { apiVersion: seenAv })}`,
      `Confirm what is served: ${apiResourcesOf(seen.group)}`,
    ],
  };
};

/** The seed case: `PodAutoScaler` in the logs, `PodAutoscaler` registered. */
export const caseMismatch: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind) return null;
  if (seen.group !== null && registry.find(seen.group, kind)) return null;
  if (seen.group === null && registry.findKind(kind).length > 0) return null;
  const reg = registry
    .findIgnoringCase(kind)
    .find((k) => k.kind !== kind && (seen.group === null || k.group === seen.group));
  if (!reg) return null;
  const group = groupName(reg.group);
  return {
    rule: 'kind-case-mismatch',
    title: 'Kind differs from the registered kind only in letter case',
    severity: 'error',
    seen,
    registered: asRef(reg, seen.version),
    edit: `${kind} → ${reg.kind}`,
    problem: `not registered: ${group} registers ${reg.kind}, which differs from ${kind} only in letter case`,
    diagnosis:
      `The logs name the kind ${kind} (${kindLabel(seen)}), but ${group} registers it as ${reg.kind} ` +
      `(${where(reg)}). Kind names are case-sensitive, so nothing in the API serves ${kind}.`,
    explanation:
      'Kubernetes compares kind names exactly. An ownerReference, manifest or client call that spells the kind with ' +
      'different letter case names a kind that does not exist: the REST mapper cannot resolve it, the garbage collector ' +
      'cannot find the owner, and clients get "no matches for kind".',
    causes: [
      `Controller code or a manifest spells the kind by hand as ${kind} instead of taking it from the scheme or the CRD.`,
      `The CRD's spec.names.kind was changed (or the Go type renamed) after objects with ownerReferences to ${kind} were created.`,
    ],
    fixes: [
      `Use exactly ${reg.kind} (the CRD's spec.names.kind) everywhere: ${GC_HINT}.`,
      `Confirm the registered spelling: ${cmd("kubectl get crd {{crd}} -o jsonpath='{.spec.names.kind}'", { crd: crdName(reg) })}`,
      `Find objects whose ownerReferences still say ${kind}: ` +
        cmd(
          `kubectl get all -A -o json | jq -r '.items[] | select(any(.metadata.ownerReferences[]?; .kind=="{{kind}}")) | ` +
            `"\\(.kind) \\(.metadata.namespace)/\\(.metadata.name)"'`,
          { kind },
        ),
      `Repair or delete those dependents (patch ownerReferences[].kind to ${reg.kind}); the garbage collector then ` +
        `collects the orphans on its next pass. Confirm they are gone, e.g. kubectl get hpa -A`,
    ],
  };
};

/** A plural, singular or short resource name used where a kind belongs (`podautoscalers`, `Podautoscalers`). */
export const resourceAsKind: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind) return null;
  if (seen.group !== null && registry.find(seen.group, kind)) return null;
  const lower = kind.toLowerCase();
  const reg = registry
    .all()
    .find(
      (k) =>
        (seen.group === null || k.group === seen.group) &&
        k.kind.toLowerCase() !== lower &&
        (k.plural === lower || k.singular === lower || k.shortNames.includes(lower)),
    );
  if (!reg) return null;
  const role = reg.plural === lower ? 'plural resource name' : reg.singular === lower ? 'singular resource name' : 'short name';
  return {
    rule: 'kind-is-resource-name',
    title: 'Resource name used where a kind belongs',
    severity: 'error',
    seen,
    registered: asRef(reg, seen.version),
    edit: `${kind} → ${reg.kind}`,
    problem: `${kind} is the ${role} of ${reg.kind} (${where(reg)}), not a kind`,
    diagnosis: `The logs name the kind ${kind}, but that is the ${role} of ${reg.kind} (${where(reg)}). Kinds are the CamelCase singular name; resources are the lower-case plural used in URLs and RBAC rules.`,
    explanation:
      'Every API type has two names: the kind (PodAutoscaler, in apiVersion/kind pairs, ownerReferences and scheme registrations) and the resource (podautoscalers, in REST paths, RBAC rules and kubectl). Using one where the other is expected names nothing.',
    causes: [`A manifest, ownerReference or GVK in controller code was written with the resource name ${kind}.`],
    fixes: [
      `Write kind: ${reg.kind} (and keep ${reg.plural} for RBAC rules and REST paths).`,
      `Confirm the names: ${apiResourcesOf(reg.group)}`,
    ],
  };
};

/** The reverse: a kind (or singular) used where the plural resource belongs (RBAC rules, REST paths). */
export const kindAsResource: NearMissRule = (seen, registry) => {
  if (seen.kind || !seen.resource || seen.group === null) return null;
  if (registry.findByResource(seen.group, seen.resource)) return null;
  if (!registry.knowsGroup(seen.group)) return null;
  const lower = seen.resource.toLowerCase();
  const reg = registry.all().find((k) => k.group === seen.group && (k.kind.toLowerCase() === lower || k.singular === lower));
  if (!reg) return null;
  return {
    rule: 'resource-is-kind-name',
    title: 'Kind or singular name used where the plural resource belongs',
    severity: 'error',
    seen,
    registered: asRef(reg, seen.version),
    edit: `${seen.resource} → ${reg.plural}`,
    problem: `resource ${seen.resource} does not exist; ${groupName(reg.group)} serves ${reg.kind} as resource ${reg.plural}`,
    diagnosis: `The logs name the resource ${seen.resource} in ${groupName(seen.group)}, but resources are plural and lower-case: ${reg.kind} is served as ${reg.plural}.`,
    explanation:
      'RBAC rules, REST paths and dynamic clients address types by their plural resource name. A rule or client that uses the kind or singular form matches nothing, so requests are forbidden or not found.',
    causes: [`An RBAC rule, kubebuilder marker (+kubebuilder:rbac:resources=...) or client call uses ${seen.resource}.`],
    fixes: [
      `Use resources: ["${reg.plural}"] (apiGroups: ["${reg.group}"]) in Roles and ClusterRoles, and ${reg.plural} in REST paths.`,
      `Check the rule: ${cmd('kubectl auth can-i list {{groupResource}} --as=<subject>', { groupResource: reg.group ? `${reg.plural}.${reg.group}` : reg.plural })}`,
    ],
  };
};

/** The kind exists exactly, but in another group (a wrong or misspelt group in the apiVersion). */
export const otherGroup: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || seen.group === null || registry.find(seen.group, kind)) return null;
  // Speak only when the seen group is one the registry knows (so the kind is really missing
  // there), or is a near-miss spelling of the group that has the kind (`aibrix.io` for `aibrix.ai`).
  const knownGroup = registry.knowsGroup(seen.group);
  const regs = registry
    .findKind(kind)
    .filter((k) => knownGroup || editDistance(k.group, seen.group!, 2) <= 2);
  if (regs.length === 0) return null;
  const reg = regs.find((k) => k.source !== 'built-in') ?? regs[0]!;
  const version = reg.versions.find((v) => v.storage)?.name ?? reg.versions[0]?.name ?? 'v1';
  const seenAv = seen.version ? apiVersionOf(seen.group, seen.version) : groupName(seen.group);
  return {
    rule: 'kind-in-other-group',
    title: 'Kind exists, but in another API group',
    severity: 'error',
    seen,
    registered: asRef(reg, version),
    edit: `apiVersion: ${seenAv} → ${apiVersionOf(reg.group, version)}`,
    problem: `${groupName(seen.group)} does not serve ${kind}; ${groupName(reg.group)} does (${where(reg)})`,
    diagnosis: `The logs name ${kind} in ${groupName(seen.group)}, but ${kind} is served by ${groupName(reg.group)} (${where(reg)}). The apiVersion's group is wrong or misspelt.`,
    explanation:
      'A kind is identified by group, version and name together. The same kind name in another group is a different type, so a reference with the wrong group resolves to nothing.',
    causes: [
      `The apiVersion was written by hand with the group ${seen.group || '""'} (a typo, an old domain, or a copied example).`,
      'The CRD moved to a new group and old references were not updated.',
    ],
    fixes: [
      `Use apiVersion: ${apiVersionOf(reg.group, version)} for ${kind} in ${GC_HINT}.`,
      `Confirm: ${cmd('kubectl api-resources -o wide | grep -w {{kind}}', { kind })}`,
    ],
  };
};

/** A close misspelling of a registered kind (small edit distance). */
export const misspelling: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || kind.length < 4) return null;
  if (registry.findKind(kind).length > 0) return null;
  // Without a group, compare only when the user gave the cluster's kinds (CRDs, api-resources).
  if (seen.group === null ? registry.customCount === 0 : !registry.knowsGroup(seen.group)) return null;
  const limit = kind.length >= 8 ? 2 : 1;
  let best: RegisteredKind | null = null;
  let bestD = limit + 1;
  for (const k of registry.all()) {
    if (seen.group !== null && k.group !== seen.group) continue;
    const d = editDistance(kind.toLowerCase(), k.kind.toLowerCase(), limit);
    if (d < bestD || (d === bestD && best && k.kind < best.kind)) {
      best = k;
      bestD = d;
    }
  }
  if (!best || bestD > limit) return null;
  return {
    rule: 'kind-misspelt',
    title: 'Kind is a misspelling of a registered kind',
    severity: 'error',
    seen,
    registered: asRef(best, seen.version),
    edit: `${kind} → ${best.kind}`,
    problem: `not registered; did you mean ${best.kind} (${where(best)})?`,
    diagnosis: `The logs name the kind ${kind}, which no API serves; ${best.kind} (${where(best)}) differs from it by ${bestD} letter${bestD === 1 ? '' : 's'}.`,
    explanation: 'Kind names are matched exactly; a typo in an ownerReference, manifest or GVK names a kind that does not exist.',
    causes: [`${kind} was typed by hand in a manifest, ownerReference or controller code.`],
    fixes: [`Replace ${kind} with ${best.kind} in ${GC_HINT}.`, `Confirm: ${cmd('kubectl api-resources -o wide | grep -i {{kind}}', { kind: best.kind })}`],
  };
};

/** The kind exists, but the version is not among its served versions. */
export const versionNotServed: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || seen.group === null || !seen.version) return null;
  const reg = registry.find(seen.group, kind);
  if (!reg || reg.versions.length === 0 || !reg.versionsComplete) return null;
  const v = reg.versions.find((x) => x.name === seen.version);
  if (v?.served) return null;
  const served = reg.versions.filter((x) => x.served).map((x) => x.name);
  const target = reg.versions.find((x) => x.storage && x.served)?.name ?? served[0] ?? reg.versions[0]!.name;
  const seenAv = apiVersionOf(seen.group, seen.version);
  return {
    rule: 'kind-version-not-served',
    title: 'Kind exists, but not in this version',
    severity: 'error',
    seen,
    registered: asRef(reg, target),
    edit: `apiVersion: ${seenAv} → ${apiVersionOf(reg.group, target)}`,
    problem: v
      ? `version ${seen.version} is defined but served: false (${where(reg)}); served: ${served.join(', ') || 'none'}`
      : `version ${seen.version} is not defined (${where(reg)}); served: ${served.join(', ') || 'none'}`,
    diagnosis: `The logs use ${seenAv} ${kind}, but ${where(reg)} ${v ? 'defines that version with served: false' : 'has no such version'}; it serves ${served.join(', ') || 'no version at all'}.`,
    explanation:
      'A CRD lists its versions and marks each as served or not. A reference to a version that is not served cannot be mapped, even though the kind itself exists.',
    causes: [
      'The CRD was upgraded and an old version was removed or set to served: false while objects or ownerReferences still use it.',
      'Controller code or manifests were written against a version the installed CRD does not have yet.',
    ],
    fixes: [
      `Use apiVersion: ${apiVersionOf(reg.group, target)}, or serve ${seen.version} again in the CRD (served: true) until every reference has moved.`,
      `Check: ${cmd(`kubectl get crd {{crd}} -o jsonpath='{range .spec.versions[*]}{.name}{" served="}{.served}{" storage="}{.storage}{"\\n"}{end}'`, { crd: crdName(reg) })}`,
    ],
  };
};

/** The CRD is there but not Established, so its kind is not served yet. */
export const notEstablished: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || seen.group === null) return null;
  const reg = registry.find(seen.group, kind);
  if (!reg || reg.established !== false) return null;
  return {
    rule: 'crd-not-established',
    title: 'CRD present but not Established',
    severity: 'error',
    seen,
    registered: asRef(reg, seen.version),
    edit: 'none: make the CRD become Established',
    problem: `CRD ${crdName(reg)} exists but its Established condition is not True`,
    diagnosis: `The CRD ${crdName(reg)} that defines ${kind} exists, but is not Established, so the API server does not serve ${kind} yet.`,
    explanation:
      'A new or changed CRD is served only after the API server accepts its names and sets Established=True. Names that conflict with another CRD, or an invalid schema, keep it from being established.',
    causes: ['Its names conflict with another CRD (NamesAccepted=False).', 'The CRD was created moments ago, or the API server rejected its spec.'],
    fixes: [
      `Read the conditions: ${cmd(`kubectl get crd {{crd}} -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\\n"}{end}'`, { crd: crdName(reg) })}`,
      `Resolve the conflicting names or invalid spec, then wait for Established: ${cmd('kubectl wait --for=condition=Established crd/{{crd}}', { crd: crdName(reg) })}`,
    ],
  };
};

/** Rules in the order they are tried; the first verdict wins. */
export const NEAR_MISS_RULES: readonly NearMissRule[] = [
  removedVersion,
  caseMismatch,
  resourceAsKind,
  kindAsResource,
  otherGroup,
  versionNotServed,
  notEstablished,
  misspelling,
];

export function findNearMiss(seen: KindRef, registry: KindRegistry): NearMiss | null {
  for (const rule of NEAR_MISS_RULES) {
    const verdict = rule(seen, registry);
    if (verdict) return verdict;
  }
  return null;
}
