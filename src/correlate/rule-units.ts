/**
 * Near-miss and chain rules as library units, like the signatures in patterns/: each has an id, a
 * title, a severity and what it checks, and each near-miss rule carries ESLint RuleTester-style
 * examples — `valid` kinds it must let pass and `invalid` ones it must flag, with the edit it must
 * propose — checked against one example registry. `patterns list`, `explain` and `patterns test`
 * know them; the test suite runs every example.
 */

import type { KindRef, Severity } from '../model/finding.js';
import { CHAIN_RULES, type ChainRule } from './chains.js';
import {
  caseMismatch,
  findNearMiss,
  kindAsResource,
  misspelling,
  notEstablished,
  otherGroup,
  removedVersion,
  resourceAsKind,
  versionNotServed,
  type NearMissRule,
} from './near-miss.js';
import { KindRegistry, crdsFromText } from './registry.js';

/** A kind as the logs name it, in a compact form: `group/version/Kind`, `/v1/Pod` (core), `example.com/-/Widget` (no version), `-/-/Widget` (no group), or `resource example.com/widget`. */
export type SeenText = string;

export interface NearMissUnit {
  id: string;
  title: string;
  severity: Severity;
  /** What the rule checks, in a sentence or two. */
  description: string;
  check: NearMissRule;
  valid: { seen: SeenText; why: string }[];
  invalid: { seen: SeenText; edit: string }[];
}

/** The registry the examples are checked against: the built-in kinds plus three CRDs of example.com. */
export const EXAMPLE_CRDS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd]}
  scope: Namespaced
  versions:
    - {name: v1, served: true, storage: true}
    - {name: v1beta1, served: false, storage: false}
status:
  conditions: [{type: Established, status: "True"}]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  names: {kind: Gadget, plural: gadgets, singular: gadget}
  scope: Namespaced
  versions:
    - {name: v1, served: true, storage: true}
status:
  conditions: [{type: Established, status: "False"}]
