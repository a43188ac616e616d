/** Near-miss rule kind-in-other-group (see rule-units.ts for how units are checked). */

import type { RegisteredKind } from '../registry.js';
import type { NearMissRule, NearMissUnit } from './common.js';
import { GC_HINT, apiVersionOf, asRef, cmd, groupName, groupsClose, where } from './common.js';

/** The kind exists exactly, but in another group (a wrong or misspelt group in the apiVersion). */
const otherGroup: NearMissRule = (seen, registry) => {
  const kind = seen.kind;
  if (!kind || seen.group === null || registry.find(seen.group, kind)) return null;
  // Speak only when the seen group is one the registry knows (so the kind is really missing
  // there), is a near-miss spelling of the group that has the kind (`aibrix.io` for `aibrix.ai`,
  // `example.io` for `example.k8s.io`), or a group the project used for the kind before. A catalog
  // kind needs one of the last two: a group merely known says nothing about a well-known CRD.
  const knownGroup = registry.knowsGroup(seen.group);
  const close = (k: RegisteredKind) => groupsClose(k.group, seen.group!) || (k.catalog?.formerGroups.includes(seen.group!) ?? false);
  const regs = registry.findKind(kind).filter((k) => (knownGroup && !k.catalog) || close(k));
  if (regs.length === 0) return null;
  const reg = regs.find((k) => close(k) && k.source !== 'built-in') ?? regs.find((k) => k.source !== 'built-in') ?? regs[0]!;
  // A kind whose versions are unknown (named by the logs only) keeps the version the logs use.
  const version = reg.versions.find((v) => v.storage)?.name ?? reg.versions[0]?.name ?? seen.version ?? 'v1';
  const seenAv = seen.version ? apiVersionOf(seen.group, seen.version) : groupName(seen.group);
  return {
    rule: 'kind-in-other-group',
    title: 'Kind exists, but in another API group',
    severity: 'error',
    seen,
    registered: asRef(reg, version),
    edit: `apiVersion: ${seenAv} → ${apiVersionOf(reg.group, version)}`,
    problem: `${groupName(seen.group)} does not serve ${kind}; ${groupName(reg.group)} does (${where(reg)})`,
    diagnosis: `The logs name ${kind} in ${groupName(seen.group)}, but ${kind} is served by ${groupName(reg.group)} (${where(reg)}). The apiVersion's group is wrong or misspelt.`,
    explanation:
      'A kind is identified by group, version and name together. The same kind name in another group is a different type, so a reference with the wrong group resolves to nothing.',
    causes: [
      `The apiVersion was written by hand with the group ${seen.group || '""'} (a typo, an old domain, or a copied example).`,
      'The CRD moved to a new group and old references were not updated.',
    ],
    fixes: [
      `Use apiVersion: ${apiVersionOf(reg.group, version)} for ${kind} in ${GC_HINT}.`,
      `Confirm: ${cmd('kubectl api-resources -o wide | grep -w {{kind}}', { kind })}`,
    ],
  };
};

export const unit: NearMissUnit = {
  id: 'kind-in-other-group',
  title: 'Kind exists, but in another API group',
  severity: 'error',
  description:
    'A kind named in a group that does not serve it, while a known group does (apps/v1 CronJob is batch/v1 CronJob), or a group that differs by a typo or by one segment (example.io vs example.k8s.io), or, from the catalog, a group the project used before (certmanager.k8s.io).',
  check: otherGroup,
  valid: [{ seen: 'serving.knative.dev/v1/Service', why: 'a group of its own that merely reuses a built-in kind name' }],
  invalid: [
    { seen: 'example.io/v1/Widget', edit: 'apiVersion: example.io/v1 → example.com/v1' },
    { seen: 'example.k8s.com/v1/Widget', edit: 'apiVersion: example.k8s.com/v1 → example.com/v1' },
  ],
};
