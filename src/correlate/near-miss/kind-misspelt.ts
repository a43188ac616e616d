/** Near-miss rule kind-misspelt (see rule-units.ts for how units are checked). */

import type { RegisteredKind } from '../registry.js';
import type { NearMissRule, NearMissUnit } from './common.js';
import { GC_HINT, asRef, cmd, editDistance, where } from './common.js';

/** A close misspelling of a registered kind (small edit distance). */
const misspelling: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || kind.length < 4) return null;
  if (registry.findKind(kind).length > 0) return null;
  // Without a group, compare only when the user gave the cluster's kinds (CRDs, api-resources).
  if (seen.group === null ? registry.customCount === 0 : !registry.knowsGroup(seen.group)) return null;
  const limit = kind.length >= 8 ? 2 : 1;
  let best: RegisteredKind | null = null;
  let bestD = limit + 1;
  for (const k of seen.group === null ? registry.all() : registry.inGroup(seen.group)) {
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

export const unit: NearMissUnit = {
  id: 'kind-misspelt',
  title: 'Kind is a misspelling of a registered kind',
  severity: 'error',
  description: 'A kind within a small edit distance of a registered kind of the same group (one edit up to 7 letters, two from 8).',
  check: misspelling,
  valid: [{ seen: 'example.com/v1/Wxdgxt', why: 'too far from Widget to be a typo' }],
  invalid: [{ seen: 'example.com/v1/Widgt', edit: 'Widgt → Widget' }],
};
