/**
 * Chain links found through the indexes equal those of the all-pairs loop they replace (kept
 * here as the reference), and a report with more findings than the cap lists the first ones of
 * the story order and counts the rest per family.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { correlate, linkChains, MAX_FINDINGS } from '../../src/correlate/correlate.js';
import { CHAIN_RULES, chainRuleFor, type LinkContext } from '../../src/correlate/chains.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import type { Finding, KindRef } from '../../src/model/finding.js';
import { familyFinding as finding } from './helpers.js';

/** The all-pairs linking as it was before the indexes: every cause × every effect, in key order. */
function referenceLinkChains(findings: Finding[], ctx: LinkContext): void {
  const byKey = new Map(findings.map((f) => [f.key, f]));
  const reaches = (from: Finding, to: Finding): boolean => {
    const stack = [from];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (f.key === to.key) return true;
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      for (const k of f.causes) stack.push(byKey.get(k)!);
    }
    return false;
  };
  const ordered = [...findings].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const cause of ordered) {
    for (const effect of ordered) {
      if (!chainRuleFor(cause, effect, ctx)) continue;
      if (reaches(effect, cause)) continue;
      cause.causes.push(effect.key);
      effect.causedBy.push(cause.key);
    }
  }
  for (const cause of ordered) {
    const implied = cause.causes.filter((k) => cause.causes.some((via) => via !== k && reaches(byKey.get(via)!, byKey.get(k)!)));
    for (const k of implied) {
      cause.causes = cause.causes.filter((x) => x !== k);
      const effect = byKey.get(k)!;
      effect.causedBy = effect.causedBy.filter((x) => x !== cause.key);
    }
  }
}

const FAMILIES = [
  ...new Set(CHAIN_RULES.flatMap((r) => [...r.cause, ...r.effect]).filter((f) => f !== '*')),
  'gc-rest-mapping',
  'rbac-forbidden',
];
const part = <T>(values: T[]) => fc.constantFrom<T | null>(null, ...values);
const kindRef = fc.record({
  group: part(['', 'apps', 'example.com', 'metrics.k8s.io']),
  version: part(['v1', 'v1beta1']),
  kind: part(['Pod', 'Deployment', 'Widget', 'PodMetrics']),
  resource: part(['pods', 'deployments', 'widgets']),
});
const findingSpec = fc.record({
  family: fc.constantFrom(...FAMILIES),
  // A near-miss rule id stands for its family; other ids are variants of the family.
  variant: fc.constantFrom('', '-a', 'kind-case-mismatch'),
  kinds: fc.array(kindRef, { maxLength: 3 }),
  group: fc.option(fc.constantFrom('apps', 'example.com', 'metrics.k8s.io'), { nil: undefined }),
});
const input = fc
  .tuple(fc.array(findingSpec, { minLength: 1, maxLength: 30 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }), fc.nat())
  .map(([specs, pairs, seed]) => {
    const findings = specs.map((s, i) => {
      const id = s.variant === 'kind-case-mismatch' ? 'kind-case-mismatch' : `${s.family}${s.variant}`;
      // Keys in an order of their own, so that neither input order nor key order is special.
      const key = `${((i * 7919 + seed) % 1000).toString().padStart(3, '0')}-${i}`;
      return finding(s.family, key, s.kinds, { id, captures: s.group ? { group: s.group } : {} });
    });
    const sameLine = new Map<string, Set<string>>();
    for (const [a, b] of pairs) {
      const ka = findings[a % findings.length]!.key;
      const kb = findings[b % findings.length]!.key;
      if (ka === kb) continue;
      (sameLine.get(ka) ?? sameLine.set(ka, new Set()).get(ka)!).add(kb);
      (sameLine.get(kb) ?? sameLine.set(kb, new Set()).get(kb)!).add(ka);
    }
    return { findings, sameLine };
  });

const links = (fs: Finding[]) => fs.map((f) => ({ key: f.key, causes: f.causes, causedBy: f.causedBy }));

describe('chain links through indexes', () => {
  it('equal the all-pairs result on random findings', () => {
    fc.assert(
      fc.property(input, ({ findings, sameLine }) => {
        const fast = structuredClone(findings);
        const reference = structuredClone(findings);
        linkChains(fast, { sameLine });
        referenceLinkChains(reference, { sameLine });
        expect(links(fast)).toEqual(links(reference));
      }),
      { numRuns: 400 },
    );
  });

  it('link thousands of findings that share a kind, each once', () => {
    const secrets: KindRef = { group: '', version: null, kind: null, resource: 'secrets' };
    const rbac = Array.from({ length: 3000 }, (_, i) => finding('rbac-forbidden', `rbac-${i}`, [secrets]));
    const list = finding('informer-list-watch', 'list', [{ group: '', version: 'v1', kind: 'Secret', resource: 'secrets' }]);
    const sync = finding('informer-cache-sync', 'sync', [{ group: null, version: 'v1', kind: 'Secret', resource: null }]);
    const all = [...rbac, list, sync];
    linkChains(all, { sameLine: new Map() });
    expect(list.causedBy).toHaveLength(3000);
    expect(list.causes).toEqual(['sync']);
    // rbac → list → sync: no rbac finding links to sync directly.
    expect(rbac.every((f) => f.causes.length === 1 && f.causes[0] === 'list')).toBe(true);
    expect(sync.causedBy).toEqual(['list']);
  });
});

describe('the finding cap', () => {
  const registry = () => KindRegistry.withBuiltins();
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      finding('gc-rest-mapping', `gc-rest-mapping:example.com/v1/Kind${i}`, [{ group: 'example.com', version: 'v1', kind: `Kind${i}`, resource: null }], {
        count: 1 + (i % 3),
      }),
    );

  it('lists the first findings of the story order and counts the rest per family', () => {
    const input = [...many(MAX_FINDINGS + 50), finding('leader-election', 'lease', [], { severity: 'critical', count: 1 })];
    const { findings, kinds, omitted } = correlate(input, registry());
    expect(findings).toHaveLength(MAX_FINDINGS);
    // The most severe finding comes first however late it came; the most frequent ones next.
    expect(findings[0]!.key).toBe('lease');
    expect(findings.slice(1, 4).map((f) => f.count)).toEqual([3, 3, 3]);
    expect(omitted).toEqual({
      findings: 51,
      count: expect.any(Number),
      families: [{ family: 'gc-rest-mapping', findings: 51, count: expect.any(Number) }],
      kinds: 50,
    });
    const total = input.reduce((n, f) => n + f.count, 0);
    expect(findings.reduce((n, f) => n + f.count, 0) + omitted!.count).toBe(total);
    expect(omitted!.families[0]!.count).toBe(omitted!.count);
    expect(kinds).toHaveLength(MAX_FINDINGS);
    // Kinds name listed findings only.
    const listed = new Set(findings.map((f) => f.key));
    expect(kinds.every((k) => k.findings.every((key) => listed.has(key)))).toBe(true);
  });

  it('does not depend on the order findings come in', () => {
    const input = many(MAX_FINDINGS + 20);
    const a = correlate(input, registry());
    const b = correlate([...input].reverse(), registry());
    expect(a.findings.map((f) => f.key)).toEqual(b.findings.map((f) => f.key));
    expect(a.omitted).toEqual(b.omitted);
  });

  it('leaves a report under the cap as it is', () => {
    const { findings, omitted } = correlate(many(10), registry());
    expect(findings).toHaveLength(10);
    expect(omitted).toBeUndefined();
  });
});
