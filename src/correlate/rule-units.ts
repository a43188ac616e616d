/**
 * Near-miss and chain rules as library units, like the signatures in patterns/. Each near-miss
 * rule lives in near-miss/<id>.ts with its id, title, severity, what it checks and ESLint
 * RuleTester-style examples (`valid` kinds it must let pass, `invalid` ones it must flag with the
 * edit it must propose); here they are checked against one example registry. Chain rules are data
 * in chains.ts. `patterns list`, `explain` and `patterns test` know both; the suite runs every example.
 */

import type { KindRef } from '../model/finding.js';
import { CHAIN_RULES, type ChainRule } from './chains.js';
import { NEAR_MISS_UNITS, findNearMiss, type NearMissUnit } from './near-miss.js';
import { KindRegistry, crdsFromText } from './registry.js';

export { NEAR_MISS_UNITS, type NearMissUnit };

/** A kind as the logs name it, in a compact form: `group/version/Kind`, `/v1/Pod` (core), `example.com/-/Widget` (no version), `-/-/Widget` (no group), or `resource example.com/widget`. */
export type SeenText = string;

/** The registry the examples are checked against: the built-in kinds plus two CRDs of example.com. */
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
