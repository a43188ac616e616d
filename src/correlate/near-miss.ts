/**
 * Near-miss rules: a kind named in the logs that the cluster does not serve, but that is close
 * to one it does. Each rule is a small named function from (seen kind, registry) to a verdict
 * with its own diagnosis and fix; the first rule that fires wins.
 */

import type { KindRef, Severity } from '../model/finding.js';
import type { KindRegistry, RegisteredKind } from './registry.js';
import { kindLabel } from './aggregate.js';

export interface NearMiss {
  /** Rule id, also the id of the finding it produces. */
  rule: string;
  title: string;
  severity: Severity;
  seen: KindRef;
  registered: RegisteredKind;
  /** One line for the kind's `problems` list. */
  problem: string;
  /** What was seen, what exists, and why it matters. */
  diagnosis: string;
  explanation: string;
  causes: string[];
  fixes: string[];
}

export type NearMissRule = (seen: KindRef, registry: KindRegistry) => NearMiss | null;

function crdName(k: RegisteredKind): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

function registeredLabel(k: RegisteredKind): string {
  return k.source === 'built-in' ? `built-in ${kindLabel({ ...k, version: k.versions[0]?.name ?? null, resource: null })}` : `CRD ${crdName(k)}`;
}

/** The seed case: `PodAutoScaler` in the logs, `PodAutoscaler` registered. */
export const caseMismatch: NearMissRule = (seen, registry) => {
  if (!seen.kind) return null;
  if (seen.group !== null && registry.find(seen.group, seen.kind)) return null;
  const candidates = registry
    .findIgnoringCase(seen.kind)
    .filter((k) => k.kind !== seen.kind && (seen.group === null || k.group === seen.group));
  const reg = candidates[0];
  if (!reg) return null;
  const group = reg.group === '' ? 'the core API group' : reg.group;
  return {
    rule: 'kind-case-mismatch',
    title: 'Kind differs from the registered kind only in letter case',
    severity: 'error',
    seen,
    registered: reg,
    problem: `not registered: ${group} registers ${reg.kind}, which differs from ${seen.kind} only in letter case`,
    diagnosis:
      `The logs name the kind ${seen.kind} (${kindLabel(seen)}), but ${group} registers it as ${reg.kind} ` +
      `(${registeredLabel(reg)}). Kind names are case-sensitive, so nothing in the API serves ${seen.kind}.`,
    explanation:
      'Kubernetes compares kind names exactly. An ownerReference, manifest or client call that spells the kind with ' +
      'different letter case names a kind that does not exist: the REST mapper cannot resolve it, the garbage collector ' +
      'cannot find the owner, and clients get "no matches for kind".',
    causes: [
      `Controller code or a manifest spells the kind by hand as ${seen.kind} instead of taking it from the scheme or the CRD.`,
      `The CRD's spec.names.kind was changed (or the Go type renamed) after objects with ownerReferences to ${seen.kind} were created.`,
    ],
    fixes: [
      `Use exactly ${reg.kind} (the CRD's spec.names.kind) everywhere: ownerReferences, controller code that builds them ` +
        `(prefer controllerutil.SetControllerReference, which takes the kind from the scheme), and manifests.`,
      `Confirm the registered spelling: kubectl get crd ${crdName(reg)} -o jsonpath='{.spec.names.kind}'`,
      `Find objects whose ownerReferences still say ${seen.kind}: kubectl get all -A -o json | jq -r '.items[] | ` +
        `select(any(.metadata.ownerReferences[]?; .kind=="${seen.kind}")) | "\\(.kind) \\(.metadata.namespace)/\\(.metadata.name)"'`,
      `Repair or delete those dependents (patch ownerReferences[].kind to ${reg.kind}); the garbage collector then ` +
        `collects the orphans on its next pass. Confirm they are gone, e.g. kubectl get hpa -A`,
    ],
  };
};

export const NEAR_MISS_RULES: readonly NearMissRule[] = [caseMismatch];

export function findNearMiss(seen: KindRef, registry: KindRegistry): NearMiss | null {
  for (const rule of NEAR_MISS_RULES) {
    const verdict = rule(seen, registry);
    if (verdict) return verdict;
  }
  return null;
}
