/** Near-miss rule kind-version-removed (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { apiResourcesOf, apiVersionOf, asRef, cmd } from './common.js';

/** An API version Kubernetes no longer serves (`extensions/v1beta1` Ingress, `autoscaling/v2beta2` HPA…). */
const removedVersion: NearMissRule = (seen, registry) => {
  if (!seen.kind || seen.group === null || !seen.version) return null;
  const removed = registry.removedVersion(seen.group, seen.version, seen.kind);
  if (!removed) return null;
  const current = registry.findKind(seen.kind).find((k) => k.source === 'built-in');
  const seenAv = apiVersionOf(seen.group, seen.version);
  const common = {
    rule: 'kind-version-removed',
    title: 'API version removed from Kubernetes',
    severity: 'error' as const,
    seen,
  };
  if (removed.replacement === null) {
    // Removed with no API in its place (PodSecurityPolicy): nothing to change the apiVersion to.
    return {
      ...common,
      registered: seen,
      edit: `remove the ${seen.kind} objects (${seenAv} has no successor API)`,
      problem: `${seenAv} ${seen.kind} was removed in Kubernetes ${removed.removedIn}, and no version of it is served`,
      diagnosis: `The logs use ${seenAv} ${seen.kind}, which Kubernetes stopped serving in ${removed.removedIn}; no version of ${seen.kind} is served any more${removed.successor ? `, and ${removed.successor} does its job instead` : ''}.`,
      explanation:
        'Most removed beta versions have a stable replacement with the same kind; this one has none. Every request for the kind fails to map, and a chart or operator that still ships such objects fails as a whole.',
      causes: [`A manifest, Helm chart or operator still creates or watches ${seen.kind} objects.`, `The cluster was upgraded past ${removed.removedIn} before the ${seen.kind} objects were migrated away.`],
      fixes: [
        `Delete the ${seen.kind} objects, and the RBAC rules that grant "use" of them, from manifests, Helm charts (often a value such as psp.enabled or podSecurityPolicy.enabled) and controller code${removed.successor ? `, and enforce what they did with ${removed.successor}` : ''}.`,
        `Find manifests that still use it: ${cmd('grep -rn "kind: {{kind}}" ./', { kind: seen.kind })}`,
        `Confirm what is served: ${apiResourcesOf(seen.group)}`,
      ],
    };
  }
  return {
    ...common,
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

export const unit: NearMissUnit = {
  id: 'kind-version-removed',
  title: 'API version removed from Kubernetes',
  severity: 'error',
  description: 'An apiVersion that Kubernetes stopped serving in a past release (extensions/v1beta1 Ingress, autoscaling/v2beta2 HPA…): names the release and the replacement.',
  check: removedVersion,
  valid: [{ seen: 'networking.k8s.io/v1/Ingress', why: 'the current version' }],
  invalid: [
    { seen: 'extensions/v1beta1/Ingress', edit: 'apiVersion: extensions/v1beta1 → networking.k8s.io/v1' },
    { seen: 'autoscaling/v2beta2/HorizontalPodAutoscaler', edit: 'apiVersion: autoscaling/v2beta2 → autoscaling/v2' },
    { seen: 'policy/v1beta1/PodSecurityPolicy', edit: 'remove the PodSecurityPolicy objects (policy/v1beta1 has no successor API)' },
  ],
};
