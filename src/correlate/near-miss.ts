/**
 * Near-miss rules: a kind named in the logs that the cluster does not serve as written, but that
 * is close to one it does. Each rule is a library unit in near-miss/<id>.ts (its check, with its own
 * diagnosis and fix, and its examples); the first rule that fires wins. A rule only speaks when
 * the registry can speak for the group (built-in groups always; others once a CRD of the group,
 * or any CRD when the seen kind has no group, is known).
 */

import type { KindRef } from '../model/finding.js';
import type { KindRegistry } from './registry.js';
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

export function findNearMiss(seen: KindRef, registry: KindRegistry): NearMiss | null {
  for (const rule of NEAR_MISS_RULES) {
    const verdict = rule(seen, registry);
    if (verdict) return verdict;
  }
  return null;
}
