/** What every near-miss rule shares: the verdict and unit types, and small helpers for their texts. */

import type { KindRef, RegisteredFrom, Severity } from '../../model/finding.js';
import type { KindRegistry, RegisteredKind } from '../registry.js';
import { renderCommand as cmd } from '../../library/command.js';

export { cmd };

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
  /** Where the registered kind came from (set by findNearMiss). */
  registeredFrom?: RegisteredFrom;
}

export type NearMissRule = (seen: KindRef, registry: KindRegistry) => NearMiss | null;

export function crdName(k: RegisteredKind): string {
  return k.group ? `${k.plural}.${k.group}` : k.plural;
}

/** `kubectl api-resources` for one group (the core group is `""`). */
export function apiResourcesOf(group: string): string {
  return group ? cmd('kubectl api-resources --api-group={{group}} -o wide', { group }) : 'kubectl api-resources --api-group="" -o wide';
}

export function groupName(group: string): string {
  return group === '' ? 'the core API group' : group;
}

export function where(k: RegisteredKind): string {
  if (k.catalog) return `the well-known CRD ${crdName(k)} of ${k.catalog.project}`;
  if (k.log) return `as the logs name it elsewhere, ${groupName(k.group)}`;
  return k.source === 'built-in' ? `built-in, ${groupName(k.group)}` : `CRD ${crdName(k)}`;
}

/**
 * Whether two API groups differ by a typo (at most two edits) or by one dot-separated segment
 * added or left out (`example.io` vs `example.k8s.io`, `cert-manager.io` vs `acme.cert-manager.io`).
 */
export function groupsClose(a: string, b: string): boolean {
  if (a === b || a === '' || b === '') return false;
  if (editDistance(a, b, 2) <= 2) return true;
  const [short, long] = a.length < b.length ? [a.split('.'), b.split('.')] : [b.split('.'), a.split('.')];
  if (long.length !== short.length + 1 || short.length < 2) return false;
  for (let i = 0; i < long.length; i++) {
    if (long.slice(0, i).concat(long.slice(i + 1)).join('.') === short.join('.')) return true;
  }
  return false;
}

/**
 * How to confirm a kind's registered names: the CRD's own field for a CRD (from the cluster or the
 * catalog), the group's resources for a kind only the logs name (its CRD name is not known).
 */
export function confirmKindCommand(k: RegisteredKind, jsonpath: string): string {
  if (k.log || k.source === 'built-in') return apiResourcesOf(k.group);
  return cmd(`kubectl get crd {{crd}} -o jsonpath='${jsonpath}'`, { crd: crdName(k) });
}

export function asRef(k: RegisteredKind, version: string | null): KindRef {
  return { group: k.group, version, kind: k.kind, resource: k.log && !k.log.pluralKnown ? null : k.plural };
}

export function apiVersionOf(group: string, version: string): string {
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

export const GC_HINT =
  'ownerReferences, manifests and controller code that name it (prefer controllerutil.SetControllerReference, which takes the kind from the scheme)';


/**
 * A near-miss rule as a library unit (as ESLint's rule modules): what it is, what it checks, and
 * RuleTester-style examples — kinds it must let pass, kinds it must flag with the exact edit —
 * checked against the example registry of rule-units.ts.
 */
export interface NearMissUnit {
  id: string;
  title: string;
  severity: Severity;
  /** What the rule checks, in a sentence or two. */
  description: string;
  check: NearMissRule;
  /** Kinds as the logs name them: `group/version/Kind`, `/v1/Pod` (core), `-` for an unknown part, `resource group/name`. */
  valid: { seen: string; why: string }[];
  invalid: { seen: string; edit: string }[];
}
