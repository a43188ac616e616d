/**
 * One sample per near-miss class (samples/near-miss/<class>: a log and a registry source), each
 * through the built CLI: the finding names the seen kind, the registered kind and the edit.
 */

import { describe, expect, it } from 'vitest';
import { runJson } from './helpers.js';

const dir = (name: string) => `samples/near-miss/${name}`;

function rootOf(report: any) {
  const root = report.findings[0];
  const gc = report.findings.find((f: any) => f.id === 'gc-rest-mapping');
  expect(gc, 'the GC finding is reported').toBeDefined();
  expect(gc.causedBy).toContain(root.key);
  return root;
}

describe('near-miss classes', () => {
  it('reports a plural resource name used as a kind (widgets → Widget)', async () => {
    const root = rootOf((await runJson([dir('resource-as-kind')])).report);
    expect(root.id).toBe('kind-is-resource-name');
    expect(root.diagnosis).toContain('widgets');
    expect(root.diagnosis).toContain('plural resource name of Widget');
    expect(root.fixes[0]).toBe('Edit: widgets → Widget.');
  });

  it('reports a kind in the wrong (misspelt) group', async () => {
    const root = rootOf((await runJson([dir('other-group')])).report);
    expect(root.id).toBe('kind-in-other-group');
    expect(root.diagnosis).toContain('Widget in example.io');
    expect(root.diagnosis).toContain('served by example.com');
    expect(root.fixes[0]).toBe('Edit: apiVersion: example.io/v1 → example.com/v1.');
  });

  it('reports a version the CRD defines but does not serve', async () => {
    const { report } = await runJson([dir('version-not-served')]);
    const root = rootOf(report);
    expect(root.id).toBe('kind-version-not-served');
    expect(root.diagnosis).toContain('example.com/v1beta1 Widget');
    expect(root.diagnosis).toContain('served: false');
    expect(root.fixes[0]).toBe('Edit: apiVersion: example.com/v1beta1 → example.com/v1.');
    expect(report.kinds[0].problems[0]).toMatch(/version v1beta1 is defined but served: false/);
  });

  it('reports an API version removed from Kubernetes, naming the release, with built-ins only', async () => {
    const root = rootOf((await runJson([dir('removed-version')])).report);
    expect(root.id).toBe('kind-version-removed');
    expect(root.diagnosis).toContain('autoscaling/v2beta2 HorizontalPodAutoscaler');
    expect(root.diagnosis).toContain('1.26');
    expect(root.fixes[0]).toBe('Edit: apiVersion: autoscaling/v2beta2 → autoscaling/v2.');
  });

  it('reports a CRD that exists but is not Established', async () => {
    const root = rootOf((await runJson([dir('not-established')])).report);
    expect(root.id).toBe('crd-not-established');
    expect(root.diagnosis).toContain('widgets.example.com');
    expect(root.fixes.join('\n')).toContain('kubectl wait --for=condition=Established crd/widgets.example.com');
  });

  it('reports a close misspelling of a registered kind', async () => {
    const root = rootOf((await runJson([dir('misspelling')])).report);
    expect(root.id).toBe('kind-misspelt');
    expect(root.diagnosis).toContain('Widgt');
    expect(root.diagnosis).toContain('Widget');
    expect(root.fixes[0]).toBe('Edit: Widgt → Widget.');
  });

  it('finds the seed case from kubectl api-resources output', async () => {
    const d = dir('case-mismatch-api-resources');
    const { report } = await runJson([`${d}/kube-controller-manager.log`, '--api-resources', `${d}/api-resources.txt`]);
    const root = rootOf(report);
    expect(root.id).toBe('kind-case-mismatch');
    expect(root.fixes[0]).toBe('Edit: PodAutoScaler → PodAutoscaler.');
    expect(root.kinds[1]).toEqual({ group: 'autoscaling.aibrix.ai', version: 'v1alpha1', kind: 'PodAutoscaler', resource: 'podautoscalers' });
  });

  it('says nothing about kinds when the registry cannot speak for their group', async () => {
    const { report } = await runJson([`${dir('misspelling')}/kube-controller-manager.log`]);
    expect(report.findings.map((f: any) => f.id)).toEqual(['gc-rest-mapping']);
    expect(report.kinds[0].problems).toEqual([]);
  });
});
