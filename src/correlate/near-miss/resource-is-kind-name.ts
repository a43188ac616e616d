/** Near-miss rule resource-is-kind-name (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { asRef, cmd, groupName } from './common.js';

/** The reverse: a kind (or singular) used where the plural resource belongs (RBAC rules, REST paths). */
const kindAsResource: NearMissRule = (seen, registry) => {
  if (seen.kind || !seen.resource || seen.group === null) return null;
  if (registry.findByResource(seen.group, seen.resource)) return null;
  if (!registry.knowsGroup(seen.group)) return null;
  const lower = seen.resource.toLowerCase();
  const reg = registry.inGroup(seen.group).find((k) => k.kind.toLowerCase() === lower || k.singular === lower);
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

export const unit: NearMissUnit = {
  id: 'resource-is-kind-name',
  title: 'Kind or singular name used where the plural resource belongs',
  severity: 'error',
  description: 'An RBAC rule or REST path that names a resource by its kind or singular (widget) instead of the plural (widgets).',
  check: kindAsResource,
  valid: [{ seen: 'resource example.com/widgets', why: 'the plural resource' }],
  invalid: [{ seen: 'resource example.com/widget', edit: 'widget → widgets' }],
};
