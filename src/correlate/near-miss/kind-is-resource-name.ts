/** Near-miss rule kind-is-resource-name (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { apiResourcesOf, asRef, where } from './common.js';

/** A plural, singular or short resource name used where a kind belongs (`podautoscalers`, `Podautoscalers`). */
const resourceAsKind: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind) return null;
  if (seen.group !== null && registry.find(seen.group, kind)) return null;
  const lower = kind.toLowerCase();
  // With a group, only its kinds can be the one meant.
  const reg = (seen.group === null ? registry.all() : registry.inGroup(seen.group)).find(
    (k) => k.kind.toLowerCase() !== lower && ((k.plural === lower && (!k.log || k.log.pluralKnown)) || k.singular === lower || k.shortNames.includes(lower)),
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

export const unit: NearMissUnit = {
  id: 'kind-is-resource-name',
  title: 'Resource name used where a kind belongs',
  severity: 'error',
  description: 'A plural, singular or short resource name (widgets, widget, wd) written where the kind (Widget) belongs, e.g. in an ownerReference.',
  check: resourceAsKind,
  valid: [{ seen: 'example.com/v1/Widget', why: 'the kind itself' }],
  invalid: [
    { seen: 'example.com/v1/widgets', edit: 'widgets → Widget' },
    { seen: 'example.com/v1/wd', edit: 'wd → Widget' },
  ],
};
