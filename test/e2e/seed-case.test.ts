/** The case that started the project, end to end through the built CLI. */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runInProcess, runJson } from './helpers.js';

const LOG = 'samples/seed-case/kube-controller-manager.log';
const CRD = 'samples/seed-case/podautoscaler-crd.yaml';

describe('seed case: PodAutoScaler owner references vs the PodAutoscaler CRD', () => {
  it('reports PodAutoScaler vs PodAutoscaler as a case-only mismatch, as the root cause of the GC errors', async () => {
    const { code, report } = await runJson([LOG, '--crds', CRD]);
    expect(code).toBe(0);
    const root = report.findings[0];
    expect(root.id).toBe('kind-case-mismatch');
    expect(root.diagnosis).toContain('PodAutoScaler');
    expect(root.diagnosis).toContain('registers it as PodAutoscaler');
    expect(root.diagnosis).toMatch(/garbage collector cannot resolve owners/);
    expect(root.diagnosis).toMatch(/HorizontalPodAutoscalers/);
    expect(root.fixes.join('\n')).toContain('Use exactly PodAutoscaler');
    expect(root.fixes.join('\n')).toContain('kubectl get hpa -A');

    const gc = report.findings.find((f: any) => f.id === 'gc-rest-mapping');
    expect(gc.count).toBe(20);
    expect(gc.kinds).toEqual([{ group: 'autoscaling.aibrix.ai', version: 'v1alpha1', kind: 'PodAutoScaler', resource: null }]);
    expect(gc.causedBy).toEqual([root.key]);
    expect(root.causes).toEqual([gc.key]);
    expect(gc.objects.map((o: any) => `${o.namespace}/${o.name}`)).toEqual(['default/llama-7b-pa', 'inference/mistral-7b-pa']);

    const kind = report.kinds.find((k: any) => k.kind === 'PodAutoScaler');
    expect(kind.problems[0]).toMatch(/differs from PodAutoScaler only in letter case/);
  });

  it('finds the CRD when log and CRD are given as one directory (npm start)', async () => {
    const { stdout, code } = await runInProcess(['samples/seed-case']);
    expect(code).toBe(0);
    expect(stdout).toContain('kind-case-mismatch');
    expect(stdout).toContain('registers it as PodAutoscaler');
    expect(stdout).toContain('[root cause]');
  });

  it('without any CRD still says no REST mapping exists, how to check, and names letter case as a cause', async () => {
    const { report } = await runJson([LOG]);
    expect(report.findings.map((f: any) => f.id)).toEqual(['gc-rest-mapping']);
    const gc = report.findings[0];
    expect(gc.diagnosis).toContain('cannot map autoscaling.aibrix.ai/v1alpha1/PodAutoScaler');
    expect(gc.fixes.join('\n')).toContain('kubectl api-resources --api-group=autoscaling.aibrix.ai');
    expect(gc.fixes.join('\n')).toContain('kubectl get crd');
    expect(gc.likelyCauses[0]).toMatch(/letter case/);
    expect(gc.firstSeen).toMatch(/^\d{4}-06-12T10:00:20\.717Z$/);
  });

  it('reads standard input when no path is given', async () => {
    const { report } = await runJson([], { input: readFileSync(LOG) });
    expect(report.stats.sources).toBe(1);
    expect(report.findings[0].id).toBe('gc-rest-mapping');
    expect(report.findings[0].evidence[0].source).toBe('-');
  });

  it('renders markdown for a ticket', async () => {
    const { stdout } = await runInProcess([LOG, '--crds', CRD, '-o', 'markdown']);
    expect(stdout).toContain('## kube-log-doctor diagnosis');
    expect(stdout).toContain('### ERROR: Kind differs from the registered kind only in letter case');
    expect(stdout).toContain('— root cause');
  });
});