`;

export function exampleRegistry(): KindRegistry {
  const r = KindRegistry.withBuiltins();
  for (const k of crdsFromText(EXAMPLE_CRDS, 'rule-units.ts')) r.add(k);
  return r;
}

/** `example.com/v1/Widget` → a KindRef (see SeenText). */
export function parseSeen(text: SeenText): KindRef {
  const part = (s: string): string | null => (s === '-' ? null : s);
  if (text.startsWith('resource ')) {
    const [group, resource] = text.slice('resource '.length).split('/');
    return { group: part(group!) ?? '', version: null, kind: null, resource: resource! };
  }
  const [group, version, kind] = text.split('/');
  return { group: part(group!), version: part(version!), kind: kind!, resource: null };
}

export const NEAR_MISS_UNITS: readonly NearMissUnit[] = [
  {
    id: 'kind-version-removed',
    title: 'API version removed from Kubernetes',
    severity: 'error',
    description: 'An apiVersion that Kubernetes stopped serving in a past release (extensions/v1beta1 Ingress, autoscaling/v2beta2 HPA…): names the release and the replacement.',
    check: removedVersion,
    valid: [{ seen: 'networking.k8s.io/v1/Ingress', why: 'the current version' }],
    invalid: [
      { seen: 'extensions/v1beta1/Ingress', edit: 'apiVersion: extensions/v1beta1 → networking.k8s.io/v1' },
      { seen: 'autoscaling/v2beta2/HorizontalPodAutoscaler', edit: 'apiVersion: autoscaling/v2beta2 → autoscaling/v2' },
    ],
  },
  {
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
  },
  {
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
  },
  {
    id: 'resource-is-kind-name',
    title: 'Kind or singular name used where the plural resource belongs',
    severity: 'error',
    description: 'An RBAC rule or REST path that names a resource by its kind or singular (widget) instead of the plural (widgets).',
    check: kindAsResource,
    valid: [{ seen: 'resource example.com/widgets', why: 'the plural resource' }],
    invalid: [{ seen: 'resource example.com/widget', edit: 'widget → widgets' }],
  },
  {
    id: 'kind-in-other-group',
    title: 'Kind exists, but in another API group',
    severity: 'error',
    description: 'A kind named in a group that does not serve it, while a known group (or a close misspelling of the group) does: apps/v1 CronJob is batch/v1 CronJob.',
    check: otherGroup,
    valid: [{ seen: 'serving.knative.dev/v1/Service', why: 'a group of its own that merely reuses a built-in kind name' }],
    invalid: [{ seen: 'example.io/v1/Widget', edit: 'apiVersion: example.io/v1 → example.com/v1' }],
  },
  {
    id: 'kind-version-not-served',
    title: 'Kind exists, but not in this version',
    severity: 'error',
    description: 'The kind is registered, but the version is not among its served versions (served: false, or never defined); needs the complete version list of a CRD.',
    check: versionNotServed,
    valid: [{ seen: 'example.com/v1/Widget', why: 'a served version' }],
    invalid: [{ seen: 'example.com/v1beta1/Widget', edit: 'apiVersion: example.com/v1beta1 → example.com/v1' }],
  },
  {
    id: 'crd-not-established',
    title: 'CRD present but not Established',
    severity: 'error',
    description: 'The CRD defining the kind exists but its Established condition is not True (conflicting names, invalid spec), so the kind is not served yet.',
    check: notEstablished,
    valid: [{ seen: 'example.com/v1/Widget', why: 'an Established CRD' }],
    invalid: [{ seen: 'example.com/v1/Gadget', edit: 'none: make the CRD become Established' }],
  },
  {
    id: 'kind-misspelt',
    title: 'Kind is a misspelling of a registered kind',
    severity: 'error',
    description: 'A kind within a small edit distance of a registered kind of the same group (one edit up to 7 letters, two from 8).',
    check: misspelling,
    valid: [{ seen: 'example.com/v1/Wxdgxt', why: 'too far from Widget to be a typo' }],
    invalid: [{ seen: 'example.com/v1/Widgt', edit: 'Widgt → Widget' }],
  },
];

export type RuleUnit = { type: 'near-miss'; unit: NearMissUnit } | { type: 'chain'; rule: ChainRule };

/** A near-miss or chain rule by id. */
export function findRuleUnit(id: string): RuleUnit | null {
  const unit = NEAR_MISS_UNITS.find((u) => u.id === id);
  if (unit) return { type: 'near-miss', unit };
  const rule = CHAIN_RULES.find((r) => r.id === id);
  return rule ? { type: 'chain', rule } : null;
}

/**
 * Runs a near-miss unit's examples: each `valid` kind gets no verdict from the rule, each `invalid`
 * one is flagged by this rule (the first to speak, as in a report) with its title, severity and edit.
 * Returns one line per failing example.
 */
export function checkUnitExamples(unit: NearMissUnit, registry = exampleRegistry()): string[] {
  const failures: string[] = [];
  for (const v of unit.valid) {
    const verdict = unit.check(parseSeen(v.seen), registry);
    if (verdict) failures.push(`${unit.id}: valid ${v.seen} (${v.why}) was flagged: ${verdict.edit}`);
  }
  for (const x of unit.invalid) {
    const verdict = findNearMiss(parseSeen(x.seen), registry);
    if (!verdict) failures.push(`${unit.id}: invalid ${x.seen} was not flagged`);
    else if (verdict.rule !== unit.id) failures.push(`${unit.id}: invalid ${x.seen} was flagged by ${verdict.rule} first`);
    else if (verdict.edit !== x.edit || verdict.title !== unit.title || verdict.severity !== unit.severity) {
      failures.push(`${unit.id}: invalid ${x.seen}: got ${verdict.severity} "${verdict.title}", edit ${verdict.edit}; expected ${unit.severity} "${unit.title}", edit ${x.edit}`);
    }
  }
  return failures;
}
