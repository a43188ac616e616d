/**
 * Near misses with no CRDs given, through the built CLI: one sample per class from the bundled
 * catalog (samples/catalog/<class>) and from kinds the logs name in another spelling
 * (samples/seen-in-log/<class>, the seed case among them); the CRD-sourced samples are in
 * near-miss.test.ts (samples/near-miss/<class>).
 */

import { describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';

function rootOf(report: any) {
  const root = report.findings[0];
  expect(root.origin).toBe('registry');
  const gc = report.findings.find((f: any) => f.id === 'gc-rest-mapping');
  expect(gc, 'the GC finding is reported').toBeDefined();
  expect(gc.causedBy).toContain(root.key);
  return root;
}

const CATALOG: [string, string, string, string][] = [
  ['case-mismatch', 'kind-case-mismatch', 'Servicemonitor → ServiceMonitor', 'Prometheus operator'],
  ['resource-as-kind', 'kind-is-resource-name', 'ScaledObjects → ScaledObject', 'KEDA'],
  ['old-group', 'kind-in-other-group', 'apiVersion: certmanager.k8s.io/v1alpha1 → cert-manager.io/v1', 'cert-manager'],
  ['group-segment-missing', 'kind-in-other-group', 'apiVersion: gateway.networking.io/v1 → gateway.networking.k8s.io/v1', 'Gateway API'],
  ['version-not-served', 'kind-version-not-served', 'apiVersion: cert-manager.io/v1alpha2 → cert-manager.io/v1', 'cert-manager'],
  ['misspelling', 'kind-misspelt', 'NodePoool → NodePool', 'Karpenter'],
];

describe('near misses from the bundled catalog (no CRDs given)', () => {
  for (const [dir, rule, edit, project] of CATALOG) {
    it(`${dir}: ${rule}, ${edit}`, async () => {
      const { report } = await runJson([`samples/catalog/${dir}`]);
      const root = rootOf(report);
      expect(root.id).toBe(rule);
      expect(root.severity).toBe('warning');
      expect(root.fixes[0]).toBe(`Edit: ${edit}.`);
      expect(root.diagnosis).toContain(`the well-known CRD of ${project} registers`);
      expect(root.diagnosis).toContain('check your installed version');
      expect(root.registeredFrom.source).toBe('catalog');
      expect(root.registeredFrom.detail).toMatch(new RegExp(`^${project}: \\S+@[0-9a-f]{12}:\\S+$`));
      expect(root.fixes.at(-1)).toMatch(/^Check your installed version of .+: kubectl get crd [a-z0-9.-]+ -o jsonpath='\{\.spec\.versions\[\*\]\.name\}'$/);
      expect(report.kinds[0].problems[0]).toContain('check your installed version');
    });
  }

  it('names a group the project used before', async () => {
    const { report } = await runJson(['samples/catalog/old-group']);
    expect(report.findings[0].diagnosis).toContain('(certmanager.k8s.io is the group earlier releases of cert-manager used)');
  });

  it('says in the text report where the registered kind came from', async () => {
    const r = await runInProcess(['samples/catalog/case-mismatch']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/WARNING +kind-case-mismatch/);
    expect(r.stdout).toMatch(/registered bundled catalog of well-known kinds: Prometheus operator: prometheus-operator\/prometheus-operator@[0-9a-f]{12}:/);
  });

  it('leaves the catalog out once the cluster speaks for the group (a CRD given)', async () => {
    const { report } = await runJson(['samples/catalog/case-mismatch', '--crds', 'samples/near-miss/other-group/widgets-crd.yaml']);
    // example.com's CRD says nothing of monitoring.coreos.com: the catalog still speaks there.
    expect(report.findings[0].registeredFrom.source).toBe('catalog');
    const seg = await runJson(['samples/near-miss/other-group-segment']);
    expect(seg.report.findings[0].registeredFrom).toEqual({ source: 'cluster', detail: 'samples/near-miss/other-group-segment/gizmos-crd.yaml' });
    expect(seg.report.findings[0].severity).toBe('error');
  });
});

const SEEN: [string, string, string][] = [
  ['seed-case', 'kind-case-mismatch', 'PodAutoScaler → PodAutoscaler'],
  ['resource-as-kind', 'kind-is-resource-name', 'PodAutoscalers → PodAutoscaler'],
  ['other-group', 'kind-in-other-group', 'apiVersion: autoscaling.aibrix.io/v1alpha1 → autoscaling.aibrix.ai/v1alpha1'],
  ['misspelling', 'kind-misspelt', 'PodAutoscalr → PodAutoscaler'],
];

describe('near misses from kinds the logs name in another spelling (no CRDs, no catalog entry)', () => {
  for (const [dir, rule, edit] of SEEN) {
    it(`${dir}: ${rule}, ${edit}`, async () => {
      const { report } = await runJson([`samples/seen-in-log/${dir}`]);
      const root = rootOf(report);
      expect(root.id).toBe(rule);
      expect(root.severity).toBe('warning');
      expect(root.fixes[0]).toBe(`Edit: ${edit}.`);
      expect(root.diagnosis).toContain('the logs themselves name the kind PodAutoscaler in autoscaling.aibrix.ai');
      expect(root.registeredFrom).toEqual({ source: 'log', detail: `cr-reconciler-error (samples/seen-in-log/${dir}/aibrix-controller-manager.log:1)` });
      expect(root.fixes.at(-1)).toBe('Confirm what autoscaling.aibrix.ai registers: kubectl api-resources --api-group=autoscaling.aibrix.ai -o wide');
    });
  }

  it('the seed case is two lines: the bare GC line and the operator line', async () => {
    const { report } = await runJson(['samples/seen-in-log/seed-case']);
    expect(report.stats.lines).toBe(2);
    const gc = report.findings.find((f: any) => f.id === 'gc-rest-mapping');
    expect(gc.causedBy).toEqual(['kind-case-mismatch:autoscaling.aibrix.ai/v1alpha1/PodAutoScaler']);
    // The near miss explains the GC errors, not the operator's own update conflict.
    const conflict = report.findings.find((f: any) => f.family === 'optimistic-lock-conflict');
    expect(conflict.causedBy).toEqual([]);
  });

  it('the GC line alone still gives no near miss (nothing to compare with)', async () => {
    const { report } = await runJson(['samples/seen-in-log/seed-case/kube-controller-manager.log']);
    expect(report.findings.map((f: any) => f.id)).toEqual(['gc-rest-mapping']);
  });
});

describe('explain catalog', () => {
  it('describes what the catalog holds, its sources and how to refresh it', async () => {
    const r = await runInProcess(['explain', 'catalog']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Every built-in kind of Kubernetes 1\.16 to 1\.\d+/);
    expect(r.stdout).toMatch(/cert-manager +cert-manager\/cert-manager@[0-9a-f]{12}/);
    expect(r.stdout).toContain('npm run catalog');
    const j = JSON.parse((await runInProcess(['explain', 'catalog', '-o', 'json'])).stdout);
    expect(j.projects.length).toBeGreaterThanOrEqual(30);
    expect(j.kubernetes.releases[0].release).toBe('1.16');
  });
});
