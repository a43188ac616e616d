/** Near-miss rule kind-case-mismatch (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { GC_HINT, asRef, cmd, confirmKindCommand, groupName, where } from './common.js';
import { kindLabel } from '../aggregate.js';

/** The seed case: `PodAutoScaler` in the logs, `PodAutoscaler` registered. */
const caseMismatch: NearMissRule = (seen, registry) => {
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
      `Confirm the registered spelling: ${confirmKindCommand(reg, '{.spec.names.kind}')}`,
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

export const unit: NearMissUnit = {
  id: 'kind-case-mismatch',
  title: 'Kind differs from the registered kind only in letter case',
  severity: 'error',
  description: 'Kind names are case-sensitive: a kind that matches a registered one only when letter case is ignored names nothing (the seed case: PodAutoScaler vs PodAutoscaler).',
  check: caseMismatch,
  valid: [
    { seen: 'example.com/v1/Widget', why: 'the registered spelling' },
    { seen: '/v1/Pod', why: 'a built-in kind' },
  ],
  invalid: [
    { seen: 'example.com/v1/WIDGET', edit: 'WIDGET → Widget' },
    { seen: '-/v1/WidGet', edit: 'WidGet → Widget' },
  ],
};
