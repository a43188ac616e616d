/** Near-miss rule crd-not-established (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { asRef, cmd, crdName } from './common.js';

/** The CRD is there but not Established, so its kind is not served yet. */
const notEstablished: NearMissRule = (seen, registry) => {
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

export const unit: NearMissUnit = {
  id: 'crd-not-established',
  title: 'CRD present but not Established',
  severity: 'error',
  description: 'The CRD defining the kind exists but its Established condition is not True (conflicting names, invalid spec), so the kind is not served yet.',
  check: notEstablished,
  valid: [{ seen: 'example.com/v1/Widget', why: 'an Established CRD' }],
  invalid: [{ seen: 'example.com/v1/Gadget', edit: 'none: make the CRD become Established' }],
};
