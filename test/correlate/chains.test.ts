/** Chain rules link causes to effects only when their tie holds, and never close a cycle. */

import { describe, expect, it } from 'vitest';
import { correlate } from '../../src/correlate/correlate.js';
import { KindRegistry } from '../../src/correlate/registry.js';
import type { Finding, KindRef } from '../../src/model/finding.js';
import { familyFinding } from './helpers.js';

function finding(family: string, key: string, kinds: KindRef[] = [], severity: Finding['severity'] = 'error', count = 1): Finding {
  return familyFinding(family, key, kinds, { severity, count });
}

const pods: KindRef = { group: '', version: null, kind: null, resource: 'pods' };
const podType: KindRef = { group: null, version: 'v1', kind: 'Pod', resource: null };
const secrets: KindRef = { group: '', version: null, kind: null, resource: 'secrets' };

function linksOf(findings: Finding[], sameLine: [string, string][] = []) {
  const map = new Map<string, Set<string>>();
  for (const [a, b] of sameLine) {
    map.set(a, new Set([...(map.get(a) ?? []), b]));
    map.set(b, new Set([...(map.get(b) ?? []), a]));
  }
  const { findings: out } = correlate(findings, KindRegistry.withBuiltins(), map);
  return Object.fromEntries(out.map((f) => [f.key, f.causes]));
}

describe('chain rules', () => {
  it('metrics API unavailable → HPA cannot compute replicas (both present)', () => {
    const links = linksOf([finding('apiservice-unavailable', 'api'), finding('hpa-metrics-unavailable', 'hpa')]);
    expect(links['api']).toEqual(['hpa']);
    expect(links['hpa']).toEqual([]);
  });

  it('RBAC forbidden → list/watch failure on the same resource, → cache never syncs', () => {
    const links = linksOf([
      finding('rbac-forbidden', 'rbac', [pods]),
      finding('informer-list-watch', 'list', [podType]),
      finding('cr-cache-sync-timeout', 'sync', [podType]),
    ]);
    expect(links['rbac']).toEqual(['list']);
    expect(links['list']).toEqual(['sync']);
  });

  it('RBAC forbidden on another resource does not explain a pod list failure', () => {
    const links = linksOf([finding('rbac-forbidden', 'rbac', [secrets]), finding('informer-list-watch', 'list', [podType])]);
    expect(links['rbac']).toEqual([]);
  });

  it('a webhook failure explains the reconcile error it was seen in, not others', () => {
    const links = linksOf(
      [finding('webhook-call-failed', 'hook'), finding('cr-reconciler-error', 'rec-a'), finding('cr-reconciler-error', 'rec-b')],
      [['hook', 'rec-a']],
    );
    expect(links['hook']).toEqual(['rec-a']);
  });

  it('reads same-line partners held as one key alone (as the aggregator holds them), a list or a set alike', () => {
    const findings = () => [finding('webhook-call-failed', 'hook'), finding('cr-reconciler-error', 'rec-a'), finding('cr-reconciler-error', 'rec-b')];
    for (const partners of ['rec-a', ['rec-a'], new Set(['rec-a'])]) {
      const { findings: out } = correlate(findings(), KindRegistry.withBuiltins(), new Map([['hook', partners]]));
      expect(Object.fromEntries(out.map((f) => [f.key, f.causes]))).toEqual({ hook: ['rec-a'], 'rec-a': [], 'rec-b': [] });
    }
  });

  it('never links a finding to one of its own family, nor closes a cycle', () => {
    const links = linksOf([finding('tls-x509', 'tls'), finding('webhook-call-failed', 'hook')], [['tls', 'hook']]);
    expect(links['tls']).toEqual(['hook']);
    expect(links['hook']).toEqual([]);
  });

  it('puts a warning-level root cause first, followed by the error it causes', () => {
    const { findings } = correlate(
      [finding('hpa-metrics-unavailable', 'hpa', [], 'error', 50), finding('apiservice-unavailable', 'api', [], 'warning', 2), finding('leader-election', 'le', [], 'error', 10)],
      KindRegistry.withBuiltins(),
    );
    expect(findings.map((f) => f.key)).toEqual(['api', 'hpa', 'le']);
  });
});

describe('the rule of each link', () => {
  it('is the rule that made it, one per link even when a cause has links by several rules', () => {
    const sameLine = new Map<string, Set<string>>([
      ['dns', new Set(['list', 'lease', 'rec'])],
      ['list', new Set(['dns'])],
      ['lease', new Set(['dns'])],
      ['rec', new Set(['dns'])],
    ]);
    const { links } = correlate(
      [
        finding('dns-lookup', 'dns'),
        finding('informer-list-watch', 'list', [podType]),
        finding('leader-election', 'lease'),
        finding('cr-reconciler-error', 'rec'),
        finding('rbac-forbidden', 'rbac', [pods]),
        finding('cr-cache-sync-timeout', 'sync', [podType]),
        finding('apiservice-unavailable', 'api'),
        finding('hpa-metrics-unavailable', 'hpa'),
      ],
      KindRegistry.withBuiltins(),
      sameLine,
    );
    const rules = Object.fromEntries(links.map((l) => [`${l.cause} → ${l.effect}`, l.rule]));
    expect(rules).toEqual({
      'api → hpa': 'metrics-api-breaks-hpa',
      'dns → lease': 'dns-breaks-connection',
      'dns → list': 'dns-breaks-connection',
      'dns → rec': 'inner-error-explains-reconcile-error',
      'rbac → list': 'rbac-breaks-list-watch',
      'list → sync': 'list-watch-breaks-cache-sync',
    });
  });
});
