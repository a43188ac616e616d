/** Near-miss rule kind-version-not-served (see rule-units.ts for how units are checked). */

import type { NearMissRule, NearMissUnit } from './common.js';
import { apiVersionOf, asRef, confirmKindCommand, where } from './common.js';

/** The kind exists, but the version is not among its served versions. */
const versionNotServed: NearMissRule = (seen, registry) => {
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
      `Check: ${confirmKindCommand(reg, '{range .spec.versions[*]}{.name}{" served="}{.served}{" storage="}{.storage}{"\\n"}{end}')}`,
    ],
  };
};

export const unit: NearMissUnit = {
  id: 'kind-version-not-served',
  title: 'Kind exists, but not in this version',
  severity: 'error',
  description: 'The kind is registered, but the version is not among its served versions (served: false, or never defined); needs the complete version list of a CRD.',
  check: versionNotServed,
  valid: [{ seen: 'example.com/v1/Widget', why: 'a served version' }],
  invalid: [{ seen: 'example.com/v1beta1/Widget', edit: 'apiVersion: example.com/v1beta1 → example.com/v1' }],
};
